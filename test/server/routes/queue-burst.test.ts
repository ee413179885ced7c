import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenFor } from '../../support/accounts.js';
import { HeldGrader } from '../../support/held-grader.js';
import { InjectBrowser } from '../../support/inject-browser.js';
import { EXERCISES_DIR, EXERCISE_SLUG, correctSolution } from '../../support/solutions.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../support/test-app.js';

const QUEUED = 200;

let test: TestApp;
let grader: HeldGrader;
let student: TestUser;
let token: string;
let ids: string[];
beforeAll(async () => {
  grader = new HeldGrader(EXERCISES_DIR);
  test = await buildTestApp({ grader });
  student = await createUser(test.app);
  token = await createTokenFor(test.app, student.id);
  ids = [];
  // One after another, so that the order they were sent in is the order they were stored in.
  for (let i = 0; i < QUEUED; i += 1) {
    const response = await test.app.inject({
      method: 'POST',
      url: `/api/exercises/${EXERCISE_SLUG}/submissions`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ code: correctSolution() }),
    });
    expect(response.statusCode).toBe(202);
    ids.push(response.json().id);
  }
  await grader.waitForJobs(QUEUED);
}, 60_000);
afterAll(async () => {
  await test.close();
});

describe(`with ${QUEUED} submissions waiting for the grader`, () => {
  it('GET /healthz answers ok with the queue depth', async () => {
    const response = await test.app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', exercises: expect.any(Number), queueDepth: QUEUED });
  });

  it('GET /api/submissions/:id gives the last one its exact place', async () => {
    const response = await test.app.inject({ url: `/api/submissions/${ids.at(-1)}`, headers: { authorization: `Bearer ${token}` } });
    expect(response.json()).toMatchObject({ status: 'grading', ahead: QUEUED - 1 });
  });

  it('the submission page says how many are ahead', async () => {
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    const page = await browser.get(`/submissions/${ids[10]}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('10 submissions are ahead of yours.');
  });

  it('the place moves up as the ones ahead are graded', async () => {
    await grader.releaseAll();
    for (const id of ids) await test.app.grading.waitFor(id, 20_000);
    const response = await test.app.inject({ url: `/api/submissions/${ids.at(-1)}`, headers: { authorization: `Bearer ${token}` } });
    expect(response.json()).toMatchObject({ status: 'graded', ahead: null });
    expect((await test.app.inject('/healthz')).json().queueDepth).toBe(0);
  }, 60_000);
});
