import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentDisposition } from '../../../../server/routes/exercises/starter.js';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { EXERCISE_SLUG, starterSource } from '../../../support/solutions.js';
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

describe('GET /exercises/:slug/starter', () => {
  it('downloads the starter file under its own name', async () => {
    const response = await browser.get(`/exercises/${EXERCISE_SLUG}/starter`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="starter.ts"; filename*=UTF-8''starter.ts`);
    expect(response.body).toBe(starterSource());
  });

  it('returns 404 for an exercise that does not exist', async () => {
    const response = await browser.get('/exercises/no-such-exercise/starter');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('NG_ERR_EXERCISE_NOT_FOUND');
  });

  it('redirects a visitor to the sign-in page', async () => {
    const response = await test.app.inject(`/exercises/${EXERCISE_SLUG}/starter`);
    expect(response.statusCode).toBe(303);
  });
});

describe('attachmentDisposition', () => {
  it('gives an ASCII fallback without quotes and the exact name in RFC 8187 form', () => {
    expect(attachmentDisposition('my "file".ts')).toBe(`attachment; filename="my _file_.ts"; filename*=UTF-8''my%20%22file%22.ts`);
    expect(attachmentDisposition('résumé.ts')).toBe(`attachment; filename="r_sum_.ts"; filename*=UTF-8''r%C3%A9sum%C3%A9.ts`);
  });
});

describe('GET /exercises/:slug (the submission form)', () => {
  it('links the starter download, states the size limit and the interface to implement', async () => {
    const page = await browser.get(`/exercises/${EXERCISE_SLUG}`);
    expect(page.body).toContain(`<a href="/exercises/${EXERCISE_SLUG}/starter" download>Download the starter file</a>`);
    expect(page.body).toContain('up to <strong>64 KiB</strong>');
    expect(page.body).toContain('It exports a function named <code>parseRequest</code>.');
  });

  it('keeps the labelled text box for browsers without JavaScript and loads the editor as an external module', async () => {
    const page = await browser.get(`/exercises/${EXERCISE_SLUG}`);
    expect(page.body).toContain('<label for="code">');
    expect(page.body).toMatch(/<textarea id="code" name="code"[^>]*data-code-editor/);
    expect(page.body).toMatch(/<script type="module" src="\/assets\/editor\.js\?v=[0-9a-f]{20}"><\/script>/);
    // Every script has a src: the CSP allows no inline code.
    expect(page.body.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
  });
});
