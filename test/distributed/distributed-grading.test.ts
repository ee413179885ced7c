/**
 * Grading across processes: the service with REDIS_URL, a real redis-server, and `netgrade worker`
 * processes. Submissions go in through the service's HTTP API and the database is read directly,
 * where each grading leaves one Grading row.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradingPool } from '../../harness/pool/grading-pool.js';
import { createApiToken } from '../../server/api-tokens.js';
import { createPrismaClient } from '../../server/db/client.js';
import type { PrismaClient } from '../../server/db/generated/client.js';
import { DEMO_STUDENT_EMAIL } from '../../server/demo.js';
import { correctSolution, EXERCISE_SLUG, EXERCISES_DIR, wrongAnswerSolution } from '../support/solutions.js';
import { startService, startWorker, type ServiceProcess, type WorkerProcess } from './netgrade-processes.js';
import { redisServerInstalled, REDIS_SERVER_BINARY, startRedisServer, type TestRedis } from './redis-server.js';

/** Workers in these tests give a dead worker's job to another after this long without a lock renewal. */
const STALLED_AFTER_MS = 1000;
const WORKER_ARGS = ['--concurrency', '1', '--stalled-after-ms', String(STALLED_AFTER_MS)];

/**
 * The correct solution made slow: its first calls each spin for a few milliseconds, so a grading
 * lasts about a second, long enough to stop a worker or the service in the middle of it. (The
 * sandbox's clock does not serve a busy wait, so the spin counts instead.) On a loaded machine one
 * of those calls may run into its test's time limit, so its exact score is not asserted.
 */
function slowCorrectSolution(): string {
  const source = correctSolution().replace('export function parseRequest(', 'function parseRequestAtOnce(');
  return `${source}
let slowCallsLeft = 200;
export function parseRequest(message: string): ParseResult {
  if (slowCallsLeft > 0) {
    slowCallsLeft -= 1;
    let sum = 0;
    for (let i = 0; i < 1_000_000; i += 1) sum = (sum + i) % 7919;
    if (sum < 0) throw new Error('unreachable');
  }
  return parseRequestAtOnce(message);
}
`;
}

interface SubmissionState {
  id: string;
  status: string;
  score: number | null;
  maxScore: number | null;
}

const installed = redisServerInstalled();
if (!installed) console.warn(`Skipping the distributed grading tests: ${REDIS_SERVER_BINARY} is not installed (CI installs Debian's redis-server).`);

