import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GradingQueue, StatusListener } from '../../server/grading-queue.js';
import { SubmissionAdmission, clockTime, formatWait } from '../../server/submission-admission.js';
import { createCourse, createTokenFor } from '../support/accounts.js';
import { HeldGrader } from '../support/held-grader.js';
import { InjectBrowser } from '../support/inject-browser.js';
import { EXERCISES_DIR, EXERCISE_SLUG, correctSolution } from '../support/solutions.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../support/test-app.js';

const QUEUE_LIMIT = 3;
const HOUR_MS = 60 * 60 * 1000;

function submitJson(test: TestApp, token: string, slug = EXERCISE_SLUG) {
  return test.app.inject({
    method: 'POST',
    url: `/api/exercises/${slug}/submissions`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ code: correctSolution(), filename: 'solution.ts' }),
  });
}

describe('a full grading queue', () => {
  let test: TestApp;
  let grader: HeldGrader;
  let student: TestUser;
  let token: string;
  beforeAll(async () => {
    grader = new HeldGrader(EXERCISES_DIR);
    test = await buildTestApp({ grader, env: { NETGRADE_QUEUE_LIMIT: String(QUEUE_LIMIT) } });
    student = await createUser(test.app);
    token = await createTokenFor(test.app, student.id);
    for (let i = 0; i < QUEUE_LIMIT; i += 1) expect((await submitJson(test, token)).statusCode).toBe(202);
    await grader.waitForJobs(QUEUE_LIMIT);
  });
  afterAll(async () => {
    await test.close();
  });
  const stored = () => test.app.db.submission.count();

  it('refuses an API submission with 429 NG_ERR_QUEUE_FULL and a Retry-After, storing nothing', async () => {
    const response = await submitJson(test, token);
    expect(response.statusCode).toBe(429);
    expect(response.json()).toEqual({ code: 'NG_ERR_QUEUE_FULL', message: expect.stringMatching(/not stored.*Submit again in \d+ (second|minute)/) });
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(await stored()).toBe(QUEUE_LIMIT);
  });

  it('shows the refusal on the exercise page with the code as sent, storing nothing', async () => {
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    const response = await browser.submit(EXERCISE_SLUG, { code: 'export const mine = 42;\n' });
    expect(response.statusCode).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(response.body).toContain('id="submission-error"');
    expect(response.body).toContain('too many submissions waiting');
    expect(response.body).toContain('export const mine = 42;');
    expect(await stored()).toBe(QUEUE_LIMIT);
  });

  it('reports the queue depth in /healthz', async () => {
    const response = await test.app.inject('/healthz');
    expect(response.json()).toMatchObject({ status: 'ok', queueDepth: QUEUE_LIMIT });
  });

  it('gives each queued submission its exact place in /api/submissions/:id', async () => {
    const rows = await test.app.db.submission.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } });
    const places = [];
    for (const row of rows) {
      const response = await test.app.inject({ url: `/api/submissions/${row.id}`, headers: { authorization: `Bearer ${token}` } });
      places.push(response.json().ahead);
    }
    expect(places).toEqual([0, 1, 2]);
  });

  it('takes submissions again once the queue has room', async () => {
    await grader.releaseAll();
    for (const row of await test.app.db.submission.findMany({ select: { id: true } })) await test.app.grading.waitFor(row.id, 20_000);
    expect((await submitJson(test, token)).statusCode).toBe(202);
    await grader.waitForJobs(1);
  });
});

describe('the Retry-After of a full queue', () => {
  let test: TestApp;
  let grader: HeldGrader;
  beforeAll(async () => {
    grader = new HeldGrader(EXERCISES_DIR);
    test = await buildTestApp({ grader });
    const student = await createUser(test.app);
    const token = await createTokenFor(test.app, student.id);
    for (let i = 0; i < 4; i += 1) expect((await submitJson(test, token)).statusCode).toBe(202);
  });
  afterAll(async () => {
    await test.close();
  });

  function admissionWithRecentGradings(gradingsInLastMinute: number, queueLimit: number): SubmissionAdmission {
    let now = 1_000_000;
    let listener: StatusListener = () => undefined;
    const queue = { onStatusChange: (added: StatusListener) => ((listener = added), () => undefined), enqueue: () => undefined } as unknown as GradingQueue;
    const admission = new SubmissionAdmission(test.app.db, queue, { queueLimit, now: () => now });
    for (let i = 0; i < gradingsInLastMinute; i += 1) listener(`s${i}`, 'graded');
    now += 30_000;
    return admission;
  }

  it('is the time the recent grading rate needs to bring the queue under its limit', async () => {
    // 30 gradings in the last minute: 0.5 per second; 4 unfinished against a limit of 2 needs 3 more to finish.
    const admission = admissionWithRecentGradings(30, 2);
    expect(admission.gradingsPerSecond()).toBe(0.5);
    const outcome = await admission.submit({ userId: 'nobody', exerciseId: 'none', source: { language: 'ts', filename: 'a.ts', code: 'x' } });
    expect(outcome).toMatchObject({ admitted: false, retryAfterSeconds: 6 });
  });

  it('is a minute when no grading finished recently', async () => {
    const outcome = await admissionWithRecentGradings(0, 1).submit({ userId: 'nobody', exerciseId: 'none', source: { language: 'ts', filename: 'a.ts', code: 'x' } });
    expect(outcome).toMatchObject({ admitted: false, retryAfterSeconds: 60 });
  });
});

