import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InjectBrowser } from '../../support/inject-browser.js';
import { buildTestApp, createUser, type TestApp } from '../../support/test-app.js';

let test: TestApp;
beforeAll(async () => {
  test = await buildTestApp();
});
afterAll(async () => {
  await test.close();
});

describe('GET /', () => {
  it('redirects a visitor to the sign-in page', async () => {
    const response = await test.app.inject('/');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in');
  });

  it('redirects a signed-in user to the exercises', async () => {
    const student = await createUser(test.app);
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    const response = await browser.get('/');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/exercises');
  });
});

describe('GET /healthz', () => {
  it('answers ok with the number of exercises loaded', async () => {
    const response = await test.app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', exercises: test.app.exercises.all().length, queueDepth: 0 });
    expect(test.app.exercises.all().length).toBeGreaterThan(0);
  });
});

describe('unknown addresses', () => {
  it('answer a browser with a 404 page', async () => {
    const response = await test.app.inject('/no/such/page');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('NG_ERR_NOT_FOUND');
  });

  it('answer a JSON client with { code, message }', async () => {
    const response = await test.app.inject({ url: '/no/such/page', headers: { accept: 'application/json' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'NG_ERR_NOT_FOUND', message: expect.any(String) });
  });
});

describe('security headers', () => {
  it('sends a content security policy that allows only this site', async () => {
    const response = await test.app.inject('/sign-in');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the stylesheet from this site', async () => {
    const response = await test.app.inject('/static/app.css');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/css/);
  });
});
