/**
 * The processes of a distributed netgrade for tests: the web service (`server/main.ts`) with
 * REDIS_URL on a database that survives its restarts, and `netgrade worker` processes started
 * through `bin/netgrade.js` exactly as an operator would, each in its own process group so a test
 * can take a whole machine's worth of processes down at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.js';

const STARTUP_TIMEOUT_MS = 40_000;

export interface ServiceProcess {
  baseUrl: string;
  /** SIGTERM, as an operator stops it; resolves when the process has exited. */
  stop(): Promise<void>;
}

/** Starts the service on `dataDir/netgrade.db` (created and seeded on the first start). */
export async function startService(dataDir: string, redisUrl: string): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${path.join(dataDir, 'netgrade.db')}`,
      REDIS_URL: redisUrl,
      LOG_LEVEL: 'warn',
      SESSION_SECRET: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const baseUrl = await waitForOutput(child, output, /netgrade listening on (http:\/\/\S+)/).then((match) => match[1]!);
  return { baseUrl, stop: () => stopProcess(child, 'SIGTERM', false) };
}

export interface WorkerProcess {
  /** Every log line the worker wrote so far, parsed. */
  logs(): WorkerLogLine[];
  /** Resolves with the first log line that matches, waiting for it to be written. */
  waitForLog(matches: (line: WorkerLogLine) => boolean, timeoutMs?: number): Promise<WorkerLogLine>;
  /** SIGKILL to the worker and its grading processes at once, like a machine losing power. */
  kill(): Promise<void>;
  /** SIGINT, as Ctrl+C in its terminal; the worker finishes its jobs and exits. */
  stop(): Promise<void>;
}

export interface WorkerLogLine {
  msg: string;
  jobId?: string;
  score?: number;
  maxScore?: number;
  [field: string]: unknown;
}

export async function startWorker(redisUrl: string, args: string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['bin/netgrade.js', 'worker', '--redis', redisUrl, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = collectOutput(child);
  const logs = () =>
    output.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as WorkerLogLine);
  const worker: WorkerProcess = {
    logs,
    waitForLog: (matches, timeoutMs = STARTUP_TIMEOUT_MS) =>
      waitFor(child, output, () => logs().find(matches), timeoutMs, 'a worker log line'),
    kill: () => stopProcess(child, 'SIGKILL', true),
    stop: () => stopProcess(child, 'SIGINT', true),
  };
  await worker.waitForLog((line) => line.msg === 'worker ready');
  return worker;
}

interface Output {
  stdout: string;
  stderr: string;
}

function collectOutput(child: ChildProcess): Output {
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  return output;
}

function waitForOutput(child: ChildProcess, output: Output, pattern: RegExp): Promise<RegExpExecArray> {
  return waitFor(child, output, () => pattern.exec(output.stdout) ?? undefined, STARTUP_TIMEOUT_MS, String(pattern));
}

/** Polls `found` until it answers, the process exits, or the time runs out. */
function waitFor<T>(child: ChildProcess, output: Output, found: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const check = () => {
      const value = found();
      if (value !== undefined) return resolve(value);
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        const why = child.exitCode !== null || child.signalCode !== null ? 'the process exited' : `${timeoutMs} ms passed`;
        return reject(new Error(`waited for ${what} but ${why}.\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`));
      }
      setTimeout(check, 50);
    };
    check();
  });
}

const GROUP_EXIT_TIMEOUT_MS = 15_000;

/**
 * Signals the process (or its whole group) and waits until it is gone. For a group, that means
 * every member: `bin/netgrade.js` ends at once on SIGINT while the worker it started is still
 * finishing its jobs, and a test must not leave that worker behind.
 */
async function stopProcess(child: ChildProcess, signal: NodeJS.Signals, wholeGroup: boolean): Promise<void> {
  if (!wholeGroup) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    return;
  }
  const group = -child.pid!;
  if (!signalGroup(group, signal)) return;
  const deadline = Date.now() + GROUP_EXIT_TIMEOUT_MS;
  while (signalGroup(group, 0)) {
    if (Date.now() > deadline) {
      signalGroup(group, 'SIGKILL');
      throw new Error(`process group ${-group} did not exit within ${GROUP_EXIT_TIMEOUT_MS} ms of ${signal}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** False once no process of the group is left. */
function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(group, signal);
    return true;
  } catch {
    return false;
  }
}
