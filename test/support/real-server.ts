/**
 * Starts `server/main.ts` as a real process on a fresh database and a free port, the way
 * `npm start` does, and reads the URL and the demo accounts it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.js';
import { DEMO_STUDENT_EMAIL } from '../../server/demo.js';

export const SERVER_STARTUP_TIMEOUT_MS = 30_000;

export interface RealServer {
  process: ChildProcess;
  baseUrl: string;
  studentPassword: string;
  /** The demo course's enrollment code, as printed at first start. */
  enrollmentCode: string;
  /** Everything the process printed on stdout so far. */
  stdout(): string;
  stop(): Promise<void>;
}

export async function startRealServer(): Promise<RealServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'netgrade-main-'));
  const server: ChildProcess = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${path.join(dir, 'netgrade.db')}`, LOG_LEVEL: 'warn', SESSION_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const { baseUrl, studentPassword, enrollmentCode } = await new Promise<{ baseUrl: string; studentPassword: string; enrollmentCode: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start in time.\nstdout:\n${stdout}\nstderr:\n${stderr}`)), SERVER_STARTUP_TIMEOUT_MS);
      server.once('exit', (code) => reject(new Error(`the server exited with ${code}.\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
      server.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const url = /netgrade listening on (http:\/\/\S+)/.exec(stdout)?.[1];
        const password = new RegExp(`${DEMO_STUDENT_EMAIL.replaceAll('.', '\\.')} +password: (\\S+)`).exec(stdout)?.[1];
        const code = /enrollment code (\S+?)\)/.exec(stdout)?.[1];
        if (url && password && code) {
          clearTimeout(timer);
          resolve({ baseUrl: url, studentPassword: password, enrollmentCode: code });
        }
      });
    });
    return { process: server, baseUrl, studentPassword, enrollmentCode, stdout: () => stdout, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
