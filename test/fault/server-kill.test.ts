/**
 * `kill -9` of the server in the middle of a burst, then a restart on the same database: every
 * submission the server acknowledged (202) before it died is graded exactly once after the
 * restart, and the SQLite file survives the abrupt stop intact (WAL).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClients } from '../../bench/e2e-clients.js';
import { databaseFileIn, gradingWorkerPids, isRunning, prepareStudents, startServerProcess, type ServerProcess } from '../../bench/e2e-server.js';
import { EXERCISE_SLUG, correctSolution } from '../support/solutions.js';
import { integrityCheck, submissionRecords, waitUntilDrained } from './database-checks.js';

const CLIENTS = 100;
const PER_CLIENT = 6;
/** The server is killed once this many submissions are acknowledged: mid-burst, grading under way. */
const KILL_AFTER = 150;

let dir: string;
let tokens: string[];
const servers: ServerProcess[] = [];
const workers: number[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'netgrade-fault-'));
  tokens = await prepareStudents(dir, CLIENTS);
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  // Workers end when their server's IPC channel closes; any that has not is ended here, by its id.
  for (const pid of workers.filter(isRunning)) process.kill(pid, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

async function waitForExit(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isRunning) && Date.now() < deadline) await sleep(100);
  return pids.filter(isRunning);
}

describe('kill -9 of the server mid-burst, then a restart on the same database', () => {
  it('grades every acknowledged submission exactly once', async () => {
    const file = databaseFileIn(dir);
    const first = await startServerProcess(dir, { NETGRADE_GRADING_WORKERS: '2' });
    servers.push(first);
    workers.push(...gradingWorkerPids(first.pid));
    let acknowledged = 0;
    let killing: Promise<void> | undefined;
    const run = await runClients({
      baseUrl: first.baseUrl,
      tokens,
      submissionsPerClient: PER_CLIENT,
      exerciseSlug: EXERCISE_SLUG,
      code: correctSolution(),
      awaitResults: false,
      onAcknowledged: () => {
        acknowledged += 1;
        if (acknowledged === KILL_AFTER) killing = first.kill();
      },
    });
    await killing;
    expect(run.unexpected).toEqual([]);
    expect(run.acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    // The burst was cut short: the clients lost their connection.
    expect(run.acknowledged.length).toBeLessThan(CLIENTS * PER_CLIENT);
    expect(run.connectionErrors).toBeGreaterThan(0);
    expect(await waitForExit(workers, 10_000)).toEqual([]);

    expect(integrityCheck(file)).toBe('ok');
    const beforeRestart = submissionRecords(file);
    // Nothing acknowledged was lost, even if it was not graded yet.
    expect(run.acknowledged.filter((id) => !beforeRestart.has(id))).toEqual([]);

    const second = await startServerProcess(dir, { NETGRADE_GRADING_WORKERS: '2' });
    servers.push(second);
    workers.push(...gradingWorkerPids(second.pid));
    await waitUntilDrained(file, 60_000);
    const records = submissionRecords(file);
    const notGradedOnce = run.acknowledged.filter((id) => records.get(id)?.status !== 'graded' || records.get(id)?.gradings !== 1);
    expect(notGradedOnce).toEqual([]);
    // Stored but unacknowledged ones (the answer was lost with the process) are graded once too.
    expect([...records.values()].filter((record) => record.status !== 'graded' || record.gradings !== 1)).toEqual([]);
    await second.stop();
    expect(integrityCheck(file)).toBe('ok');
  }, 88_000);
});