describe.skipIf(!installed)('grading through Redis with netgrade worker processes', () => {
  let redis: TestRedis;
  let dataDir: string;
  let service: ServiceProcess;
  let db: PrismaClient;
  let token: string;
  const workers: WorkerProcess[] = [];
  const expected = new Map<string, { score: number; maxScore: number }>();

  beforeAll(async () => {
    redis = await startRedisServer();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'netgrade-distributed-'));
    const oracle = new GradingPool({ exercisesDir: EXERCISES_DIR, workers: 1 });
    const [started] = await Promise.all([
      startService(dataDir, redis.url),
      Promise.all([startWorker(redis.url, WORKER_ARGS), startWorker(redis.url, WORKER_ARGS)]).then((pair) => workers.push(...pair)),
      // What the same code scores when graded right here: the workers must agree.
      ...[correctSolution(), wrongAnswerSolution()].map(async (code) => {
        const result = await oracle.grade({ exerciseSlug: EXERCISE_SLUG, language: 'ts', filename: 'submission.ts', code });
        expected.set(code, { score: result.score, maxScore: result.maxScore });
      }),
    ]);
    await oracle.close();
    service = started;
    db = createPrismaClient(path.join(dataDir, 'netgrade.db'));
    const student = await db.user.findUniqueOrThrow({ where: { email: DEMO_STUDENT_EMAIL } });
    token = (await createApiToken(db, student.id, 'distributed grading test')).token;
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(workers.map((worker) => worker.stop()));
    await service?.stop();
    await db?.$disconnect();
    await redis?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function submit(code: string): Promise<string> {
    const response = await fetch(new URL(`/api/exercises/${EXERCISE_SLUG}/submissions`, service.baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code, filename: 'submission.ts' }),
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { id: string }).id;
  }

  /** Polls the API (which holds each answer up to `waitMs`) until the submission is finished. */
  async function finished(id: string, timeoutMs = 30_000): Promise<SubmissionState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await fetch(new URL(`/api/submissions/${id}?waitMs=2000`, service.baseUrl), { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      const state = (await response.json()) as SubmissionState;
      if (state.status === 'graded' || state.status === 'failed') return state;
      if (Date.now() > deadline) throw new Error(`submission ${id} still ${state.status} after ${timeoutMs} ms`);
    }
  }

  const jobIdOf = (submissionId: string) => `grading-submission-${submissionId}`;
  const gradedBy = (worker: WorkerProcess, submissionId: string) =>
    worker.logs().filter((line) => line.msg === 'graded' && line.jobId === jobIdOf(submissionId)).length;

  /**
   * How many times the running workers report grading the submission. A worker logs after Redis
   * has the result, so the service may record it first: wait for the first report, then count.
   */
  async function timesGraded(submissionId: string): Promise<number> {
    await Promise.any(workers.map((worker) => worker.waitForLog((line) => line.msg === 'graded' && line.jobId === jobIdOf(submissionId), 10_000)));
    return workers.reduce((sum, worker) => sum + gradedBy(worker, submissionId), 0);
  }

  /** A slow submission's grading: finished, with a verdict on every test, whatever the machine's load did to its time. */
  const gradedInFull = () => ({ status: 'graded', maxScore: expected.get(correctSolution())!.maxScore, score: expect.any(Number) });

  it('grades every submission with the score a local grading gives, and both workers take jobs', async () => {
    const slow = slowCorrectSolution();
    const codes = [slow, slow, correctSolution(), wrongAnswerSolution(), correctSolution(), wrongAnswerSolution()];
    const ids = await Promise.all(codes.map((code) => submit(code)));
    const states = await Promise.all(ids.map((id) => finished(id)));

    states.forEach((state, i) => {
      if (codes[i] === slow) return expect(state).toMatchObject(gradedInFull());
      const want = expected.get(codes[i]!)!;
      expect(state).toMatchObject({ status: 'graded', score: want.score, maxScore: want.maxScore });
    });
    for (const id of ids) expect(await timesGraded(id)).toBe(1);
    // Each worker grades one job at a time, and the slow ones keep a worker busy for a while.
    for (const worker of workers) {
      expect(ids.some((id) => gradedBy(worker, id) > 0)).toBe(true);
    }
  });

  it('gives the job of a worker killed mid-grading to the other worker', async () => {
    const id = await submit(slowCorrectSolution());
    const started = await Promise.race(
      workers.map((worker) => worker.waitForLog((line) => line.msg === 'grading started' && line.jobId === jobIdOf(id)).then(() => worker)),
    );
    const survivor = workers.find((worker) => worker !== started)!;
    await started.kill();
    workers.splice(workers.indexOf(started), 1);

    const state = await finished(id);
    expect(state).toMatchObject(gradedInFull());
    expect(await timesGraded(id)).toBe(1);
    expect(gradedBy(survivor, id)).toBe(1);
    expect(gradedBy(started, id)).toBe(0);
    expect(await db.grading.count({ where: { submissionId: id } })).toBe(1);
  });

  it('grades each submission exactly once when the service restarts while its jobs are in Redis', async () => {
    workers.push(await startWorker(redis.url, WORKER_ARGS));
    const codes = [slowCorrectSolution(), slowCorrectSolution(), correctSolution(), wrongAnswerSolution()];
    const ids = await Promise.all(codes.map((code) => submit(code)));
    // Stopped while the workers hold or wait for these jobs; the next start adds the same job ids.
    await service.stop();
    const unfinished = await db.submission.count({ where: { id: { in: ids }, status: { in: ['queued', 'grading'] } } });
    service = await startService(dataDir, redis.url);

    const states = await Promise.all(ids.map((id) => finished(id)));
    expect(unfinished).toBeGreaterThan(0);
    expect(states[0]).toMatchObject(gradedInFull());
    expect(states[1]).toMatchObject(gradedInFull());
    expect(states[2]).toMatchObject({ status: 'graded', ...expected.get(codes[2]!) });
    expect(states[3]).toMatchObject({ status: 'graded', ...expected.get(codes[3]!) });
    for (const id of ids) {
      expect(await db.grading.count({ where: { submissionId: id } })).toBe(1);
      expect(await timesGraded(id)).toBe(1);
    }
  });
});
