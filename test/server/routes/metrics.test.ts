import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InjectBrowser } from '../../support/inject-browser.js';
import { EXERCISE_SLUG, correctSolution, wrongAnswerSolution } from '../../support/solutions.js';
import { buildTestApp, createUser, type TestApp } from '../../support/test-app.js';

let test: TestApp;
beforeAll(async () => {
  test = await buildTestApp();
  const student = await createUser(test.app);
  const browser = new InjectBrowser(test.app);
  await browser.signIn(student.email, student.password);
  for (const code of [correctSolution(), wrongAnswerSolution(), 'export function parseRequest( {']) {
    const response = await browser.submit(EXERCISE_SLUG, { code });
    await test.app.grading.waitFor(String(response.headers.location).split('/').pop()!, 20_000);
  }
});
afterAll(() => test.close());

describe('GET /metrics', () => {
  it('reports gradings by outcome, their latency, the queue depth and worker restarts to a loopback client', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    for (const outcome of ['full-score', 'partial-score', 'ungradable']) {
      expect(text).toContain(`netgrade_gradings_total{exercise="${EXERCISE_SLUG}",outcome="${outcome}"} 1`);
    }
    expect(text).toContain(`netgrade_grading_duration_seconds_count{exercise="${EXERCISE_SLUG}"} 3`);
    expect(text).toMatch(/^netgrade_queue_depth 0$/m);
    expect(text).toMatch(/^netgrade_worker_restarts 0$/m);
    expect(text).toContain('netgrade_process_resident_memory_bytes');
  });

  it('answers 404 to a client that is not on this machine', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('netgrade_');
  });
});
