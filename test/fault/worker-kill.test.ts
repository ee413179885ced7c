/**
 * `kill -9` of the grading worker processes while one runs a submission: the pool notices, runs the
 * job again on a replacement (a kill from outside is not the submission's fault), records its
 * grading once, and grades the next submission normally.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFileIn, gradingWorkerPids, isRunning, prepareStudents, startServerProcess, type ServerProcess } from '../../bench/e2e-server.js';
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

describe('kill -9 of a grading worker mid-grading', () => {
  it('runs the submission again on a new worker, records it once, and keeps grading', async () => {
    const original = gradingWorkerPids(server.pid);
    expect(original).toHaveLength(2);
    const id = await submit(ENDLESS_LOOP);
    for (let attempt = 0; attempt < 100 && (await submission(id)).status !== 'grading'; attempt += 1) await sleep(50);
    expect((await submission(id)).status).toBe('grading');

    // Both workers, so that the one running the submission is surely among them.
    for (const pid of original) process.kill(pid, 'SIGKILL');

    expect(await finished(id)).toMatchObject({ status: 'graded', score: 0 });
    const record = submissionRecords(databaseFileIn(dir)).get(id);
    // Graded by the second run: every test at its time limit, no crash, one grading recorded.
    expect(record).toEqual({ status: 'graded', gradings: 1, errorCode: null });

    const next = await submit(correctSolution());
    const graded = await finished(next);
    expect(graded.status).toBe('graded');
    expect(graded.score).toBe(graded.maxScore);
    const now = gradingWorkerPids(server.pid);
    expect(now).toHaveLength(2);
    expect(now.filter((pid) => original.includes(pid))).toEqual([]);
  }, 80_000);
});
