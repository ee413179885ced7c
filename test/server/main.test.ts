/**
 * The whole walking skeleton through a real process and real HTTP: start `server/main.ts` on a
 * fresh database, sign in as the demo student with the password it printed, submit a correct
 * solution through the exercise form, and see 100% on the submission page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STUDENT_EMAIL } from '../../server/demo.js';
import { csrfTokenIn } from '../support/inject-browser.js';
import { SERVER_STARTUP_TIMEOUT_MS, startRealServer, type RealServer } from '../support/real-server.js';
import { HttpBrowser } from '../support/http-browser.js';
import { EXERCISE_SLUG, correctSolution } from '../support/solutions.js';

let server: RealServer;
let baseUrl: string;
let studentPassword: string;

beforeAll(async () => {
  server = await startRealServer();
  ({ baseUrl, studentPassword } = server);
}, SERVER_STARTUP_TIMEOUT_MS + 5_000);

afterAll(() => server?.stop());

describe('server/main.ts', () => {
  it('prints the real port it listens on and the demo accounts once', () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(baseUrl).not.toMatch(/:0$/);
    expect(server.stdout()).toContain('instructor@demo.netgrade.test');
  });

  it('lets the demo student sign in, submit a correct solution through the form, and see 100%', async () => {
    const browser = new HttpBrowser(baseUrl);

    const signInPage = await browser.request('/sign-in');
    expect(signInPage.status).toBe(200);
    const signIn = await browser.request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfTokenIn(await signInPage.text()), email: DEMO_STUDENT_EMAIL, password: studentPassword, next: '/exercises' }),
    });
    expect(signIn.status).toBe(303);
    // The demo student is in one course, so the default address lands on its home.
    expect(signIn.headers.get('location')).toBe('/courses/demo');
    expect((await browser.request('/courses/demo')).status).toBe(200);

    const list = await browser.request('/exercises');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(`href="/exercises/${EXERCISE_SLUG}"`);

    const exercisePage = await browser.request(`/exercises/${EXERCISE_SLUG}`);
    expect(exercisePage.status).toBe(200);
    const form = new FormData();
    form.set('_csrf', csrfTokenIn(await exercisePage.text()));
    form.set('code', correctSolution());
    form.set('language', 'ts');
    form.set('file', new File([], '', { type: 'application/octet-stream' }));
    const submitted = await browser.request(`/exercises/${EXERCISE_SLUG}/submissions`, { method: 'POST', body: form });
    expect(submitted.status).toBe(303);
    const location = submitted.headers.get('location')!;
    expect(location).toMatch(/^\/submissions\/\w+$/);

    // The page waits server-side for the grading and otherwise asks the browser to refresh; do
    // what a browser does until the result is there (the first grading also starts a worker).
    let html = '';
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const page = await browser.request(location);
      expect(page.status).toBe(200);
      html = await page.text();
      if (!html.includes('http-equiv="refresh"')) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(html).toContain('(<strong>100%</strong>)');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    server.process.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
