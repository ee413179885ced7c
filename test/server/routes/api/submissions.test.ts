import { resultForStudent } from '../../../../harness/reports/student-view.js';
import type { GradingResult } from '../../../../harness/result-schema.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { EXERCISE_SLUG, correctSolution } from '../../../support/solutions.js';
import { buildTestApp, createUser, type TestApp } from '../../../support/test-app.js';

let test: TestApp;
let owner: InjectBrowser;
let submissionId: string;
beforeAll(async () => {
  test = await buildTestApp();
  const student = await createUser(test.app);
  owner = new InjectBrowser(test.app);
  await owner.signIn(student.email, student.password);
  const response = await owner.submit(EXERCISE_SLUG, { code: correctSolution() });
  submissionId = String(response.headers.location).split('/').pop()!;
  await test.app.grading.waitFor(submissionId, 20_000);
});
afterAll(async () => {
  await test.close();
});

describe('GET /api/submissions/:id', () => {
  it('returns the result document to the owner, hidden tests reduced to their verdict', async () => {
    const response = await owner.get(`/api/submissions/${submissionId}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json();
    const stored = await test.app.db.submission.findUniqueOrThrow({ where: { id: submissionId } });
    expect(body).toMatchObject({ id: submissionId, exercise: EXERCISE_SLUG, status: 'graded', gradable: true, score: stored.score, maxScore: stored.maxScore });
    const full = JSON.parse(stored.resultJson!) as GradingResult;
    expect(body.result).toEqual(resultForStudent(full));
    const hiddenNames = full.tests.filter((t) => t.visibility === 'hidden').map((t) => t.name);
    expect(hiddenNames.length).toBeGreaterThan(0);
    for (const name of hiddenNames) expect(JSON.stringify(body)).not.toContain(JSON.stringify(name));
    expect(body.score).toBe(body.maxScore);
  });

  it('returns 404 { code, message } to another user', async () => {
    const other = await createUser(test.app);
    const browser = new InjectBrowser(test.app);
    await browser.signIn(other.email, other.password);
    const response = await browser.get(`/api/submissions/${submissionId}`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'NG_ERR_SUBMISSION_NOT_FOUND', message: expect.any(String) });
  });

  it('returns 401 { code, message } without a session', async () => {
    const response = await test.app.inject(`/api/submissions/${submissionId}`);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'NG_ERR_SIGN_IN_REQUIRED', message: expect.any(String) });
  });
});
