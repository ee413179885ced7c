/**
 * `kill -9` of the grading worker process that is running a submission: the pool notices, the
 * submission still gets a verdict (SANDBOX_CRASHED, recorded once), and the next one is graded by
 * the worker that replaced it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuTicks, databaseFileIn, gradingWorkerPids, isRunning, prepareStudents, startServerProcess, type ServerProcess } from '../../bench/e2e-server.js';
import { EXERCISE_SLUG, correctSolution } from '../support/solutions.js';
import { submissionRecords } from './database-checks.js';

/** Every test runs into its time limit: the worker stays busy with this submission for seconds. */
const ENDLESS_LOOP = 'export function parseRequest(_bytes: Uint8Array): never {\n  for (;;) {}\n}\n';

let dir: string;
let token: string;
let server: ServerProcess;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'netgrade-fault-'));
  [token] = (await prepareStudents(dir, 1)) as [string];
  server = await startServerProcess(dir, { NETGRADE_GRADING_WORKERS: '2' });
});
afterAll(async () => {
  const workers = server ? gradingWorkerPids(server.pid) : [];
  await server?.stop();
  for (const pid of workers.filter(isRunning)) process.kill(pid, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

const headers = () => ({ authorization: `Bearer ${token}` });

async function submit(code: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api/exercises/${EXERCISE_SLUG}/submissions`, {
    method: 'POST',
    headers: { ...headers(), 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

async function submission(id: string, waitMs = 0): Promise<{ status: string; score: number | null; maxScore: number | null }> {
  const response = await fetch(`${server.baseUrl}/api/submissions/${id}?waitMs=${waitMs}`, { headers: headers() });
  return (await response.json()) as { status: string; score: number | null; maxScore: number | null };
}

async function finished(id: string): Promise<{ status: string; score: number | null; maxScore: number | null }> {
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const state = await submission(id, 10_000);
    if (state.status === 'graded' || state.status === 'failed') return state;
  }
  throw new Error(`submission ${id} is still not graded`);
}

/** The worker that used the most CPU over a short interval: the one running the endless loop. */
async function busiestWorker(pids: number[]): Promise<number> {
  const before = pids.map(cpuTicks);
  await sleep(500);
  const used = pids.map((pid, i) => (cpuTicks(pid) ?? 0) - (before[i] ?? 0));
  return pids[used.indexOf(Math.max(...used))]!;
}

describe('kill -9 of a grading worker mid-grading', () => {
  it('gives the submission a verdict and keeps grading with a new worker', async () => {
    const original = gradingWorkerPids(server.pid);
    expect(original).toHaveLength(2);
    const id = await submit(ENDLESS_LOOP);
    for (let attempt = 0; attempt < 100 && (await submission(id)).status !== 'grading'; attempt += 1) await sleep(50);
    expect((await submission(id)).status).toBe('grading');

    const victim = await busiestWorker(original);
    process.kill(victim, 'SIGKILL');

    expect(await finished(id)).toMatchObject({ status: 'graded', score: 0 });
    const record = submissionRecords(databaseFileIn(dir)).get(id);
    expect(record).toEqual({ status: 'graded', gradings: 1, errorCode: 'SANDBOX_CRASHED' });

    const next = await submit(correctSolution());
    const graded = await finished(next);
    expect(graded.status).toBe('graded');
    expect(graded.score).toBe(graded.maxScore);
    const now = gradingWorkerPids(server.pid);
    expect(now).toHaveLength(2);
    expect(now).not.toContain(victim);
  }, 80_000);
});
