import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../support/test-app.js';

let test: TestApp;
beforeAll(async () => {
  test = await buildTestApp();
});
afterAll(async () => {
  await test.close();
});

const API_OPERATIONS = [
  ['get', '/api/exercises'],
  ['get', '/api/exercises/{slug}'],
  ['get', '/api/exercises/{slug}/submissions'],
  ['post', '/api/exercises/{slug}/submissions'],
  ['get', '/api/submissions/{id}'],
] as const;

describe('GET /api/openapi.json', () => {
  it('describes every API route, with a response schema and the bearer scheme, and no page, without signing in', async () => {
    const response = await test.app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const spec = response.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.components.securitySchemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [method, path] of API_OPERATIONS) {
      const operation = spec.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401']));
    }
    expect(spec.paths['/api/exercises/{slug}/submissions'].post.requestBody.content['application/json'].schema.required).toEqual(['code']);
    expect(Object.keys(spec.paths).every((path) => path.startsWith('/api/'))).toBe(true);
    expect(Object.keys(spec.paths).some((path) => path.startsWith('/api/docs'))).toBe(false);
  });
});

describe('GET /api/docs', () => {
  it('serves the API browser, without signing in, under a policy that works over plain HTTP', async () => {
    const response = await test.app.inject('/api/docs/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('swagger');
    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });
});
