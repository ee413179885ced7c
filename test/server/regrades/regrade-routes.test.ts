/**
 * The regrade pages and who may use them (instructors of the course only), the three ways to
 * choose submissions, submissions still waiting for their first grading, cancelling, and a regrade
 * picked up again after the service stopped in the middle of it.
 */
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeldGrader } from '../../support/held-grader.js';
import { correctSolution, EXERCISE_SLUG, starterSource } from '../../support/solutions.js';
import { buildTestApp, createTestDir, createUser, type TestApp } from '../../support/test-app.js';
import { createCourse } from '../../support/accounts.js';
import { copyExercise, courseWithStaff, enroll, InProcessGrader, signedIn, storedGradedSubmission, type CourseWithStaff } from './regrade-fixtures.js';

const OLD_HASH = 'a'.repeat(64);

let exercises: Awaited<ReturnType<typeof copyExercise>>;
let testApp: TestApp;
let course: CourseWithStaff;

beforeEach(async () => {
  exercises = await copyExercise();
  testApp = await buildTestApp({ env: { NETGRADE_EXERCISES_DIR: exercises.exercisesDir }, grader: new InProcessGrader(exercises.exercisesDir) });
  course = await courseWithStaff(testApp.app);
});

afterEach(async () => {
  await testApp.close();
  await exercises.remove();
});

async function startRegrade(fields: Record<string, string | string[]>) {
  const instructor = await signedIn(testApp.app, course.instructor);
  const _csrf = await instructor.csrfToken(`/courses/${course.slug}/regrades`);
  const body = new URLSearchParams({ _csrf, exercise: EXERCISE_SLUG });
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
  const response = await testApp.app.inject({
    method: 'POST',
    url: `/courses/${course.slug}/regrades`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: instructor.cookieHeader },
    payload: body.toString(),
  });
  return { response, regradeId: response.headers.location?.split('/').pop() };
}

