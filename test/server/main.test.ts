/**
 * The whole walking skeleton through a real process and real HTTP: start `server/main.ts` on a
 * fresh database, sign in as the demo student with the password it printed, submit a correct
 * solution through the exercise form, and see 100% on the submission page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { DEMO_STUDENT_EMAIL } from '../../server/demo.js';
import { csrfTokenIn } from '../support/inject-browser.js';
import { EXERCISE_SLUG, correctSolution } from '../support/solutions.js';

const STARTUP_TIMEOUT_MS = 30_000;

/** fetch with a cookie jar, never following redirects (so each step is visible). */
class HttpBrowser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(new URL(pathname, this.baseUrl), { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const [name = '', value = ''] = pair.trim().split(/=(.*)/s);
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

let server: ChildProcess;
let dir: string;
let stdout = '';
let baseUrl: string;
let studentPassword: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'netgrade-main-'));
  server = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${path.join(dir, 'netgrade.db')}`, LOG_LEVEL: 'warn', SESSION_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in time.\nstdout:\n${stdout}\nstderr:\n${stderr}`)), STARTUP_TIMEOUT_MS);
    server.once('exit', (code) => reject(new Error(`the server exited with ${code}.\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
    server.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /netgrade listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      const password = new RegExp(`${DEMO_STUDENT_EMAIL.replaceAll('.', '\\.')} +password: (\\S+)`).exec(stdout)?.[1];
      if (url && password) {
        clearTimeout(timer);
        baseUrl = url;
        studentPassword = password;
        resolve();
      }
    });
  });
}, STARTUP_TIMEOUT_MS + 5_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  await rm(dir, { recursive: true, force: true });
});

describe('server/main.ts', () => {
  it('prints the real port it listens on and the demo accounts once', () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(baseUrl).not.toMatch(/:0$/);
    expect(stdout).toContain('instructor@demo.netgrade.test');
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
    expect(signIn.headers.get('location')).toBe('/exercises');

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
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
