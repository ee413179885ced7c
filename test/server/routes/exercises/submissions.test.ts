import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InjectBrowser, csrfTokenIn } from '../../../support/inject-browser.js';
import { EXERCISE_SLUG, correctSolution, starterSource } from '../../../support/solutions.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../../support/test-app.js';

let test: TestApp;
let student: TestUser;
let browser: InjectBrowser;
beforeAll(async () => {
  test = await buildTestApp();
  student = await createUser(test.app);
  browser = new InjectBrowser(test.app);
  await browser.signIn(student.email, student.password);
});
afterAll(async () => {
  await test.close();
});

const submissionCount = () => test.app.db.submission.count({ where: { userId: student.id } });
const idFrom = (location: string | undefined) => /^\/submissions\/([^/]+)$/.exec(String(location))?.[1];
const maxScore = () => test.app.exercises.find(EXERCISE_SLUG)!.exercise.maxScore;

async function submitAndWait(fields: Parameters<InjectBrowser['submit']>[1]) {
  const response = await browser.submit(EXERCISE_SLUG, fields);
  expect(response.statusCode).toBe(303);
  const id = idFrom(response.headers.location as string)!;
  await test.app.grading.waitFor(id, 20_000);
  return { id, row: await test.app.db.submission.findUniqueOrThrow({ where: { id } }) };
}

describe('POST /exercises/:slug/submissions', () => {
  it('stores the submission and redirects to its page', async () => {
    const response = await browser.submit(EXERCISE_SLUG, { code: starterSource() });
    expect(response.statusCode).toBe(303);
    const id = idFrom(response.headers.location as string);
    expect(id).toBeDefined();
    const row = await test.app.db.submission.findUniqueOrThrow({ where: { id: id! } });
    expect(row).toMatchObject({ userId: student.id, language: 'ts', filename: 'solution.ts', code: starterSource() });
    await test.app.grading.waitFor(id!, 20_000);
  });

  it('grades the starter below full marks', async () => {
    const { row } = await submitAndWait({ code: starterSource() });
    expect(row.status).toBe('graded');
    expect(row.maxScore).toBe(maxScore());
    expect(row.score).toBeLessThan(maxScore());
  });

  it('grades a correct solution to full marks and records the grading', async () => {
    const { row } = await submitAndWait({ code: correctSolution() });
    expect(row).toMatchObject({ status: 'graded', gradable: true, score: maxScore(), maxScore: maxScore() });
    expect(row.exerciseHash).toBe(test.app.exercises.find(EXERCISE_SLUG)!.exercise.contentHash);
    expect(row.gradedAt).toBeInstanceOf(Date);
    expect(row.gradingMs).toBeGreaterThan(0);
    expect(JSON.parse(row.resultJson!)).toMatchObject({ schemaVersion: 1, score: maxScore() });
  });

  it('shows a correct solution graded 100% within a second once the workers run', async () => {
    await submitAndWait({ code: correctSolution() });
    const started = performance.now();
    const response = await browser.submit(EXERCISE_SLUG, { code: correctSolution() });
    const page = await browser.get(response.headers.location as string);
    const elapsedMs = performance.now() - started;
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('(<strong>100%</strong>)');
    expect(page.body).not.toContain('http-equiv="refresh"');
    expect(elapsedMs).toBeLessThan(1000);
  });

  it('takes an uploaded file instead of the code box, with the language from its extension', async () => {
    const response = await browser.submit(EXERCISE_SLUG, { code: 'ignored', language: 'ts', file: { name: 'parser.mjs', content: 'export function parseRequest() { return null; }' } });
    const row = await test.app.db.submission.findUniqueOrThrow({ where: { id: idFrom(response.headers.location as string)! } });
    expect(row).toMatchObject({ language: 'js', filename: 'parser.mjs', code: 'export function parseRequest() { return null; }' });
    await test.app.grading.waitFor(row.id, 20_000);
  });

  it('shows the form again with a message and the code kept when the code is empty', async () => {
    const before = await submissionCount();
    const response = await browser.submit(EXERCISE_SLUG, { code: '   ', language: 'js' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('The submission is empty.');
    expect(response.body).toMatch(/<textarea id="code" name="code"[^>]*>\n {3}<\/textarea>/);
    expect(response.body).toMatch(/<option value="js" selected>/);
    expect(await submissionCount()).toBe(before);
  });

  it('returns 413 when the upload is larger than the limit, and stores nothing', async () => {
    const before = await submissionCount();
    const big = `// ${'x'.repeat(test.config.submissionMaxBytes)}\n`;
    const response = await browser.submit(EXERCISE_SLUG, { code: '', file: { name: 'big.ts', content: big } });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('NG_ERR_SUBMISSION_TOO_LARGE');
    expect(response.body).toContain('larger than 64 KiB');
    expect(await submissionCount()).toBe(before);
  });

  it('returns 413 when the pasted code is larger than the limit, and stores nothing', async () => {
    const before = await submissionCount();
    const response = await browser.submit(EXERCISE_SLUG, { code: `// ${'x'.repeat(test.config.submissionMaxBytes)}` });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('NG_ERR_SUBMISSION_TOO_LARGE');
    expect(await submissionCount()).toBe(before);
  });

  it('returns 403 when the CSRF token is missing, and stores nothing', async () => {
    const before = await submissionCount();
    const form = new FormData();
    form.set('code', correctSolution());
    const response = await browser.postMultipart(`/exercises/${EXERCISE_SLUG}/submissions`, form);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('NG_ERR_CSRF_INVALID');
    expect(await submissionCount()).toBe(before);
  });

  it('returns 404 when the exercise does not exist, and stores nothing', async () => {
    const before = await submissionCount();
    const form = new FormData();
    form.set('_csrf', csrfTokenIn((await browser.get('/exercises')).body));
    form.set('code', correctSolution());
    const response = await browser.postMultipart('/exercises/no-such-exercise/submissions', form);
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('NG_ERR_EXERCISE_NOT_FOUND');
    expect(await submissionCount()).toBe(before);
  });

  it('sends a visitor who is not signed in to the sign-in page, and stores nothing', async () => {
    const before = await test.app.db.submission.count();
    const visitor = new InjectBrowser(test.app);
    const form = new FormData();
    form.set('_csrf', await visitor.csrfToken('/sign-in'));
    form.set('code', correctSolution());
    const response = await visitor.postMultipart(`/exercises/${EXERCISE_SLUG}/submissions`, form);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in');
    expect(await test.app.db.submission.count()).toBe(before);
  });

  it('escapes the uploaded file name and the code wherever they are shown', async () => {
    const filename = '<script>alert(1)</script>.ts';
    const code = `${correctSolution()}\n// </textarea><script>alert(2)</script>\n`;
    const response = await browser.submit(EXERCISE_SLUG, { file: { name: filename, content: code } });
    const location = response.headers.location as string;
    const row = await test.app.db.submission.findUniqueOrThrow({ where: { id: idFrom(location)! } });
    expect(row.filename).toBe(filename);

    for (const page of [await browser.get(location), await browser.get(`/exercises/${EXERCISE_SLUG}`)]) {
      expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.ts');
      expect(page.body).not.toContain('<script>alert(1)</script>');
      expect(page.body).not.toContain('<script>alert(2)</script>');
    }
    await test.app.grading.waitFor(row.id, 20_000);
  });
});