describe('GET /courses/:courseSlug/regrades', () => {
  it('shows instructors how many submissions were graded with an older version', async () => {
    const [first, second] = course.students;
    await storedGradedSubmission(testApp.app, first!.id, starterSource(), OLD_HASH);
    const current = (await testApp.app.db.exercise.findUniqueOrThrow({ where: { slug: EXERCISE_SLUG } })).contentHash;
    await storedGradedSubmission(testApp.app, second!.id, starterSource(), current);
    const page = await (await signedIn(testApp.app, course.instructor)).get(`/courses/${course.slug}/regrades`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2 submissions by students');
    expect(page.body).toContain(`data-outdated="${EXERCISE_SLUG}">1<`);
  });

  it('answers 403 to a student and to a TA: regrades are the instructors\u2019 call', async () => {
    for (const user of [course.students[0]!, course.ta]) {
      const response = await (await signedIn(testApp.app, user)).get(`/courses/${course.slug}/regrades`);
      expect(response.statusCode).toBe(403);
    }
  });

  it('answers 404 to an instructor of another course, for the list and for a regrade', async () => {
    await storedGradedSubmission(testApp.app, course.students[0]!.id, starterSource(), OLD_HASH);
    const { regradeId } = await startRegrade({ mode: 'all' });
    await testApp.app.regrades.settled(regradeId!);
    const other = await createCourse(testApp.app);
    const outsider = await createUser(testApp.app);
    await enroll(testApp.app, other.id, outsider.id, 'instructor');
    const browser = await signedIn(testApp.app, outsider);
    expect((await browser.get(`/courses/${course.slug}/regrades`)).statusCode).toBe(404);
    expect((await browser.get(`/courses/${course.slug}/regrades/${regradeId}`)).statusCode).toBe(404);
    expect((await browser.get(`/courses/${course.slug}/regrades/${regradeId}/events`)).statusCode).toBe(404);
  });
});

describe('POST /courses/:courseSlug/regrades', () => {
  it('regrades only the chosen submissions in "selected" mode', async () => {
    const chosen = await storedGradedSubmission(testApp.app, course.students[0]!.id, correctSolution(), OLD_HASH);
    const left = await storedGradedSubmission(testApp.app, course.students[1]!.id, correctSolution(), OLD_HASH);
    const picker = await (await signedIn(testApp.app, course.instructor)).get(`/courses/${course.slug}/regrades/new?exercise=${EXERCISE_SLUG}`);
    expect(picker.body).toContain(`value="${chosen}"`);
    const { response, regradeId } = await startRegrade({ mode: 'selected', submission: [chosen] });
    expect(response.statusCode).toBe(303);
    await testApp.app.regrades.settled(regradeId!);
    const items = await testApp.app.db.regradeItem.findMany({ where: { regradeId: regradeId! } });
    expect(items.map((item) => [item.submissionId, item.status])).toEqual([[chosen, 'done']]);
    expect(await testApp.app.db.grading.count({ where: { submissionId: left } })).toBe(1);
  });

  it('refuses an exercise that is not assigned in the course, and a selection of nothing', async () => {
    expect((await startRegrade({ mode: 'all', exercise: 'dns-message' })).response.statusCode).toBe(422);
    expect((await startRegrade({ mode: 'selected' })).response.statusCode).toBe(422);
  });

  it('skips a submission still waiting for its first grading and counts it as skipped', async () => {
    const graded = await storedGradedSubmission(testApp.app, course.students[0]!.id, correctSolution(), OLD_HASH);
    const exercise = await testApp.app.db.exercise.findUniqueOrThrow({ where: { slug: EXERCISE_SLUG } });
    // Stored as the grading queue leaves it while a worker has it.
    const pending = await testApp.app.db.submission.create({
      data: { userId: course.students[1]!.id, exerciseId: exercise.id, language: 'ts', filename: 'solution.ts', code: correctSolution(), status: 'grading' },
    });
    const { regradeId } = await startRegrade({ mode: 'all' });
    await testApp.app.regrades.settled(regradeId!);
    const items = await testApp.app.db.regradeItem.findMany({ where: { regradeId: regradeId! } });
    expect(Object.fromEntries(items.map((item) => [item.submissionId, item.status]))).toEqual({ [graded]: 'done', [pending.id]: 'skipped' });
    expect(await testApp.app.db.grading.count({ where: { submissionId: pending.id } })).toBe(0);
    expect((await testApp.app.db.submission.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe('grading');
    const page = await (await signedIn(testApp.app, course.instructor)).get(`/courses/${course.slug}/regrades/${regradeId}`);
    expect(page.body).toContain('2 of 2 (0 failed, 1 skipped)');
  });
});

describe('GET /courses/:courseSlug/regrades/:regradeId/events', () => {
  it('sends the progress as a server-sent event and ends the stream once the regrade has ended', async () => {
    await storedGradedSubmission(testApp.app, course.students[0]!.id, correctSolution(), OLD_HASH);
    const { regradeId } = await startRegrade({ mode: 'all' });
    await testApp.app.regrades.settled(regradeId!);
    const instructor = await signedIn(testApp.app, course.instructor);
    const response = await instructor.get(`/courses/${course.slug}/regrades/${regradeId}/events`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    const events = [...response.body.matchAll(/event: progress\ndata: (.+)\n/g)].map((match) => JSON.parse(match[1]!));
    expect(events).toEqual([expect.objectContaining({ status: 'finished', total: 1, done: 1, finished: 1, ended: true })]);
  });

  it('answers 403 to a TA', async () => {
    await storedGradedSubmission(testApp.app, course.students[0]!.id, correctSolution(), OLD_HASH);
    const { regradeId } = await startRegrade({ mode: 'all' });
    await testApp.app.regrades.settled(regradeId!);
    expect((await (await signedIn(testApp.app, course.ta)).get(`/courses/${course.slug}/regrades/${regradeId}/events`)).statusCode).toBe(403);
  });
});

describe('a regrade interrupted by a stop of the service', () => {
  it('keeps its unfinished items queued and finishes them on the next start', async () => {
    const dir = await createTestDir();
    const held = new HeldGrader(exercises.exercisesDir);
    const first = await buildTestApp({ dir, env: { NETGRADE_EXERCISES_DIR: exercises.exercisesDir, NETGRADE_GRADING_WORKERS: '1' }, grader: held });
    const stopped = await courseWithStaff(first.app, EXERCISE_SLUG, 3);
    for (const student of stopped.students) await storedGradedSubmission(first.app, student.id, correctSolution(), OLD_HASH);
    const instructor = await signedIn(first.app, stopped.instructor);
    const _csrf = await instructor.csrfToken(`/courses/${stopped.slug}/regrades`);
    const started = await instructor.postForm(`/courses/${stopped.slug}/regrades`, { _csrf, exercise: EXERCISE_SLUG, mode: 'outdated' });
    const regradeId = started.headers.location!.split('/').pop()!;
    // One worker: the first item is in the grader when the service stops.
    await held.waitForJobs(1);
    const running = await instructor.get(`/courses/${stopped.slug}/regrades/${regradeId}`);
    expect(running.body).toContain(`data-regrade-events-url="/courses/${stopped.slug}/regrades/${regradeId}/events"`);
    expect(running.body).toMatch(/<progress[^>]*max="3" value="0"/);
    await first.close();

    const second = await buildTestApp({ dir, env: { NETGRADE_EXERCISES_DIR: exercises.exercisesDir }, grader: new InProcessGrader(exercises.exercisesDir) });
    try {
      await second.app.regrades.settled(regradeId);
      const regrade = await second.app.db.regrade.findUniqueOrThrow({ where: { id: regradeId }, include: { items: true } });
      // The item the stopped grader dropped was not marked failed: it was graded after the restart.
      expect(regrade.status).toBe('finished');
      expect(regrade.items.map((item) => item.status)).toEqual(['done', 'done', 'done']);
      expect(await second.app.db.grading.count({ where: { regradeId } })).toBe(3);
    } finally {
      await second.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('POST /courses/:courseSlug/regrades/:regradeId/cancel', () => {
  it('lets the item being graded finish and cancels the rest', async () => {
    const held = new HeldGrader(exercises.exercisesDir);
    const app = await buildTestApp({ env: { NETGRADE_EXERCISES_DIR: exercises.exercisesDir, NETGRADE_GRADING_WORKERS: '1' }, grader: held });
    try {
      const cancelling = await courseWithStaff(app.app, EXERCISE_SLUG, 3);
      for (const student of cancelling.students) await storedGradedSubmission(app.app, student.id, correctSolution(), OLD_HASH);
      const instructor = await signedIn(app.app, cancelling.instructor);
      const started = await instructor.postForm(`/courses/${cancelling.slug}/regrades`, {
        _csrf: await instructor.csrfToken(`/courses/${cancelling.slug}/regrades`),
        exercise: EXERCISE_SLUG,
        mode: 'all',
      });
      const regradeId = started.headers.location!.split('/').pop()!;
      await held.waitForJobs(1);
      const page = `/courses/${cancelling.slug}/regrades/${regradeId}`;
      const cancel = await instructor.postForm(`${page}/cancel`, { _csrf: await instructor.csrfToken(page) });
      expect(cancel.statusCode).toBe(303);
      await held.releaseAll();
      await app.app.regrades.settled(regradeId);

      const regrade = await app.app.db.regrade.findUniqueOrThrow({ where: { id: regradeId }, include: { items: true } });
      expect(regrade.status).toBe('cancelled');
      expect(regrade.items.map((item) => item.status).sort()).toEqual(['cancelled', 'cancelled', 'done']);
      expect(await app.app.db.grading.count({ where: { regradeId } })).toBe(1);
      const summary = await instructor.get(page);
      expect(summary.body).toContain('2 not regraded (cancelled)');
    } finally {
      await app.close();
    }
  });
});
