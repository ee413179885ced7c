/**
 * An instructor regrades a course's submissions in a real browser (Debian's Chromium driven by
 * playwright-core) against the service listening on a port: starts the regrade, watches the
 * progress bar move as each submission is graded (server-sent events, no reload), reads the
 * summary, and opens the audit trail. Screenshots go to test-artifacts/browser/regrade-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { HeldGrader } from '../support/held-grader.js';
import { correctSolution, EXERCISE_SLUG } from '../support/solutions.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { copyExercise, courseWithStaff, storedGradedSubmission, type CourseWithStaff } from '../server/regrades/regrade-fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts', 'browser');
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const STUDENTS = 3;
const OLD_HASH = 'b'.repeat(64);

let exercises: Awaited<ReturnType<typeof copyExercise>>;
let held: HeldGrader;
let testApp: TestApp;
let baseUrl: string;
let course: CourseWithStaff;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  exercises = await copyExercise();
  held = new HeldGrader(exercises.exercisesDir);
  testApp = await buildTestApp({ env: { NETGRADE_EXERCISES_DIR: exercises.exercisesDir, NETGRADE_GRADING_WORKERS: '1' }, grader: held });
  baseUrl = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  course = await courseWithStaff(testApp.app, EXERCISE_SLUG, STUDENTS);
  // Graded with an earlier version of the exercise, at 10 of 200 points.
  for (const student of course.students) await storedGradedSubmission(testApp.app, student.id, correctSolution(), OLD_HASH);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
  await exercises?.remove();
});

const snapshot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `regrade-${name}.png`), fullPage: true });
const progressValue = () => page.locator('progress').evaluate((element) => (element as unknown as { value: number }).value);

describe('an instructor regrading in the browser', () => {
  it('signs in and sees how many submissions were graded with an older version', async () => {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(course.instructor.email);
    await page.getByLabel('Password').fill(course.instructor.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto(`${baseUrl}/courses/${course.slug}/regrades`);
    await expect(page.locator(`[data-outdated="${EXERCISE_SLUG}"]`).textContent()).resolves.toBe(String(STUDENTS));
    await snapshot('1-start-form');
  });

  it('starts a regrade and watches the progress bar reach the end', async () => {
    await page.getByLabel('All of them').check();
    await page.getByRole('button', { name: /^Regrade / }).click();
    await page.waitForURL(/\/regrades\/[^/]+$/);
    await expect(progressValue()).resolves.toBe(0);
    await snapshot('2-progress-start');

    // One worker: the submissions are graded one at a time, each released by the test.
    for (let graded = 1; graded <= STUDENTS; graded += 1) {
      await held.waitForJobs(1);
      await held.releaseAll();
      if (graded < STUDENTS) {
        await expect.poll(progressValue, { timeout: 20_000 }).toBe(graded);
        if (graded === 1) await snapshot('3-progress-moving');
      }
    }
    // At the end the script reloads the page, which the server renders with the summary.
    await page.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 20_000 });
    await expect(progressValue()).resolves.toBe(STUDENTS);
    await expect(page.locator('[data-changes="up"]').textContent()).resolves.toBe(String(STUDENTS));
    await snapshot('4-summary');
  });

  it('opens the audit trail and finds one regrade event per changed score', async () => {
    await page.getByRole('link', { name: 'audit trail' }).last().click();
    await page.waitForURL(/\/audit/);
    await expect(page.locator('tr[data-audit-kind="regrade"]').count()).resolves.toBe(STUDENTS);
    await expect(page.locator('tr[data-audit-kind="regrade"]').first().textContent()).resolves.toContain('score 10 / 200, version bbbbbbb →');
    await snapshot('5-audit-trail');
  });
});
