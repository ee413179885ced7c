import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../../server/escape-html.js';
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

  it('renders every exercise: its statement as HTML, TypeScript examples highlighted, and its public tests', async () => {
    const exercises = test.app.exercises.all();
    expect(exercises.length).toBe(8);
    for (const exercise of exercises) {
      const { statusCode, body } = await browser.get(`/exercises/${exercise.slug}`);
      expect(statusCode, exercise.slug).toBe(200);
      expect(body, exercise.slug).not.toContain('```');
      expect(body, exercise.slug).toMatch(/<pre><code class="language-(ts|typescript)">(?:(?!<\/code>)[\s\S])*<span class="tok-keyword">/);
      const shown = exercise.vectors.filter((vector) => vector.visibility === 'public');
      const public_ = body.slice(body.indexOf('id="public-tests-heading"'));
      expect(public_.match(/<dt>/g)?.length, exercise.slug).toBe(shown.length);
      for (const vector of shown) expect(public_, `${exercise.slug}: ${vector.name}`).toContain(`<dt>${escapeHtml(vector.name)}`);
      const publicNames = new Set(shown.map((vector) => vector.name));
      for (const vector of exercise.vectors.filter((candidate) => candidate.visibility !== 'public' && !publicNames.has(candidate.name))) {
        expect(public_, `${exercise.slug}: ${vector.name} is not public`).not.toContain(`<dt>${escapeHtml(vector.name)} `);
      }
    }
  });

  it('links each public test\'s RFC section to the RFC', async () => {
    const { body } = await browser.get(`/exercises/${EXERCISE_SLUG}`);
    expect(body).toMatch(/<a href="https:\/\/www\.rfc-editor\.org\/rfc\/rfc9112\.html#section-3(\.\d+)*" rel="external">RFC 9112 §3(\.\d+)*<\/a>/);
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
