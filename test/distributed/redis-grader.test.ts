/**
 * The service's side of distributed grading against a real redis-server, with an in-process
 * BullMQ worker standing in for `netgrade worker` (the processes are tested in
 * distributed-grading.test.ts).
 */
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GradeJob } from '../../harness/pool/protocol.js';
import { RESULT_SCHEMA_VERSION, type GradingResult } from '../../harness/result-schema.js';
import { GRADING_QUEUE_NAME, redisConnection } from '../../server/distributed/grading-jobs.js';
import { RedisGrader } from '../../server/distributed/redis-grader.js';
import { buildTestApp } from '../support/test-app.js';
import { redisServerInstalled, REDIS_SERVER_BINARY, startRedisServer, type TestRedis } from './redis-server.js';

const job: GradeJob = { exerciseSlug: 'http-request-parser', language: 'ts', filename: 'submission.ts', code: 'export {}' };

function resultFor(graded: GradeJob, score: number): GradingResult {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    exercise: { slug: graded.exerciseSlug, contentHash: 'sha256:test' },
    gradable: true,
    score,
    maxScore: 10,
    tests: [],
    durationMs: 1,
  };
}

const installed = redisServerInstalled();
if (!installed) console.warn(`Skipping the Redis grader tests: ${REDIS_SERVER_BINARY} is not installed (CI installs Debian's redis-server).`);

describe.skipIf(!installed)('RedisGrader', () => {
  let redis: TestRedis;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    // Each test starts from an empty Redis.
    const queue = new Queue(GRADING_QUEUE_NAME, { connection: redisConnection(redis.url) });
    await queue.obliterate({ force: true });
    await queue.close();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  function startGrader(): RedisGrader {
    const grader = new RedisGrader(redis.url);
    closers.push(() => grader.close());
    return grader;
  }

  function startWorker(grade: (graded: GradeJob) => Promise<GradingResult>): Worker {
    const worker = new Worker<GradeJob, GradingResult>(GRADING_QUEUE_NAME, (bullJob) => grade(bullJob.data), { connection: redisConnection(redis.url) });
    closers.push(() => worker.close());
    return worker;
  }

  it("resolves with the worker's result", async () => {
    const grader = startGrader();
    startWorker(async (graded) => resultFor(graded, 7));
    await expect(grader.grade(job, { key: 'submission:one' })).resolves.toMatchObject({ score: 7, maxScore: 10 });
  });

  it('grades a grading asked for twice once, and answers both with that result', async () => {
    const grader = startGrader();
    let calls = 0;
    startWorker(async (graded) => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return resultFor(graded, calls);
    });
    const [first, second] = await Promise.all([grader.grade(job, { key: 'submission:twice' }), grader.grade(job, { key: 'submission:twice' })]);
    const third = await grader.grade(job, { key: 'submission:twice' });
    expect(calls).toBe(1);
    expect([first.score, second.score, third.score]).toEqual([1, 1, 1]);
  });

  it('grades a regrade of the same submission as a grading of its own', async () => {
    const grader = startGrader();
    let calls = 0;
    startWorker(async (graded) => resultFor(graded, (calls += 1)));
    await grader.grade(job, { key: 'submission:abc' });
    await grader.grade(job, { key: 'regrade-item:xyz' });
    expect(calls).toBe(2);
  });

  it("rejects with the worker's reason when the job fails", async () => {
    const grader = startGrader();
    startWorker(async () => {
      throw new UnrecoverableError('this worker has no exercise "http-request-parser"');
    });
    await expect(grader.grade(job, { key: 'submission:fails' })).rejects.toThrow('this worker has no exercise "http-request-parser"');
  });

  it('rejects the gradings it is waiting for when it closes, leaving their jobs in Redis', async () => {
    const grader = new RedisGrader(redis.url);
    await grader.ready();
    const waiting = grader.grade(job, { key: 'submission:left' });
    await expect.poll(() => grader.depth()).toBe(1);
    const rejected = expect(waiting).rejects.toThrow(/closed/);
    await grader.close();
    await rejected;

    const next = startGrader();
    expect(await next.depth()).toBe(1);
    startWorker(async (graded) => resultFor(graded, 3));
    await expect(next.grade(job, { key: 'submission:left' })).resolves.toMatchObject({ score: 3 });
  });

  it("reports the jobs in Redis as the service's queue depth", async () => {
    const test = await buildTestApp({ env: { REDIS_URL: redis.url } });
    closers.push(() => test.close());
    // A job no stored submission stands for: only a depth read from Redis counts it.
    const queue = new Queue(GRADING_QUEUE_NAME, { connection: redisConnection(redis.url) });
    closers.push(() => queue.close());
    await queue.add('grade', job);
    expect(await test.app.db.submission.count()).toBe(0);
    const response = await test.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(response.body).toMatch(/^netgrade_queue_depth 1$/m);
  });
});
