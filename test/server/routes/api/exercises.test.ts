import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenFor } from '../../../support/accounts.js';
import { InjectBrowser, csrfTokenIn } from '../../../support/inject-browser.js';
import { EXERCISE_SLUG, correctSolution } from '../../../support/solutions.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../../support/test-app.js';

const MAX_BYTES = 4096;

let test: TestApp;
let student: TestUser;
let token: string;
beforeAll(async () => {
  test = await buildTestApp({ env: { NETGRADE_SUBMISSION_MAX_BYTES: String(MAX_BYTES) } });
  student = await createUser(test.app);
  token = await createTokenFor(test.app, student.id, 'api tests');
});
afterAll(async () => {
  await test.close();
});

const bearer = (value = token) => ({ authorization: `Bearer ${value}` });

async function submitJson(body: unknown, headers: Record<string, string> = bearer()) {
  return test.app.inject({ method: 'POST', url: `/api/exercises/${EXERCISE_SLUG}/submissions`, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
}

describe('GET /api/exercises', () => {
  it('lists every exercise with links, for a token', async () => {
    const response = await test.app.inject({ url: '/api/exercises', headers: bearer() });
    expect(response.statusCode).toBe(200);
    const { exercises } = response.json();
    const slugs = test.app.exercises.all().map((exercise) => exercise.slug);
    expect(exercises.map((exercise: { slug: string }) => exercise.slug)).toEqual(slugs);
    expect(exercises.find((exercise: { slug: string }) => exercise.slug === EXERCISE_SLUG)).toMatchObject({
      title: expect.any(String),
      maxScore: test.app.exercises.find(EXERCISE_SLUG)!.exercise.maxScore,
      links: { self: `/api/exercises/${EXERCISE_SLUG}`, submissions: `/api/exercises/${EXERCISE_SLUG}/submissions`, page: `/exercises/${EXERCISE_SLUG}` },
    });
  });

  it('answers 401 { code, message } when signed out', async () => {
    const response = await test.app.inject('/api/exercises');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'NG_ERR_SIGN_IN_REQUIRED', message: expect.any(String) });
  });

  it('answers 401 NG_ERR_TOKEN_INVALID for an unknown token, even with a valid session cookie', async () => {
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    const response = await browser.get('/api/exercises', bearer('ngt_not-a-real-token'));
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('NG_ERR_TOKEN_INVALID');
  });

  it('works with the session cookie of a signed-in browser', async () => {
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    expect((await browser.get('/api/exercises')).statusCode).toBe(200);
  });

  it('records when a token was last used', async () => {
    const fresh = await createTokenFor(test.app, student.id, 'fresh');
    await test.app.inject({ url: '/api/exercises', headers: bearer(fresh) });
    const row = await test.app.db.apiToken.findFirstOrThrow({ where: { name: 'fresh' } });
    expect(row.lastUsedAt).not.toBeNull();
  });
});

describe('GET /api/exercises/:slug', () => {
  it('gives the statement, the starter and the public vectors, never a hidden one', async () => {
    const response = await test.app.inject({ url: `/api/exercises/${EXERCISE_SLUG}`, headers: bearer() });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const { exercise } = test.app.exercises.find(EXERCISE_SLUG)!;
    expect(body).toMatchObject({
      slug: EXERCISE_SLUG,
      statementMarkdown: exercise.statementMarkdown,
      starter: { filename: exercise.starterFilename, source: exercise.starterSource },
      entry: exercise.config.entry,
      submissionMaxBytes: MAX_BYTES,
    });
    const publicVectors = exercise.vectors.filter((vector) => vector.visibility === 'public');
    const hiddenVectors = exercise.vectors.filter((vector) => vector.visibility === 'hidden');
    expect(hiddenVectors.length).toBeGreaterThan(0);
    expect(body.examples.map((example: { id: string }) => example.id)).toEqual(publicVectors.map((vector) => vector.id));
    expect(body.examples[0]).toEqual(expect.objectContaining({ input: publicVectors[0]!.input, expected: publicVectors[0]!.expected, rfc: publicVectors[0]!.rfc }));
    const text = response.body;
    for (const hidden of hiddenVectors) {
      expect(text).not.toContain(JSON.stringify(hidden.id));
      expect(text).not.toContain(JSON.stringify(hidden.name));
    }
  });

  it('answers 404 NG_ERR_EXERCISE_NOT_FOUND for an unknown exercise', async () => {
    const response = await test.app.inject({ url: '/api/exercises/no-such-exercise', headers: bearer() });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('NG_ERR_EXERCISE_NOT_FOUND');
  });
});

