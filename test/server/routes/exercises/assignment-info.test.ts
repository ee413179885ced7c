import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, courseWith, DAY_MS, HOUR_MS } from '../../../support/assignments.js';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { EXERCISE_SLUG } from '../../../support/solutions.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../../support/test-app.js';

describe('GET /exercises/:slug for an exercise assigned in my courses', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp();
  });
  afterAll(async () => {
    await test.close();
  });

  async function exercisePage(student: TestUser): Promise<string> {
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password, '/exercises');
    const page = await browser.get(`/exercises/${EXERCISE_SLUG}`);
    expect(page.statusCode).toBe(200);
    return page.body;
  }

  it('shows the due date, time left, late policy, scoring and the submissions-per-hour limit', async () => {
    const student = await createUser(test.app);
    const course = await courseWith(test.app, { [student.id]: 'student' }, 'America/New_York');
    await assign(test.app, course.id, EXERCISE_SLUG, { dueAt: new Date(Date.now() + 3 * HOUR_MS + 30 * 60_000), submissionsPerHour: 4, scoring: 'last' });
    const body = await exercisePage(student);
    expect(body).toContain('<h2 id="assignment-heading">Your assignment</h2>');
    expect(body).toContain(`href="/courses/${course.slug}">${course.title}</a>`);
    expect(body).toContain('(America/New_York)');
    expect(body).toMatch(/due in 3 hours \d+ minutes/);
    expect(body).toContain('No late submissions');
    expect(body).toContain('Your last counted submission gives the grade.');
    expect(body).toContain('At most 4 submissions in any 60 minutes.');
    expect(body).not.toContain('Closed:');
  });

  it('says a closed assignment still grades submissions as practice but no longer counts them', async () => {
    const student = await createUser(test.app);
    const course = await courseWith(test.app, { [student.id]: 'student' });
    await assign(test.app, course.id, EXERCISE_SLUG, { dueAt: new Date(Date.now() - 2 * DAY_MS), lateUntil: new Date(Date.now() - DAY_MS), latePolicy: 'fixed-credit', latePercent: 50 });
    const body = await exercisePage(student);
    expect(body).toContain('>closed</strong>');
    expect(body).toContain('Closed: submissions are still graded, as practice, but they no longer count.');
    expect(body).toContain('No limit on submissions.');
  });

  it('shows nothing of assignments to a student whose courses do not assign the exercise', async () => {
    const student = await createUser(test.app);
    const other = await createUser(test.app);
    const course = await courseWith(test.app, { [other.id]: 'student' });
    await assign(test.app, course.id, EXERCISE_SLUG, { dueAt: new Date(Date.now() + DAY_MS) });
    const body = await exercisePage(student);
    expect(body).not.toContain('assignment-heading');
    expect(body).not.toContain(course.title);
  });
});
