import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HeldGrader } from '../../../support/held-grader.js';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { EXERCISES_DIR, EXERCISE_SLUG, correctSolution, wrongAnswerSolution } from '../../../support/solutions.js';
import { buildTestApp, createUser, type TestApp } from '../../../support/test-app.js';

const idFrom = (location: unknown) => String(location).split('/').pop()!;

describe('GET /submissions/:id', () => {
  let test: TestApp;
  let browser: InjectBrowser;
  beforeAll(async () => {
    test = await buildTestApp();
    const student = await createUser(test.app);
    browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
  });
  afterAll(async () => {
    await test.close();
  });

  async function gradedPage(code: string) {
    const response = await browser.submit(EXERCISE_SLUG, { code });
    await test.app.grading.waitFor(idFrom(response.headers.location), 20_000);
    return browser.get(response.headers.location as string);
  }

  it('shows a correct solution as 100% with every test passed', async () => {
    const page = await gradedPage(correctSolution());
    const { maxScore } = test.app.exercises.find(EXERCISE_SLUG)!.exercise;
    const stored = await test.app.db.submission.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    const testCount = (JSON.parse(stored.resultJson!) as { tests: unknown[] }).tests.length;
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Score: <strong>${maxScore} / ${maxScore}</strong> (<strong>100%</strong>)`);
    expect(page.body).toContain(`${testCount} of ${testCount} tests passed`);
    expect(page.body).not.toContain('badge-failed');
  });

  it('shows a failed visible test with its location, RFC section, message, input, expected and actual, marking the first difference', async () => {
    const page = await gradedPage(wrongAnswerSolution());
    const failedVisible = test.app.exercises
      .find(EXERCISE_SLUG)!
      .exercise.vectors.find((vector) => vector.visibility === 'public' && page.body.includes(`<code>${vector.file}:${vector.line}</code>`));
    expect(failedVisible).toBeDefined();
    expect(page.body).toContain(failedVisible!.rfc);
    expect(page.body).toContain('<h3>Input</h3>');
    expect(page.body).toContain('<h3>Expected</h3>');
    expect(page.body).toContain('<h3>Actual</h3>');
    expect(page.body).toMatch(/<mark title="first difference">[^<]+<\/mark>/);
    expect(page.body).toContain('First difference at <code>');
  });

  it('shows a hidden test, and an after-due test before its due date, as pass or fail only, without its name, vector or message', async () => {
    const page = await gradedPage(wrongAnswerSolution());
    const hidden = test.app.exercises
      .find(EXERCISE_SLUG)!
      .exercise.vectors.filter((vector) => vector.visibility === 'hidden' || vector.visibility === 'after-due');
    expect(hidden.length).toBeGreaterThan(0);
    for (const vector of hidden) {
      const nameHtml = vector.name.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
      expect(page.body).not.toContain(`<span class="test-name">${nameHtml}</span>`);
      expect(page.body).not.toContain(`${vector.file}:${vector.line}`);
    }
    const hiddenItems = page.body.split('<li class="test ').filter((item) => item.includes('hidden test'));
    expect(hiddenItems.length).toBe(hidden.length);
    const shownNames = hiddenItems.map((item) => /<span class="test-name">([^<]*)<\/span>/.exec(item)?.[1]).sort();
    expect(shownNames).toEqual(hidden.map((_, i) => `Hidden test ${i + 1}`).sort());
    hiddenItems.forEach((item) => {
      expect(item).not.toContain('<h3>');
      expect(item).not.toContain('test-message');
      expect(item).toMatch(/badge-(passed|failed)">(passed|failed)</);
    });
  });

  it('lists the failing tests before the passing ones', async () => {
    const page = await gradedPage(wrongAnswerSolution());
    const failingAt = page.body.indexOf('What to fix');
    const passingAt = page.body.indexOf('id="passing-heading"');
    expect(failingAt).toBeGreaterThan(0);
    expect(passingAt).toBeGreaterThan(failingAt);
    expect(page.body.slice(failingAt, passingAt)).not.toContain('badge-passed');
  });

  it('explains code that does not compile, with its line, and that it does not count', async () => {
    const page = await gradedPage('export function parseRequest(message: string) {\n  return {;\n}\n');
    expect(page.body).toContain('The code could not run.');
    expect(page.body).toContain('COMPILE_ERROR');
    expect(page.body).toContain('at line 2');
    expect(page.body).toContain('does not count as an attempt');
  });

  it('returns 404 for another student’s submission, exactly as for a missing one', async () => {
    const response = await browser.submit(EXERCISE_SLUG, { code: correctSolution() });
    await test.app.grading.waitFor(idFrom(response.headers.location), 20_000);
    const other = await createUser(test.app);
    const otherBrowser = new InjectBrowser(test.app);
    await otherBrowser.signIn(other.email, other.password);

    const foreign = await otherBrowser.get(response.headers.location as string);
    const missing = await otherBrowser.get('/submissions/cnosuchsubmission000000000');
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(foreign.body).toContain('NG_ERR_SUBMISSION_NOT_FOUND');
    expect(foreign.body.replace(/value="[^"]+"/g, '')).toBe(missing.body.replace(/value="[^"]+"/g, ''));
    expect(foreign.body).not.toContain('parseRequest');
  });

  it('redirects a visitor to the sign-in page', async () => {
    const response = await test.app.inject('/submissions/anything');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?next=%2Fsubmissions%2Fanything');
  });
});

describe('GET /submissions/:id while grading is pending', () => {
  let test: TestApp;
  let grader: HeldGrader;
  let browser: InjectBrowser;
  beforeAll(async () => {
    grader = new HeldGrader(EXERCISES_DIR);
    test = await buildTestApp({ grader, env: { NETGRADE_PENDING_WAIT_MS: '300' } });
    const student = await createUser(test.app);
    browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
  });
  afterEach(async () => {
    await grader.releaseAll();
  });
  afterAll(async () => {
    await test.close();
  });

  it('waits for the grading, then shows "grading…" with a page that refreshes itself', async () => {
    const response = await browser.submit(EXERCISE_SLUG, { code: correctSolution() });
    await grader.waitForJobs(1);
    const started = performance.now();
    const page = await browser.get(response.headers.location as string);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<meta http-equiv="refresh" content="1">');
    expect(page.body).toContain('grading…');
    expect(page.body).not.toContain('Score:');
  });

  it('shows the result as soon as the grading ends while the page waits', async () => {
    const response = await browser.submit(EXERCISE_SLUG, { code: correctSolution() });
    await grader.waitForJobs(1);
    const pageRequest = browser.get(response.headers.location as string);
    setTimeout(() => void grader.releaseAll(), 50);
    const page = await pageRequest;
    expect(page.body).toContain('(<strong>100%</strong>)');
    expect(page.body).not.toContain('http-equiv="refresh"');
  });

  it('says the submission could not be graded when the grader produces no verdict', async () => {
    const response = await browser.submit(EXERCISE_SLUG, { code: correctSolution() });
    await grader.waitForJobs(1);
    grader.failAll('no worker could start');
    await test.app.grading.waitFor(idFrom(response.headers.location), 5_000);
    const page = await browser.get(response.headers.location as string);
    expect(page.body).toContain('could not produce a verdict');
    expect(page.body).not.toContain('http-equiv="refresh"');
  });
});
