/**
 * A real netgrade server process for end-to-end measurements and fault tests: a database prepared
 * with students and API tokens before the server starts, then `server/main.ts` started the way
 * `npm start` does, on a free loopback port. It also finds the server's grading worker processes,
 * so a fault test can kill one and a benchmark can read their memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createApiToken } from '../server/api-tokens.js';
import { PROJECT_ROOT } from '../server/config.js';
import { createPrismaClient } from '../server/db/client.js';
import { applyMigrations } from '../server/db/migrate.js';

export const SERVER_START_TIMEOUT_MS = 60_000;

export interface ServerProcess {
  pid: number;
  baseUrl: string;
  /** Resolves when the process has exited, however it stopped. */
  exited: Promise<void>;
  /** Everything the process wrote to stderr, for failure messages. */
  stderr(): string;
  /** SIGTERM, as a supervisor stops it: requests in flight finish, gradings are recorded or requeued. */
  stop(): Promise<void>;
  /** SIGKILL: the process stops at once, mid-write if it was writing. */
  kill(): Promise<void>;
}

export function databaseFileIn(dir: string): string {
  return path.join(dir, 'netgrade.db');
}

/**
 * Creates the database in `dir` with `students` student accounts and returns one API token each.
 * Tokens are checked with SHA-256, so they cost nothing on the submit path (passwords would cost argon2).
 */
export async function prepareStudents(dir: string, students: number): Promise<string[]> {
  const databaseFile = databaseFileIn(dir);
  await applyMigrations(databaseFile, path.join(PROJECT_ROOT, 'prisma', 'migrations'));
  const db = createPrismaClient(databaseFile);
  try {
    const tokens: string[] = [];
    for (let i = 0; i < students; i += 1) {
      // No one signs in with a password here: the hash is a placeholder no password matches.
      const user = await db.user.create({ data: { email: `load-student-${i}@example.test`, name: `Load student ${i}`, role: 'student', passwordHash: 'none' } });
      tokens.push((await createApiToken(db, user.id, 'load')).token);
    }
    return tokens;
  } finally {
    await db.$disconnect();
  }
}

/** Starts the server on the database in `dir` (prepared, or left by an earlier process). */
export async function startServerProcess(dir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${databaseFileIn(dir)}`,
      LOG_LEVEL: 'warn',
      SESSION_SECRET: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const signal = async (name: NodeJS.Signals) => {
    if (running()) child.kill(name);
    await exited;
  };
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start in time.\nstderr:\n${stderr}`)), SERVER_START_TIMEOUT_MS);
      child.once('exit', (code) => reject(new Error(`the server exited with ${code}.\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const url = /netgrade listening on (http:\/\/\S+)/.exec(stdout)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      });
    });
    return { pid: child.pid!, baseUrl, exited, stderr: () => stderr, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
  } catch (error) {
    await signal('SIGKILL');
    throw error;
  }
}

/**
 * The grading worker processes under `ancestorPid` (Linux /proc), by process id: the server's own
 * pool, or the pool of a `netgrade worker`, which may sit one launcher process further down.
 */
export function gradingWorkerPids(ancestorPid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent's pid; the name in field 2 may hold spaces, so
      // the fields are read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while the list was read.
    }
  }
  const descends = (pid: number): boolean => {
    for (let parent = parentOf.get(pid); parent !== undefined && parent > 1; parent = parentOf.get(parent)) {
      if (parent === ancestorPid) return true;
    }
    return false;
  };
  return [...parentOf.keys()].filter((pid) => descends(pid) && commandLine(pid).includes('worker-main'));
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** CPU time (user + system, in clock ticks) a process has used, or undefined once it is gone. */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Resident memory of a process in MiB (VmRSS), or undefined once it is gone. */
export function residentMiB(pid: number): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
