/**
 * End-to-end grading speed: a real server process on its own database, students as concurrent
 * HTTP clients of the API, each submitting the correct http-request-parser solution and waiting
 * for its result before the next one (as `netgrade submit` does). Prints graded submissions per
 * second, submit-to-result latency (p50, p95, p99) and the resident memory of each grading worker
 * process, for 10 and 50 clients:
 * - embedded: the server grades with its own pool of 2 worker processes (NETGRADE_GRADING_WORKERS);
 * - redis: the server hands jobs to one `netgrade worker --concurrency 2` through Redis (REDIS_URL,
 *   or a private redis-server started for the run when one is installed); skipped otherwise.
 *
 *   node --no-node-snapshot --import tsx bench/e2e.ts [--quick]
 *
 * `npm run bench` runs it after the harness figures (bench/run.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runClients } from './e2e-clients.js';
import { cpuTicks, gradingWorkerPids, prepareStudents, residentMiB, startServerProcess } from './e2e-server.js';
import { latencySummary, type LatencySummary } from './latency.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const EXERCISE = 'http-request-parser';
const CLIENT_COUNTS = [10, 50];
const GRADING_WORKERS = 2;
/** Submissions graded, untimed, before each row's figures are taken. */
const WARM_UP_SUBMISSIONS = 60;
/** What the service is asked to reach on a 2-core machine at 50 clients. */
const TARGET = { gradedPerSecond: 150, p99Ms: 250 };

interface Row {
  mode: string;
  clients: number;
  summary: LatencySummary;
  failed: number;
  workerRssMiB: number[];
  serverRssMiB: number;
  /** CPU seconds used during the measured run: where the time goes. */
  serverCpuSeconds: number;
  workersCpuSeconds: number;
}

interface Mode {
  name: string;
  env: Record<string, string>;
  /** Starts what grades outside the server, if anything; returns the process whose grading workers to watch. */
  startGraders?: () => Promise<ChildProcess>;
}

export async function runEndToEnd({ quick }: { quick: boolean }): Promise<void> {
  const submissionsPerRow = quick ? 100 : 600;
  const code = readFileSync(path.join(root, 'test/fixtures', EXERCISE, 'pass/independent-solution/submission.ts'), 'utf8');
  const rows: Row[] = [];
  const notes: string[] = [];

  const modes: Mode[] = [{ name: `embedded (${GRADING_WORKERS} workers)`, env: { NETGRADE_GRADING_WORKERS: String(GRADING_WORKERS) } }];
  const redis = await redisForRun();
  if (redis.url) {
    modes.push({
      name: `redis + netgrade worker (${GRADING_WORKERS} processes)`,
      env: { REDIS_URL: redis.url },
      startGraders: async () =>
        spawn(process.execPath, [path.join(root, 'bin/netgrade.js'), 'worker', '--redis', redis.url!, '--concurrency', String(GRADING_WORKERS)], { cwd: root, stdio: 'ignore' }),
    });
  } else {
    notes.push(`redis row skipped: ${redis.reason}`);
  }

  try {
    for (const mode of modes) {
      for (const clients of CLIENT_COUNTS) {
        rows.push(await measureRow(mode, clients, Math.ceil(submissionsPerRow / clients), code));
      }
    }
  } finally {
    await redis.stop();
  }
  printRows(rows, notes);
}

