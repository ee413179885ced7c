/**
 * A student's course home in a real browser (Chromium driven by playwright-core) against the real
 * server process and its demo course, where every exercise is assigned: sign in and land on the
 * course home, see the assignment with its due date and status, submit from the exercise page,
 * read how the submission counts, and find the counted score back on the course home. Screenshots
 * go to test-artifacts/browser/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { DEMO_COURSE, DEMO_STUDENT_EMAIL } from '../../server/demo.js';
import { SERVER_STARTUP_TIMEOUT_MS, startRealServer, type RealServer } from '../support/real-server.js';
import { correctSolution, EXERCISE_SLUG } from '../support/solutions.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts', 'browser');
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const EXERCISE_TITLE = /Parse an HTTP\/1\.1 request message/;

let server: RealServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startRealServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
}, SERVER_STARTUP_TIMEOUT_MS + 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const snapshot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const assignmentItem = () => page.locator(`li.assignment[data-exercise="${EXERCISE_SLUG}"]`);

describe('a student on the course home', () => {
  it('signs in and lands on the course home, with the assignment, its due date and status', async () => {
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(DEMO_STUDENT_EMAIL);
    await page.getByLabel('Password').fill(server.studentPassword);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(new RegExp(`/courses/${DEMO_COURSE.slug}$`));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(DEMO_COURSE.title);
    const item = assignmentItem();
    await expect(item.getByRole('link', { name: EXERCISE_TITLE }).count()).resolves.toBe(1);
    await expect(item.locator('time.due-at').textContent()).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\)$/);
    await expect(item.locator('.time-left').textContent()).resolves.toMatch(/^due in \d+ days?/);
    await expect(item.locator('.badge').textContent()).resolves.toBe('not started');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).count()).resolves.toBe(1);
    await snapshot('course-home-1-before');
  });

  it('opens the exercise from the course home, sees its due date, submits, and reads how it counts', async () => {
    await assignmentItem().getByRole('link', { name: EXERCISE_TITLE }).click();
    await page.getByRole('heading', { name: 'Your assignment' }).waitFor();
    await expect(page.locator('section.assignments').textContent()).resolves.toContain('with 10% off for each started day late');
    await page.getByRole('textbox', { name: /code/i }).fill(correctSolution());
    await page.getByRole('button', { name: /submit/i }).click();
    await page.waitForURL(/\/submissions\//);
    await expect(page.locator('.score').textContent()).resolves.toContain('100%');
    const counts = page.locator('section.how-it-counts');
    await expect(counts.textContent()).resolves.toContain('This is the submission that counts: 100 / 100 points.');
    await snapshot('course-home-2-how-it-counts');
  });

  it('comes back to the course home and sees the counted score', async () => {
    await page.locator('section.how-it-counts').getByRole('link', { name: DEMO_COURSE.title }).click();
    await page.waitForURL(new RegExp(`/courses/${DEMO_COURSE.slug}$`));
    const item = assignmentItem();
    await expect(item.locator('.assignment-score strong').textContent()).resolves.toBe('100 / 100');
    await expect(item.locator('.badge').textContent()).resolves.toBe('passed');
    await snapshot('course-home-3-after');
  });
});
