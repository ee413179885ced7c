/**
 * GET/POST /exercises/:slug/preview: the reference, the starter and every mutant graded by the
 * grading workers, for instructors and the staff of a course assigning the exercise.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, createUser, type TestApp } from '../../support/test-app.js';
import { EXERCISE_SLUG } from '../../support/solutions.js';
import { copyExercise, courseWithStaff, InProcessGrader, signedIn } from './regrade-fixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function previewApp(grader?: InProcessGrader): Promise<{ testApp: TestApp; exercisesDir: string }> {
  const exercises = await copyExercise();
  cleanups.push(exercises.remove);
  const testApp = await buildTestApp({ env: { NETGRADE_EXERCISES_DIR: exercises.exercisesDir }, ...(grader ? { grader } : {}) });
  cleanups.push(() => testApp.close());
  return { testApp, exercisesDir: exercises.exercisesDir };
}

async function globalInstructor(testApp: TestApp) {
  const user = await createUser(testApp.app);
  await testApp.app.db.user.update({ where: { id: user.id }, data: { role: 'instructor' } });
  return user;
}

const url = `/exercises/${EXERCISE_SLUG}/preview`;

describe('POST /exercises/:slug/preview', () => {
  it('grades the reference, the starter and every mutant in the grading workers, and catches every mutant', async () => {
    const { testApp, exercisesDir } = await previewApp();
    const browser = await signedIn(testApp.app, await globalInstructor(testApp));
    const before = await browser.get(url);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Run the preview');

    const ran = await browser.postForm(url, { _csrf: await browser.csrfToken(url) });
    expect(ran.statusCode).toBe(200);
    const mutants = (await readdir(path.join(exercisesDir, EXERCISE_SLUG, 'mutants'))).filter((file) => /\.(m?ts|m?js)$/.test(file));
    expect(mutants.length).toBeGreaterThan(0);
    expect(ran.body).toContain(`<strong data-caught>${mutants.length} of ${mutants.length}</strong>`);
    expect(ran.body).toMatch(/data-preview-role="reference" data-preview-file="[^"]+" data-as-expected="true"/);
    expect(ran.body).toMatch(/data-preview-role="starter" data-preview-file="[^"]+" data-as-expected="true"/);
    for (const file of mutants) expect(ran.body).toContain(`data-preview-role="mutant" data-preview-file="${file}" data-as-expected="true"`);
    expect(ran.body).not.toContain('data-as-expected="false"');
    // A mutant's bug comment is shown next to it.
    expect(ran.body).toContain('RFC 9112 §2.2');

    // The preview is kept for this version: opening the page again shows it without running anything.
    const again = await browser.get(url);
    expect(again.body).toContain(`<strong data-caught>${mutants.length} of ${mutants.length}</strong>`);
  }, 300_000);

  it('runs each version once: a second POST uses the kept results', async () => {
    const exercises = await copyExercise();
    cleanups.push(exercises.remove);
    const grader = new InProcessGrader(exercises.exercisesDir);
    const testApp = await buildTestApp({ env: { NETGRADE_EXERCISES_DIR: exercises.exercisesDir }, grader });
    cleanups.push(() => testApp.close());
    const browser = await signedIn(testApp.app, await globalInstructor(testApp));
    await browser.postForm(url, { _csrf: await browser.csrfToken(url) });
    const jobs = grader.jobs;
    expect(jobs).toBeGreaterThan(2);
    const second = await browser.postForm(url, { _csrf: await browser.csrfToken(url) });
    expect(second.statusCode).toBe(200);
    expect(grader.jobs).toBe(jobs);
  }, 300_000);
});

describe('who may preview an exercise', () => {
  it('lets in a TA of a course assigning it; refuses students and staff of courses that do not', async () => {
    const exercises = await copyExercise();
    cleanups.push(exercises.remove);
    const testApp = await buildTestApp({ env: { NETGRADE_EXERCISES_DIR: exercises.exercisesDir }, grader: new InProcessGrader(exercises.exercisesDir) });
    cleanups.push(() => testApp.close());
    const course = await courseWithStaff(testApp.app);
    expect((await (await signedIn(testApp.app, course.ta)).get(url)).statusCode).toBe(200);
    expect((await (await signedIn(testApp.app, course.students[0]!)).get(url)).statusCode).toBe(403);
    await testApp.app.db.assignment.delete({ where: { id: course.assignmentId } });
    const ta = await signedIn(testApp.app, course.ta);
    expect((await ta.get(url)).statusCode).toBe(403);
    expect((await ta.postForm(url, { _csrf: await ta.csrfToken('/exercises') })).statusCode).toBe(403);
    expect((await ta.get('/exercises/no-such-exercise/preview')).statusCode).toBe(404);
  });
});