async function measureRow(mode: Mode, clients: number, perClient: number, code: string): Promise<Row> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'netgrade-e2e-'));
  const tokens = await prepareStudents(dir, clients);
  const graders = await mode.startGraders?.();
  const server = await startServerProcess(dir, mode.env);
  const watched = graders?.pid ?? server.pid;
  const workerRss = new Map<number, number>();
  let serverRss = 0;
  const sample = () => {
    for (const pid of gradingWorkerPids(watched)) workerRss.set(pid, Math.max(workerRss.get(pid) ?? 0, residentMiB(pid) ?? 0));
    serverRss = Math.max(serverRss, residentMiB(server.pid) ?? 0);
  };
  const sampler = setInterval(sample, 250);
  try {
    const options = { baseUrl: server.baseUrl, tokens, exerciseSlug: EXERCISE, code, awaitResults: true };
    // Warm-up, untimed: workers have loaded the exercise and the JIT has seen the path, as in a
    // service that has been up for a while.
    await runClients({ ...options, submissionsPerClient: Math.ceil(WARM_UP_SUBMISSIONS / clients) });
    const cpuBefore = cpuSeconds(server.pid, watched);
    const run = await runClients({ ...options, submissionsPerClient: perClient });
    const cpuAfter = cpuSeconds(server.pid, watched);
    if (run.unexpected.length > 0 || run.connectionErrors > 0) {
      throw new Error(`${mode.name}, ${clients} clients: ${run.connectionErrors} connection errors; ${run.unexpected.slice(0, 3).join('; ')}`);
    }
    sample();
    return {
      mode: mode.name,
      clients,
      summary: latencySummary(run.latenciesMs, run.wallMs),
      failed: run.finalStatuses.failed ?? 0,
      workerRssMiB: [...workerRss.values()],
      serverRssMiB: serverRss,
      serverCpuSeconds: cpuAfter.server - cpuBefore.server,
      workersCpuSeconds: cpuAfter.workers - cpuBefore.workers,
    };
  } finally {
    clearInterval(sampler);
    await server.stop();
    if (graders && graders.exitCode === null) {
      graders.kill('SIGTERM');
      await new Promise((resolve) => graders.once('exit', resolve));
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

function cpuSeconds(serverPid: number, gradersPid: number): { server: number; workers: number } {
  const workers = gradingWorkerPids(gradersPid).reduce((sum, pid) => sum + (cpuTicks(pid) ?? 0), 0);
  return { server: (cpuTicks(serverPid) ?? 0) / TICKS_PER_SECOND, workers: workers / TICKS_PER_SECOND };
}

interface RedisForRun {
  url?: string;
  reason?: string;
  stop(): Promise<void>;
}

/** REDIS_URL when set; otherwise a private redis-server on a free port, when one is installed. */
async function redisForRun(): Promise<RedisForRun> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => undefined };
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    return { reason: 'no REDIS_URL and no redis-server installed', stop: async () => undefined };
  }
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const stop = async () => {
    if (redis.exitCode !== null) return;
    redis.kill('SIGTERM');
    await new Promise((resolve) => redis.once('exit', resolve));
  };
  // redis-server is ready within milliseconds; give it a moment rather than a protocol probe.
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (redis.exitCode !== null) return { reason: 'the private redis-server did not start', stop };
  return { url: `redis://127.0.0.1:${port}`, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function printRows(rows: Row[], notes: string[]): void {
  console.log(`\nEnd to end through the HTTP API (${EXERCISE}, correct solution, each client waits for its result; ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)})`);
  const header = ['mode', 'clients', 'graded', 'graded/s', 'p50 ms', 'p95 ms', 'p99 ms', 'failed', 'RSS per grading worker MiB', 'server RSS MiB', 'CPU s server / workers'];
  const lines = [header];
  for (const row of rows) {
    lines.push([
      row.mode,
      String(row.clients),
      String(row.summary.count),
      row.summary.perSecond.toFixed(1),
      row.summary.p50Ms.toFixed(1),
      row.summary.p95Ms.toFixed(1),
      row.summary.p99Ms.toFixed(1),
      String(row.failed),
      row.workerRssMiB.map((mib) => mib.toFixed(0)).join(', ') || '?',
      row.serverRssMiB.toFixed(0),
      `${row.serverCpuSeconds.toFixed(1)} / ${row.workersCpuSeconds.toFixed(1)}`,
    ]);
  }
  const widths = header.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  for (const line of lines) console.log(line.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  console.log(`target at 50 clients: ≥${TARGET.gradedPerSecond} graded/s, p99 < ${TARGET.p99Ms} ms`);
  for (const note of notes) console.log(note);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runEndToEnd({ quick: process.argv.includes('--quick') });
}