describe('the submissions-per-hour limit of an assignment', () => {
  let test: TestApp;
  let grader: HeldGrader;
  let exerciseId: string;
  beforeAll(async () => {
    grader = new HeldGrader(EXERCISES_DIR);
    test = await buildTestApp({ grader });
    exerciseId = test.app.exercises.find(EXERCISE_SLUG)!.rowId;
  });
  afterAll(async () => {
    await test.close();
  });
  afterEach(() => grader.failAll('not graded in this test'));

  async function studentWithLimit(limit: number | null, options: { role?: string; timeZone?: string } = {}) {
    const student = await createUser(test.app);
    const course = await createCourse(test.app);
    if (options.timeZone) await test.app.db.course.update({ where: { id: course.id }, data: { timeZone: options.timeZone } });
    await test.app.db.enrollment.create({ data: { userId: student.id, courseId: course.id, role: options.role ?? 'student' } });
    await test.app.db.assignment.create({ data: { courseId: course.id, exerciseId, dueAt: new Date(Date.now() + 7 * 24 * HOUR_MS), submissionsPerHour: limit } });
    return { student, course, token: await createTokenFor(test.app, student.id) };
  }
  const countOf = (userId: string) => test.app.db.submission.count({ where: { userId } });
  const backdate = async (userId: string, minutesAgo: number) => {
    const oldest = await test.app.db.submission.findFirstOrThrow({ where: { userId }, orderBy: { createdAt: 'asc' } });
    await test.app.db.submission.update({ where: { id: oldest.id }, data: { createdAt: new Date(Date.now() - minutesAgo * 60_000) } });
  };

  it('refuses the API submission over the limit with 429 NG_ERR_SUBMISSION_LIMIT, storing nothing', async () => {
    const { student, token } = await studentWithLimit(2, { timeZone: 'Europe/Madrid' });
    expect((await submitJson(test, token)).statusCode).toBe(202);
    expect((await submitJson(test, token)).statusCode).toBe(202);
    const refused = await submitJson(test, token);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('NG_ERR_SUBMISSION_LIMIT');
    expect(refused.json().message).toMatch(/at most 2 submissions per hour.*submit again at \d\d:\d\d Europe\/Madrid \(in (59|60) minutes\)/);
    // The oldest of the two leaves the window an hour after it was sent.
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3500);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect(await countOf(student.id)).toBe(2);
  });

  it('sets Retry-After to the moment the oldest submission in the window leaves it', async () => {
    const { student, token } = await studentWithLimit(1);
    expect((await submitJson(test, token)).statusCode).toBe(202);
    await backdate(student.id, 59);
    const refused = await submitJson(test, token);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(50);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.json().message).toContain('at most 1 submission per hour');
    await backdate(student.id, 61);
    expect((await submitJson(test, token)).statusCode).toBe(202);
  });

  it('shows the refusal on the exercise page with a 429', async () => {
    const { student } = await studentWithLimit(1);
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    expect((await browser.submit(EXERCISE_SLUG, { code: correctSolution() })).statusCode).toBe(303);
    const refused = await browser.submit(EXERCISE_SLUG, { code: 'export const second = 2;\n' });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3500);
    expect(refused.body).toContain('at most 1 submission per hour');
    expect(refused.body).toContain('export const second = 2;');
    expect(await countOf(student.id)).toBe(1);
  });

  it('applies the strictest limit among the courses the student takes', async () => {
    const { student, token } = await studentWithLimit(5);
    const stricter = await createCourse(test.app);
    await test.app.db.enrollment.create({ data: { userId: student.id, courseId: stricter.id, role: 'student' } });
    await test.app.db.assignment.create({ data: { courseId: stricter.id, exerciseId, dueAt: new Date(), submissionsPerHour: 1 } });
    expect((await submitJson(test, token)).statusCode).toBe(202);
    expect((await submitJson(test, token)).statusCode).toBe(429);
  });

  it('admits exactly the limit when submissions arrive at the same time', async () => {
    const { student, token } = await studentWithLimit(2);
    const responses = await Promise.all(Array.from({ length: 6 }, () => submitJson(test, token)));
    expect(responses.filter((response) => response.statusCode === 202)).toHaveLength(2);
    expect(responses.filter((response) => response.statusCode === 429)).toHaveLength(4);
    expect(await countOf(student.id)).toBe(2);
  });

  it('does not limit an assignment without a limit, course staff, or someone outside the course', async () => {
    const unlimited = await studentWithLimit(null);
    const assistant = await studentWithLimit(1, { role: 'ta' });
    const outsider = await createUser(test.app);
    const outsiderToken = await createTokenFor(test.app, outsider.id);
    for (const token of [unlimited.token, assistant.token, outsiderToken]) {
      expect((await submitJson(test, token)).statusCode).toBe(202);
      expect((await submitJson(test, token)).statusCode).toBe(202);
    }
  });
});

describe('the wording of a wait', () => {
  it('says seconds under a minute and whole minutes, rounded up, beyond', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(61)).toBe('2 minutes');
  });

  it('gives the moment on the course clock, rounded up to the minute', () => {
    const moment = Date.UTC(2026, 0, 15, 13, 4, 10);
    expect(clockTime(moment, 'Europe/Madrid')).toBe('14:05 Europe/Madrid');
    expect(clockTime(moment, 'Not/AZone')).toBe('13:05 UTC');
  });
});
