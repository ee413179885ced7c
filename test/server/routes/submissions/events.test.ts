import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StatusEvent } from '../../../../server/routes/submissions/events.js';
import { HeldGrader } from '../../../support/held-grader.js';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { EXERCISES_DIR, EXERCISE_SLUG, correctSolution } from '../../../support/solutions.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../../support/test-app.js';

let test: TestApp;
let grader: HeldGrader;
let student: TestUser;
let browser: InjectBrowser;
let baseUrl: string;
beforeAll(async () => {
  grader = new HeldGrader(EXERCISES_DIR);
  test = await buildTestApp({ grader });
  student = await createUser(test.app);
  browser = new InjectBrowser(test.app);
  await browser.signIn(student.email, student.password);
  baseUrl = await test.app.listen({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  await grader.releaseAll();
});
afterAll(async () => {
  await test.close();
});

/** Stores a submission as the form does (queued), without handing it to the grading queue yet. */
async function storeQueued(userId: string, minutesAgo = 0): Promise<string> {
  const { rowId } = test.app.exercises.find(EXERCISE_SLUG)!;
  const row = await test.app.db.submission.create({
    data: { userId, exerciseId: rowId, language: 'ts', filename: 'solution.ts', code: correctSolution(), createdAt: new Date(Date.now() - minutesAgo * 60_000) },
  });
  return row.id;
}

/** Opens a submission's event stream over real HTTP and reads its `status` events one by one. */
async function openEvents(submissionId: string) {
  const response = await fetch(`${baseUrl}/submissions/${submissionId}/events`, { headers: { cookie: browser.cookieHeader, accept: 'text/event-stream' } });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    response,
    /** The next status event, or undefined once the server has ended the stream. */
    async next(): Promise<StatusEvent | undefined> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const data = block.find((line) => line.startsWith('data: '));
          if (block.includes('event: status') && data) return JSON.parse(data.slice('data: '.length)) as StatusEvent;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) return undefined;
        buffer += value;
      }
    },
  };
}

describe('GET /submissions/:id/events', () => {
  it('sends queued with the number ahead, then grading, then done, and ends the stream', async () => {
    const other = await createUser(test.app);
    await storeQueued(other.id, 10);
    const id = await storeQueued(student.id);

    const events = await openEvents(id);
    expect(events.response.status).toBe(200);
    expect(events.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await events.next()).toEqual({ status: 'queued', ahead: 1, done: false });

    test.app.grading.enqueue(id);
    expect(await events.next()).toEqual({ status: 'grading', ahead: 1, done: false });

    await grader.waitForJobs(1);
    await grader.releaseAll();
    expect(await events.next()).toEqual({ status: 'graded', ahead: 0, done: true });
    expect(await events.next()).toBeUndefined();
    await test.app.db.submission.deleteMany({ where: { userId: other.id } });
  });

  it('moves the submission up as the ones ahead of it are graded', async () => {
    const other = await createUser(test.app);
    const ahead = await storeQueued(other.id, 5);
    const id = await storeQueued(student.id);

    const events = await openEvents(id);
    expect(await events.next()).toEqual({ status: 'queued', ahead: 1, done: false });
    test.app.grading.enqueue(ahead);
    await grader.waitForJobs(1);
    await grader.releaseAll();
    expect(await events.next()).toEqual({ status: 'queued', ahead: 0, done: false });

    test.app.grading.enqueue(id);
    await grader.waitForJobs(1);
    grader.failAll('the worker stopped');
    let last: StatusEvent | undefined;
    for (let event = await events.next(); event; event = await events.next()) last = event;
    expect(last).toEqual({ status: 'failed', ahead: 0, done: true });
  });

  it('sends a single done event for a submission already graded', async () => {
    const id = await storeQueued(student.id);
    await test.app.db.submission.update({ where: { id }, data: { status: 'graded', gradable: true, score: 1, maxScore: 1 } });
    const response = await browser.get(`/submissions/${id}/events`);
    expect(response.statusCode).toBe(200);
    expect(response.body.match(/^event: status$/gm)).toHaveLength(1);
    expect(response.body).toContain('data: {"status":"graded","ahead":0,"done":true}');
  });

  it('keeps the security headers on the stream', async () => {
    const id = await storeQueued(student.id);
    await test.app.db.submission.update({ where: { id }, data: { status: 'failed' } });
    const response = await browser.get(`/submissions/${id}/events`);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('returns 404 for another student’s submission, exactly as for a missing one', async () => {
    const other = await createUser(test.app);
    const theirs = await storeQueued(other.id);
    const foreign = await browser.get(`/submissions/${theirs}/events`);
    const missing = await browser.get('/submissions/cnosuchsubmission000000000/events');
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(foreign.body).toContain('NG_ERR_SUBMISSION_NOT_FOUND');
    expect(foreign.body).not.toContain('event: status');
    expect(foreign.body.replace(/value="[^"]+"/g, '')).toBe(missing.body.replace(/value="[^"]+"/g, ''));
    await test.app.db.submission.delete({ where: { id: theirs } });
  });

  it('redirects a visitor to the sign-in page', async () => {
    const response = await test.app.inject('/submissions/anything/events');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?next=%2Fsubmissions%2Fanything%2Fevents');
  });
});

describe('GET /submissions/:id/events when the service stops', () => {
  it('ends open streams so the service can close', async () => {
    const own = await buildTestApp({ grader: new HeldGrader(EXERCISES_DIR) });
    const user = await createUser(own.app);
    const ownBrowser = new InjectBrowser(own.app);
    await ownBrowser.signIn(user.email, user.password);
    const { rowId } = own.app.exercises.find(EXERCISE_SLUG)!;
    const row = await own.app.db.submission.create({ data: { userId: user.id, exerciseId: rowId, language: 'ts', filename: 'a.ts', code: 'x' } });
    const url = await own.app.listen({ host: '127.0.0.1', port: 0 });
    const response = await fetch(`${url}/submissions/${row.id}/events`, { headers: { cookie: ownBrowser.cookieHeader } });
    const body = response.text();
    await own.close();
    await expect(body).resolves.toContain('"status":"queued"');
  });
});
