/**
 * A throwaway `redis-server` for tests: a free loopback port, a temporary folder, nothing saved
 * to disk. CI installs Debian's redis-server; without it the distributed tests are skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REDIS_SERVER_BINARY = '/usr/bin/redis-server';

export const redisServerInstalled = (): boolean => existsSync(REDIS_SERVER_BINARY);

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 10_000;

export async function startRedisServer(): Promise<TestRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'netgrade-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(REDIS_SERVER_BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start in time:\n${output}`)), STARTUP_TIMEOUT_MS);
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
      child.stdout!.on('data', () => {
        if (/Ready to accept connections/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}

/** A port nothing listens on right now: the kernel picks it, then it is released for redis-server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