describe('POST /api/exercises/:slug/submissions', () => {
  it('accepts { code } with a token and no CSRF token: 202 with the id, status and links, then grades it', async () => {
    const response = await submitJson({ code: correctSolution(), filename: 'parser.ts' });
    expect(response.statusCode).toBe(202);
    const body = response.json();
    expect(body).toEqual({ id: expect.any(String), status: 'queued', links: { self: `/api/submissions/${body.id}`, page: `/submissions/${body.id}` } });
    expect(response.headers.location).toBe(`/api/submissions/${body.id}`);
    await test.app.grading.waitFor(body.id, 20_000);
    const result = await test.app.inject({ url: body.links.self, headers: bearer() });
    expect(result.json()).toMatchObject({ id: body.id, status: 'graded', filename: 'parser.ts', language: 'ts' });
    expect(result.json().score).toBe(result.json().maxScore);
    const stored = await test.app.db.submission.findUniqueOrThrow({ where: { id: body.id } });
    expect(stored.userId).toBe(student.id);
  });

  it('takes the language from the filename, then from "language", then TypeScript', async () => {
    const code = 'export function parseRequest() { return null; }';
    const cases: [Record<string, string>, string, string][] = [
      [{ filename: 'a.mjs', language: 'ts' }, 'js', 'a.mjs'],
      [{ language: 'js' }, 'js', 'solution.js'],
      [{}, 'ts', 'solution.ts'],
    ];
    for (const [fields, language, filename] of cases) {
      const { id } = (await submitJson({ code, ...fields })).json();
      expect(await test.app.db.submission.findUniqueOrThrow({ where: { id } })).toMatchObject({ language, filename });
    }
  });

  it.each([
    ['code over the limit', { code: 'x'.repeat(MAX_BYTES + 1) }, 413, 'NG_ERR_SUBMISSION_TOO_LARGE'],
    ['empty code', { code: '  \n' }, 422, 'NG_ERR_SUBMISSION_EMPTY'],
    ['no code', { language: 'ts' }, 400, 'NG_ERR_BAD_REQUEST'],
    ['an unknown language', { code: 'x', language: 'py' }, 400, 'NG_ERR_BAD_REQUEST'],
  ])('refuses %s with the same error as the form, storing nothing', async (_label, body, status, code) => {
    const before = await test.app.db.submission.count();
    const response = await submitJson(body);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ code, message: expect.any(String) });
    expect(await test.app.db.submission.count()).toBe(before);
  });

  it('ignores fields it does not know: a submission always belongs to the caller', async () => {
    const other = await createUser(test.app);
    const { id } = (await submitJson({ code: 'export const x = 1;', userId: other.id })).json();
    expect((await test.app.db.submission.findUniqueOrThrow({ where: { id } })).userId).toBe(student.id);
  });

  it('refuses a body far over the limit with 413', async () => {
    const response = await submitJson({ code: 'x'.repeat(MAX_BYTES * 3) });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('NG_ERR_SUBMISSION_TOO_LARGE');
  });

  it('answers 404 for an unknown exercise', async () => {
    const response = await test.app.inject({ method: 'POST', url: '/api/exercises/nope/submissions', headers: { ...bearer(), 'content-type': 'application/json' }, payload: '{"code":"x"}' });
    expect(response.statusCode).toBe(404);
  });

  it('answers 401 when signed out, and 401 for a revoked token', async () => {
    expect((await submitJson({ code: 'x' }, {})).statusCode).toBe(401);
    const revoked = await createTokenFor(test.app, student.id, 'revoked');
    await test.app.db.apiToken.updateMany({ where: { name: 'revoked' }, data: { revokedAt: new Date() } });
    const response = await submitJson({ code: 'x' }, bearer(revoked));
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('NG_ERR_TOKEN_INVALID');
  });

  it('refuses a cookie-authenticated request without a CSRF token, and accepts it with the x-csrf-token header', async () => {
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    const before = await test.app.db.submission.count();
    const cookie = browser.cookieHeader;
    const forged = await test.app.inject({
      method: 'POST',
      url: `/api/exercises/${EXERCISE_SLUG}/submissions`,
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ code: correctSolution() }),
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('NG_ERR_CSRF_INVALID');
    expect(await test.app.db.submission.count()).toBe(before);

    const csrf = csrfTokenIn((await browser.get(`/exercises/${EXERCISE_SLUG}`)).body);
    const accepted = await test.app.inject({
      method: 'POST',
      url: `/api/exercises/${EXERCISE_SLUG}/submissions`,
      headers: { cookie: browser.cookieHeader, 'content-type': 'application/json', 'x-csrf-token': csrf },
      payload: JSON.stringify({ code: correctSolution() }),
    });
    expect(accepted.statusCode).toBe(202);
  });
});

describe('GET /api/exercises/:slug/submissions', () => {
  it('lists my submissions to the exercise, newest first, and nobody else’s', async () => {
    const other = await createUser(test.app);
    const otherToken = await createTokenFor(test.app, other.id);
    const { id: theirs } = (await submitJson({ code: 'export const other = 1;' }, bearer(otherToken))).json();
    const { id: mine } = (await submitJson({ code: 'export const mine = 1;' })).json();

    const response = await test.app.inject({ url: `/api/exercises/${EXERCISE_SLUG}/submissions`, headers: bearer() });
    expect(response.statusCode).toBe(200);
    const ids = response.json().submissions.map((submission: { id: string }) => submission.id);
    expect(ids[0]).toBe(mine);
    expect(ids).not.toContain(theirs);
    const rows = await test.app.db.submission.findMany({ where: { userId: student.id }, orderBy: { createdAt: 'desc' } });
    expect(ids).toEqual(rows.map((row) => row.id));
    expect(response.json().submissions[0]).toMatchObject({ exercise: EXERCISE_SLUG, links: { self: `/api/submissions/${mine}` } });
    expect(response.json().submissions[0]).not.toHaveProperty('code');
  });

  it('answers 401 when signed out', async () => {
    expect((await test.app.inject(`/api/exercises/${EXERCISE_SLUG}/submissions`)).statusCode).toBe(401);
  });
});

describe('GET /api/submissions/:id with a token', () => {
  it("answers 404 for another user's submission", async () => {
    const other = await createUser(test.app);
    const { id } = (await submitJson({ code: 'export const other = 2;' }, bearer(await createTokenFor(test.app, other.id)))).json();
    const response = await test.app.inject({ url: `/api/submissions/${id}`, headers: bearer() });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('NG_ERR_SUBMISSION_NOT_FOUND');
  });
});
