/**
 * An instructor's round in a real browser (Debian's Chromium driven by playwright-core) against the
 * service listening on a port: open the gradebook, sort it, open a student, set a manual score with
 * a reason, and open the exercise's analytics with its SVG charts. Screenshots go to
 * test-artifacts/browser/.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { seedGradebook, type GradebookSeed } from '../support/gradebook-seed.js';
import { HeldGrader } from '../support/held-grader.js';
import { EXERCISES_DIR } from '../support/solutions.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts', 'browser');
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let testApp: TestApp;
let seed: GradebookSeed;
let baseUrl: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  testApp = await buildTestApp({ grader: new HeldGrader(EXERCISES_DIR) });
  seed = await seedGradebook(testApp.app);
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(testApp.app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

const snapshot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const rowNames = () => page.locator('table.gradebook tbody th[scope="row"] a').allTextContents();

describe('an instructor in the browser', () => {
  it('signs in, opens the gradebook and sorts it by total', async () => {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(seed.instructor.email);
    await page.getByLabel('Password').fill(seed.instructor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto(`${baseUrl}/courses/${seed.courseSlug}/gradebook`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Gradebook');
    await snapshot('gradebook-1-table');
    await page.getByRole('link', { name: /^Total/ }).click();
    await page.waitForURL(/sort=total&order=asc/);
    await page.getByRole('link', { name: /^Total/ }).click();
    await page.waitForURL(/sort=total&order=desc/);
    await expect(rowNames()).resolves.toEqual(['Ada Lovelace', 'Bob Kahn', '=Cleo', 'Dan <b>Bold</b>']);
    await snapshot('gradebook-2-sorted-by-total');
  });

  it('opens a student and sets a manual score with a reason', async () => {
    await page.getByRole('link', { name: 'Dan <b>Bold</b>' }).click();
    await page.waitForURL(/\/students\//);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dan <b>Bold</b>');
    await page.getByLabel(/^Score for/).fill('6');
    await page.getByLabel('Reason', { exact: true }).fill('Submitted by email during the outage');
    await page.getByRole('button', { name: 'Set manual score' }).click();
    await page.getByRole('button', { name: 'Remove manual score' }).waitFor();
    await expect(page.locator('table.student-assignments').textContent()).resolves.toContain('Manual score (Submitted by email during the outage)');
    await expect(page.locator('ol.timeline').textContent()).resolves.toContain('Manual score 6 set on');
    await snapshot('gradebook-3-student-override');
    const override = await testApp.app.db.gradeOverride.findFirstOrThrow({ where: { userId: seed.students[3].id } });
    expect(override.score).toBe(6);
  });

  it('opens the analytics and sees the SVG charts', async () => {
    await page.goto(`${baseUrl}/courses/${seed.courseSlug}/gradebook`);
    await page.getByRole('link', { name: /^Analytics:/ }).click();
    await page.waitForURL(/\/analytics\/http-request-parser$/);
    await expect(page.locator('svg[role="img"]').count()).resolves.toBe(4);
    await expect(page.getByRole('img', { name: /Counted scores on/ }).count()).resolves.toBe(1);
    await expect(page.locator('#tests-table tbody tr').count()).resolves.toBe(seed.full.result.tests.length);
    await snapshot('gradebook-4-analytics');
  });
});
