/**
 * A student's first visit, in a real browser (Debian's Chromium driven by playwright-core) against
 * the real server process: sign up with the course's enrollment code, open the exercise, paste a wrong solution into the form, read
 * what failed, fix it, and see 100%. Each page's screenshot is saved under test-artifacts/browser/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { SERVER_STARTUP_TIMEOUT_MS, startRealServer, type RealServer } from '../support/real-server.js';
import { correctSolution } from '../support/solutions.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts', 'browser');
// Flags for a headless Chromium on a machine without network access beyond loopback.
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

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
const wrongSolution = readFileSync(path.join(PROJECT_ROOT, 'exercises/http-request-parser/mutants/ignores-bytes-after-body.ts'), 'utf8');

describe('a student in the browser', () => {
  it('signs up with the course enrollment code and lands on the exercise list', async () => {
    await page.goto(`${server.baseUrl}/`);
    await expect.poll(() => page.url()).toContain('/sign-in');
    await snapshot('1-sign-in');
    await page.getByRole('link', { name: /sign up|create an account/i }).first().click();
    await page.waitForURL(/\/sign-up/);
    await page.getByLabel('Name').fill('Ada <b>Student</b>');
    await page.getByLabel('Email address').fill('ada@example.test');
    await page.getByLabel('Password', { exact: true }).fill('a long passphrase 42');
    await page.getByLabel('Password again').fill('a long passphrase 42');
    await page.getByLabel('Enrollment code').fill(server.enrollmentCode);
    await snapshot('1b-sign-up');
    await page.getByRole('button', { name: /create account/i }).click();
    await page.waitForURL(/\/exercises$/);
    // The name is shown as written, markup and all: escaped, not interpreted.
    await expect(page.getByText('Ada <b>Student</b>').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByRole('link', { name: /Parse an HTTP\/1\.1 request message/ }).count()).resolves.toBe(1);
    await snapshot('2-exercises');
  });

  it('opens the exercise, submits a wrong solution, and sees which vector failed and why', async () => {
    await page.getByRole('link', { name: /Parse an HTTP\/1\.1 request message/ }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Parse an HTTP/1.1 request message');
    await snapshot('3-exercise');
    await page.getByRole('textbox', { name: /code/i }).fill(wrongSolution);
    await page.getByRole('button', { name: /submit/i }).click();
    await page.waitForURL(/\/submissions\//);
    await page.getByRole('heading', { name: /What to fix/ }).waitFor();
    const firstFailure = page.locator('li.test-failed').first();
    await expect(firstFailure.textContent()).resolves.toContain('Body longer than Content-Length');
    await expect(firstFailure.textContent()).resolves.toContain('vectors/body.md');
    await expect(firstFailure.locator('mark').count()).resolves.toBeGreaterThan(0);
    await snapshot('4-wrong-result');
  });

  it('fixes the code and sees a graded 100%', async () => {
    await page.getByRole('link', { name: /Parse an HTTP\/1\.1 request message/ }).first().click();
    await page.getByRole('textbox', { name: /code/i }).fill(correctSolution());
    await page.getByRole('button', { name: /submit/i }).click();
    await page.waitForURL(/\/submissions\//);
    await expect(page.locator('.score').textContent()).resolves.toContain('100%');
    await snapshot('5-full-marks');
  });
});
