import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { EXERCISE_SLUG } from '../../../support/solutions.js';
import { buildTestApp, createUser, type TestApp } from '../../../support/test-app.js';

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

describe('GET /exercises', () => {
  it('redirects a visitor to the sign-in page, coming back afterwards', async () => {
    const response = await test.app.inject('/exercises');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?next=%2Fexercises');
  });

  it('lists every exercise with a link to its page', async () => {
    const response = await browser.get('/exercises');
    expect(response.statusCode).toBe(200);
    for (const exercise of test.app.exercises.all()) {
      expect(response.body).toContain(`href="/exercises/${exercise.slug}"`);
    }
  });

  it('keeps a row per exercise in the database with its content hash', async () => {
    const exercise = test.app.exercises.find(EXERCISE_SLUG)!.exercise;
    const row = await test.app.db.exercise.findUniqueOrThrow({ where: { slug: EXERCISE_SLUG } });
    expect(row.contentHash).toBe(exercise.contentHash);
    expect(row.title).toBe(exercise.title);
  });
});

describe('GET /exercises/:slug', () => {
  it('redirects a visitor to the sign-in page', async () => {
    const response = await test.app.inject(`/exercises/${EXERCISE_SLUG}`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/exercises/${EXERCISE_SLUG}`)}`);
  });

  it('renders the statement from markdown', async () => {
    const response = await browser.get(`/exercises/${EXERCISE_SLUG}`);
    expect(response.statusCode).toBe(200);
    const exercise = test.app.exercises.find(EXERCISE_SLUG)!.exercise;
    const firstHeading = /^#+\s+(.+)$/m.exec(exercise.statementMarkdown)?.[1];
    expect(firstHeading).toBeDefined();
    expect(response.body).toMatch(/<h[1-6][^>]*>/);
    expect(response.body).not.toContain(`# ${firstHeading}`);
  });

  it('offers a multipart form with a labelled code box, language select and file upload', async () => {
    const { body } = await browser.get(`/exercises/${EXERCISE_SLUG}`);
    expect(body).toContain(`action="/exercises/${EXERCISE_SLUG}/submissions"`);
    expect(body).toContain('enctype="multipart/form-data"');
    expect(body).toMatch(/<label for="code">/);
    expect(body).toMatch(/<textarea id="code" name="code"/);
    expect(body).toMatch(/<label for="language">/);
    expect(body).toMatch(/<label for="file">/);
    expect(body).toMatch(/<input id="file" name="file" type="file"/);
    expect(body).toMatch(/name="_csrf" value="[^"]+"/);
  });

  it('fills the code box with the starter, escaped', async () => {
    const { body } = await browser.get(`/exercises/${EXERCISE_SLUG}`);
    const starter = test.app.exercises.find(EXERCISE_SLUG)!.exercise.starterSource;
    const firstCodeLine = starter.split('\n').find((line) => line.includes('parseRequest'))!;
    const escaped = firstCodeLine.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
    expect(body).toContain(escaped);
  });

  it('returns 404 for an exercise that does not exist', async () => {
    const response = await browser.get('/exercises/no-such-exercise');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('NG_ERR_EXERCISE_NOT_FOUND');
  });
});
