import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScripts } from '../../../server/plugins/assets.js';
import { HeldGrader } from '../../support/held-grader.js';
import { InjectBrowser } from '../../support/inject-browser.js';
import { EXERCISES_DIR, EXERCISE_SLUG, correctSolution } from '../../support/solutions.js';
import { buildTestApp, createUser, type TestApp } from '../../support/test-app.js';

let test: TestApp;
let grader: HeldGrader;
beforeAll(async () => {
  grader = new HeldGrader(EXERCISES_DIR);
  test = await buildTestApp({ grader, env: { NETGRADE_PENDING_WAIT_MS: '0' } });
});
afterAll(async () => {
  await grader.releaseAll();
  await test.close();
});

describe('GET /assets/:name.js', () => {
  it('serves the bundled editor as JavaScript with an ETag', async () => {
    const response = await test.app.inject('/assets/editor.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers.etag).toMatch(/^"[0-9a-f]{20}"$/);
    expect(response.headers['cache-control']).toBe('no-cache');
    // CodeMirror's own class names survive minification; no bare import is left for the browser to resolve.
    expect(response.body).toContain('cm-editor');
    expect(response.body).not.toMatch(/\bfrom\s*["']@codemirror\//);
  });

  it('answers 304 to a request that already has the current version', async () => {
    const first = await test.app.inject('/assets/live-status.js');
    const again = await test.app.inject({ url: '/assets/live-status.js', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('lets caches keep the versioned URL a page links to for good', async () => {
    const url = test.app.assets.url('editor');
    expect(url).toMatch(/^\/assets\/editor\.js\?v=[0-9a-f]{20}$/);
    const response = await test.app.inject(url);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('returns 404 for a script that does not exist', async () => {
    expect((await test.app.inject('/assets/browser-globals.js')).statusCode).toBe(404);
    expect((await test.app.inject('/assets/nothing.js')).statusCode).toBe(404);
  });
});

describe('bundleScripts', () => {
  it('bundles every page script', async () => {
    const scripts = await bundleScripts();
    expect([...scripts.keys()].sort()).toEqual(['editor', 'live-status', 'regrade-progress']);
  });
});

describe('the content security policy', () => {
  it('allows scripts and event streams from this origin only', async () => {
    const csp = String((await test.app.inject('/sign-in')).headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("connect-src 'self'");
  });
});

describe('the page of a pending submission', () => {
  it('follows the live status with a script, and refreshes itself only inside <noscript>', async () => {
    const student = await createUser(test.app);
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    const response = await browser.submit(EXERCISE_SLUG, { code: correctSolution() });
    const id = String(response.headers.location).split('/').pop()!;
    await grader.waitForJobs(1);
    const pending = await browser.get(`/submissions/${id}`);
    expect(pending.body).toMatch(/<script type="module" src="\/assets\/live-status\.js\?v=[0-9a-f]{20}"><\/script>/);
    expect(pending.body).toContain('<noscript><meta http-equiv="refresh" content="1"></noscript>');
    expect(pending.body).toContain(`data-events-url="/submissions/${id}/events"`);

    await grader.releaseAll();
    await test.app.grading.waitFor(id, 20_000);
    const graded = await browser.get(`/submissions/${id}`);
    expect(graded.body).not.toContain('live-status.js');
    expect(graded.body).not.toContain('http-equiv="refresh"');
  });
});
