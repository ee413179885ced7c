import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../server/db/client.js';
import { HeldGrader } from '../support/held-grader.js';
import { InjectBrowser } from '../support/inject-browser.js';
import { EXERCISES_DIR, EXERCISE_SLUG, correctSolution } from '../support/solutions.js';
import { buildTestApp, createTestDir, createUser, type TestApp } from '../support/test-app.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function appOn(dir: string, grader?: HeldGrader): Promise<TestApp> {
  const test = await buildTestApp({ dir, ...(grader ? { grader } : {}) });
  let closed = false;
  const close = test.close.bind(test);
  test.close = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  cleanups.push(() => test.close());
  return test;
}

async function tempDir(): Promise<string> {
  const dir = await createTestDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function submit(test: TestApp, code: string): Promise<string> {
  const student = await createUser(test.app);
  const browser = new InjectBrowser(test.app);
  await browser.signIn(student.email, student.password);
  const response = await browser.submit(EXERCISE_SLUG, { code });
  return String(response.headers.location).split('/').pop()!;
}

describe('GradingQueue', () => {
  it('marks a stored submission grading while the grader works on it, then graded', async () => {
    const grader = new HeldGrader(EXERCISES_DIR);
    const test = await appOn(await tempDir(), grader);
    const id = await submit(test, correctSolution());
    await grader.waitForJobs(1);
    const row = await test.app.db.submission.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('grading');
    expect(row.startedAt).toBeInstanceOf(Date);
    expect(grader.heldJobs).toEqual([{ exerciseSlug: EXERCISE_SLUG, language: 'ts', filename: 'solution.ts', code: correctSolution() }]);
    await grader.releaseAll();
    await test.app.grading.waitFor(id, 10_000);
    expect((await test.app.db.submission.findUniqueOrThrow({ where: { id } })).status).toBe('graded');
  });

  it('keeps each grading as a Grading row with the exercise version it used', async () => {
    const grader = new HeldGrader(EXERCISES_DIR);
    const test = await appOn(await tempDir(), grader);
    const id = await submit(test, correctSolution());
    await grader.waitForJobs(1);
    expect(await test.app.db.grading.count({ where: { submissionId: id } })).toBe(0);
    await grader.releaseAll();
    await test.app.grading.waitFor(id, 10_000);
    const submission = await test.app.db.submission.findUniqueOrThrow({ where: { id } });
    const gradings = await test.app.db.grading.findMany({ where: { submissionId: id } });
    expect(gradings).toHaveLength(1);
    expect(gradings[0]).toMatchObject({
      cause: 'submission',
      status: 'graded',
      score: submission.score,
      maxScore: submission.maxScore,
      exerciseHash: submission.exerciseHash,
      resultJson: submission.resultJson,
    });
    expect(submission.exerciseHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('marks a submission failed when the grader cannot produce a verdict', async () => {
    const grader = new HeldGrader(EXERCISES_DIR);
    const test = await appOn(await tempDir(), grader);
    const id = await submit(test, correctSolution());
    await grader.waitForJobs(1);
    grader.failAll('no worker could start');
    await test.app.grading.waitFor(id, 10_000);
    const row = await test.app.db.submission.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('failed');
    expect(row.score).toBeNull();
  });

  it('leaves a submission still being graded at shutdown queued, and grades it on the next start', async () => {
    const dir = await tempDir();
    const grader = new HeldGrader(EXERCISES_DIR);
    const first = await appOn(dir, grader);
    const id = await submit(first, correctSolution());
    await grader.waitForJobs(1);
    const { databaseFile } = first.config;
    await first.close();
    expect(grader.closed).toBe(true);
    const db = createPrismaClient(databaseFile);
    expect(await db.submission.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'queued', startedAt: null });
    await db.$disconnect();

    const second = await appOn(dir);
    await second.app.grading.waitFor(id, 20_000);
    const row = await second.app.db.submission.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('graded');
    expect(row.score).toBe(row.maxScore);
  });

  it('re-enqueues on start a submission a crash left in grading', async () => {
    const dir = await tempDir();
    const first = await appOn(dir, new HeldGrader(EXERCISES_DIR));
    const id = await submit(first, correctSolution());
    const { databaseFile } = first.config;
    await first.close();
    // What a process killed mid-grading leaves behind: the row says grading, and nobody grades it.
    const db = createPrismaClient(databaseFile);
    await db.submission.update({ where: { id }, data: { status: 'grading', startedAt: new Date() } });
    await db.$disconnect();

    const restarted = await appOn(dir);
    await restarted.app.grading.waitFor(id, 20_000);
    expect((await restarted.app.db.submission.findUniqueOrThrow({ where: { id } })).status).toBe('graded');
  });
});
