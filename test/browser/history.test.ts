/**
 * The editor, the live status and the history, in a real browser (Debian's Chromium driven by
 * playwright-core) against the real server process: type a solution into the CodeMirror editor,
 * leave it with the keyboard, submit, watch the status arrive live, then open the history and
 * compare two submissions. Each page's screenshot is saved under test-artifacts/browser/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { DEMO_STUDENT_EMAIL } from '../../server/demo.js';
import { SERVER_STARTUP_TIMEOUT_MS, startRealServer, type RealServer } from '../support/real-server.js';
import { correctSolution } from '../support/solutions.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts', 'browser');
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const EXERCISE_TITLE = /Parse an HTTP\/1\.1 request message/;

let server: RealServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The submission page renders at once instead of waiting for the grading, so the live status shows.
  process.env.NETGRADE_PENDING_WAIT_MS = '0';
  server = await startRealServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${server.baseUrl}/sign-in`);
  await page.getByLabel(/email/i).fill(DEMO_STUDENT_EMAIL);
  await page.getByLabel(/password/i).fill(server.studentPassword);
  await page.getByRole('button', { name: /sign in/i }).click();
  // A student in one course lands on its home.
  await page.waitForURL(/\/courses\/demo$/);
}, SERVER_STARTUP_TIMEOUT_MS + 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const snapshot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/**
 * A correct solution that spends its first second busy (at most 20 ms per call, well inside the
 * 100 ms limit per test), so the grading lasts long enough to watch the status arrive live.
 */
const SLOW_CORRECT_SOLUTION = `${correctSolution().replace('export function parseRequest(', 'function parseRequestQuickly(')}
const slowUntil = Date.now() + 1000;
export function parseRequest(message: string): ParseResult {
  const until = Math.min(slowUntil, Date.now() + 20);
  while (Date.now() < until) {
    // waiting on purpose
  }
  return parseRequestQuickly(message);
}
`;
const TYPED_FIRST_LINE = '// typed in the editor';
const wrongSolution = readFileSync(path.join(PROJECT_ROOT, 'exercises/http-request-parser/mutants/ignores-bytes-after-body.ts'), 'utf8');

async function openExercise(): Promise<void> {
  await page.goto(`${server.baseUrl}/exercises`);
  await page.getByRole('link', { name: EXERCISE_TITLE }).click();
  await page.locator('.cm-editor').waitFor();
}

describe('a student with the code editor, live results and the history', () => {
  it('leaves the CodeMirror editor that replaced the text box with Escape then Tab, comes back, and types a solution', async () => {
    await openExercise();
    await expect(page.locator('textarea#code').isHidden()).resolves.toBe(true);
    const editor = page.getByRole('textbox', { name: /^Code/ });
    await expect(editor.getAttribute('class')).resolves.toContain('cm-content');
    await expect(page.getByRole('link', { name: 'Download the starter file' }).count()).resolves.toBe(1);

    const focusedId = () => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id);
    await editor.click();
    await page.keyboard.press('Tab');
    await expect(focusedId()).resolves.toBe('');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    await expect(focusedId()).resolves.toBe('language');
    await page.keyboard.press('Shift+Tab');
    await expect(editor.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).resolves.toBe(true);

    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(`${TYPED_FIRST_LINE}\n`);
    await page.keyboard.insertText(SLOW_CORRECT_SOLUTION);
    await expect(editor.textContent()).resolves.toContain('parseRequestQuickly(message)');
    await snapshot('history-1-editor');
  });

  it('submits, sees the status arrive live, and then the graded result without reloading by hand', async () => {
    await page.getByRole('button', { name: /submit/i }).click();
    await page.waitForURL(/\/submissions\/[^/]+$/);
    const live = page.locator('[data-events-url][data-live-status]');
    await live.waitFor({ timeout: 10_000 });
    await expect(live.textContent()).resolves.toMatch(/queued|grading…/);
    await snapshot('history-2-live-status');

    await page.locator('.score').waitFor({ timeout: 20_000 });
    await expect(page.locator('.score').textContent()).resolves.toContain('100%');
    await expect(page.locator('details.source pre').textContent()).resolves.toMatch(new RegExp(`^${TYPED_FIRST_LINE}\\n`));
    await snapshot('history-3-graded');
  });

  it('sends a second, wrong version and finds both in the history, the first one counting', async () => {
    await openExercise();
    await page.getByRole('textbox', { name: /^Code/ }).fill(wrongSolution);
    await page.getByRole('button', { name: /submit/i }).click();
    await page.waitForURL(/\/submissions\/[^/]+$/);
    await page.locator('.score').waitFor({ timeout: 20_000 });

    await page.getByRole('link', { name: 'All your submissions to this exercise' }).click();
    await page.waitForURL(/\/exercises\/http-request-parser\/submissions$/);
    const rows = page.locator('table.history tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(1).textContent()).resolves.toContain('counts (best score)');
    await expect(rows.nth(0).textContent()).resolves.not.toContain('counts (best score)');
    await snapshot('history-4-list');
  });

  it('compares the two submissions and reads the changes marked in words', async () => {
    await page.getByRole('button', { name: 'Compare the two chosen submissions' }).click();
    await page.waitForURL(/\/submissions\/[^/]+\/diff\/[^/]+$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Changes between two submissions');
    await expect(page.locator('tr.diff-removed').first().textContent()).resolves.toContain('removed');
    await expect(page.locator('tr.diff-added').first().textContent()).resolves.toContain('added');
    await expect(page.locator('tr.diff-removed', { hasText: TYPED_FIRST_LINE }).count()).resolves.toBe(1);
    await snapshot('history-5-diff');
  });
});
