import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenFor } from '../../../support/accounts.js';
import { assign, courseWith, DAY_MS, gradedSubmission, HOUR_MS } from '../../../support/assignments.js';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { EXERCISE_SLUG } from '../../../support/solutions.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../../support/test-app.js';

/**
 * The after-due test of a stored result is shown to its author only once every due date of the
 * exercise in their courses (their extension applied) has passed.
 */
describe('after-due tests on GET /submissions/:id and GET /api/submissions/:id', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp();
  });
  afterAll(async () => {
    await test.close();
  });

  /** A student with one graded submission sent an hour ago, in courses set up by `arrange`. */
  async function studentWith(arrange: (student: TestUser) => Promise<void>) {
    const student = await createUser(test.app);
    await arrange(student);
    const id = await gradedSubmission(test.app, student.id, EXERCISE_SLUG, { createdAt: new Date(Date.now() - HOUR_MS) });
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password, '/exercises');
    const page = await browser.get(`/submissions/${id}`);
    expect(page.statusCode).toBe(200);
    const token = await createTokenFor(test.app, student.id);
    const api = (await test.app.inject({ method: 'GET', url: `/api/submissions/${id}`, headers: { authorization: `Bearer ${token}` } })).json();
    return { page: page.body, api, student };
  }

  const dueIn = (ms: number) => async (student: TestUser) => {
    const course = await courseWith(test.app, { [student.id]: 'student' });
    await assign(test.app, course.id, EXERCISE_SLUG, { dueAt: new Date(Date.now() + ms) });
  };

  function expectHidden({ page, api }: { page: string; api: { result: { tests: { name: string; visibility: string }[] } } }) {
    expect(page).not.toContain('Case named later-case');
    expect(page).not.toContain('expected of later-case');
    expect(page).not.toContain('input of later-case');
    expect(api.result.tests.map((t) => [t.name, t.visibility])).toEqual([
      ['Case named shown-case', 'public'],
      ['Hidden test 1', 'hidden'],
      ['Hidden test 2', 'hidden'],
    ]);
    expect(JSON.stringify(api)).not.toContain('later-case');
  }

  it('hides it before the due date', async () => {
    expectHidden(await studentWith(dueIn(DAY_MS)));
  });

  it('hides it when the exercise is assigned in none of the student’s courses', async () => {
    expectHidden(await studentWith(async () => undefined));
  });

  it('shows it in full after the due date, while the hidden test stays hidden', async () => {
    const { page, api } = await studentWith(dueIn(-DAY_MS));
    expect(page).toContain('<span class="test-name">Case named later-case</span>');
    expect(page).toContain('shown after the due date');
    expect(page).toContain('expected of later-case');
    expect(page).toContain('input of later-case');
    expect(page).not.toContain('Case named kept-case');
    const later = api.result.tests.find((t: { id: string }) => t.id === 'later-case');
    expect(later).toMatchObject({ visibility: 'after-due', input: 'input of later-case', expected: '"expected of later-case"', actual: '"actual of later-case"' });
    expect(JSON.stringify(api)).not.toContain('kept-case');
  });

  it('keeps it hidden from a student whose extension has not run out, though the course due date has passed', async () => {
    const result = await studentWith(async (student) => {
      const course = await courseWith(test.app, { [student.id]: 'student' });
      const assignmentId = await assign(test.app, course.id, EXERCISE_SLUG, { dueAt: new Date(Date.now() - DAY_MS) });
      await test.app.db.extension.create({ data: { assignmentId, userId: student.id, dueAt: new Date(Date.now() + DAY_MS), reason: 'illness' } });
    });
    expectHidden(result);
  });

  it('keeps it hidden until the due date has passed in every course that assigns the exercise', async () => {
    expectHidden(
      await studentWith(async (student) => {
        await dueIn(-DAY_MS)(student);
        await dueIn(DAY_MS)(student);
      }),
    );
  });
});

describe('how a submission counts, on GET /submissions/:id and GET /api/submissions/:id', () => {
  let test: TestApp;
  let student: TestUser;
  let browser: InjectBrowser;
  let token: string;
  let courseTitle: string;
  const now = Date.now();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await buildTestApp();
    student = await createUser(test.app);
    const course = await courseWith(test.app, { [student.id]: 'student' });
    courseTitle = course.title;
    // Opened 10 days ago, due 2 days ago, late until tomorrow at 20% off per started day; 50 points; best counts.
    await assign(test.app, course.id, EXERCISE_SLUG, {
      points: 50,
      opensAt: new Date(now - 10 * DAY_MS),
      dueAt: new Date(now - 2 * DAY_MS),
      lateUntil: new Date(now + DAY_MS),
      latePolicy: 'percent-per-day',
      latePercent: 20,
    });
    const send = (createdAt: number, fields: { score?: number; gradable?: boolean } = {}) => gradedSubmission(test.app, student.id, EXERCISE_SLUG, { createdAt: new Date(createdAt), maxScore: 10, ...fields });
    ids.early = await send(now - 11 * DAY_MS, { score: 10 });
    ids.onTime = await send(now - 3 * DAY_MS, { score: 6 });
    ids.late = await send(now - DAY_MS, { score: 10 }); // one started day late: 80% of 50
    ids.syntax = await send(now - HOUR_MS, { gradable: false });
    browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password, '/exercises');
    token = await createTokenFor(test.app, student.id);
  });
  afterAll(async () => {
    await test.close();
  });

  async function standing(id: string) {
    const page = (await browser.get(`/submissions/${id}`)).body;
    const api = (await test.app.inject({ method: 'GET', url: `/api/submissions/${id}`, headers: { authorization: `Bearer ${token}` } })).json();
    expect(api.howItCounts).toHaveLength(1);
    expect(page).toContain('<h2 id="counts-heading">How it counts</h2>');
    expect(page).toContain(courseTitle);
    return { page, count: api.howItCounts[0] };
  }

  it('names the late submission with the most points as the one that counts, with its penalty', async () => {
    const { page, count } = await standing(ids.late!);
    expect(count).toMatchObject({ verdict: 'counts', points: 40, maxPoints: 50, late: { daysLate: 1, penaltyPercent: 20 } });
    expect(page).toContain('This is the submission that counts: 40 / 50 points. Sent 1 day late: 20% off.');
    expect(page).toContain('Towards your grade: <strong>40 / 50</strong>');
  });

  it('says an on-time submission with fewer points is superseded by the better one', async () => {
    const { page, count } = await standing(ids.onTime!);
    expect(count).toMatchObject({ verdict: 'superseded', points: 0, late: null });
    expect(page).toContain('Superseded: your best submission counts (40 / 50 points); this one would earn 30.');
  });

  it('says a submission sent before the assignment opened does not count', async () => {
    const { page, count } = await standing(ids.early!);
    expect(count).toMatchObject({ verdict: 'outside-window', points: null });
    expect(page).toContain('Does not count: sent before the assignment opened');
  });

  it('says a syntax error does not count as an attempt', async () => {
    const { page, count } = await standing(ids.syntax!);
    expect(count).toMatchObject({ verdict: 'not-an-attempt', points: null });
    expect(page).toContain('it is not an attempt and costs you nothing');
  });
});
