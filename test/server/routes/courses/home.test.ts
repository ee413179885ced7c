import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenFor } from '../../../support/accounts.js';
import { assign, courseWith, DAY_MS, gradedSubmission, HOUR_MS, type TestCourseRow } from '../../../support/assignments.js';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { EXERCISE_SLUG } from '../../../support/solutions.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../../support/test-app.js';

const OTHER_SLUG = 'dns-message';

describe('GET /courses/:courseSlug', () => {
  let test: TestApp;
  let student: TestUser;
  let extended: TestUser;
  let ta: TestUser;
  let outsider: TestUser;
  let course: TestCourseRow;
  const browsers = new Map<string, InjectBrowser>();

  async function browserOf(user: TestUser): Promise<InjectBrowser> {
    let browser = browsers.get(user.id);
    if (!browser) {
      browser = new InjectBrowser(test.app);
      await browser.signIn(user.email, user.password, '/exercises');
      browsers.set(user.id, browser);
    }
    return browser;
  }

  beforeAll(async () => {
    test = await buildTestApp();
    [student, extended, ta, outsider] = [await createUser(test.app), await createUser(test.app), await createUser(test.app), await createUser(test.app)];
    course = await courseWith(test.app, { [student.id]: 'student', [extended.id]: 'student', [ta.id]: 'ta' }, 'Europe/Madrid');
    const now = Date.now();
    // Due in 2 days 3 hours (and a bit), late period of 3 more days at 10% off per day; best counts.
    const parserDue = new Date(now + 2 * DAY_MS + 3 * HOUR_MS + 10 * 60_000);
    const parser = await assign(test.app, course.id, EXERCISE_SLUG, {
      points: 20,
      dueAt: parserDue,
      lateUntil: new Date(parserDue.getTime() + 3 * DAY_MS),
      latePolicy: 'percent-per-day',
      latePercent: 10,
      submissionsPerHour: 5,
    });
    // Due yesterday, late period ends in 5 hours, last counts, half credit.
    await assign(test.app, course.id, OTHER_SLUG, {
      points: 10,
      dueAt: new Date(now - DAY_MS),
      lateUntil: new Date(now + 5 * HOUR_MS + 10 * 60_000),
      latePolicy: 'fixed-credit',
      latePercent: 50,
      scoring: 'last',
    });
    await test.app.db.extension.create({ data: { assignmentId: parser, userId: extended.id, dueAt: new Date(now + 9 * DAY_MS + 10 * 60_000), lateUntil: null, reason: 'illness' } });
    await gradedSubmission(test.app, student.id, EXERCISE_SLUG, { createdAt: new Date(now - HOUR_MS), score: 5, maxScore: 10 });
    await gradedSubmission(test.app, student.id, EXERCISE_SLUG, { createdAt: new Date(now - 30 * 60_000), score: 8, maxScore: 10 });
    await gradedSubmission(test.app, student.id, EXERCISE_SLUG, { createdAt: new Date(now - 10 * 60_000), score: 6, maxScore: 10 });
  });
  afterAll(async () => {
    await test.close();
  });

  const section = (body: string, slug: string) => {
    const start = body.indexOf(`data-exercise="${slug}"`);
    expect(start, slug).toBeGreaterThan(0);
    return body.slice(start, body.indexOf('</li>\n<', start) + 1 || undefined);
  };

  it('asks a visitor to sign in', async () => {
    const response = await test.app.inject({ method: 'GET', url: `/courses/${course.slug}` });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('/sign-in');
  });

  it('answers 404 to someone who is not a member, as for a course that does not exist', async () => {
    const browser = await browserOf(outsider);
    for (const url of [`/courses/${course.slug}`, '/courses/no-such-course']) {
      const page = await browser.get(url);
      expect(page.statusCode, url).toBe(404);
      expect(page.body).toContain('There is no course at this address');
    }
  });

  it('lists each assignment with its dates in the course time zone, time left, late policy and scoring', async () => {
    const page = await (await browserOf(student)).get(`/courses/${course.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1>${course.title}</h1>`);
    const parser = section(page.body, EXERCISE_SLUG);
    expect(parser).toContain(`href="/exercises/${EXERCISE_SLUG}"`);
    expect(parser).toContain('(Europe/Madrid)');
    expect(parser).toContain('due in 2 days 3 hours');
    expect(parser).toContain('with 10% off for each started day late');
    expect(parser).toContain('Your best counted submission gives the grade.');
    const other = section(page.body, OTHER_SLUG);
    expect(other).toContain('late period: ends in 5 hours');
    expect(other).toContain('for 50% of their score');
    expect(other).toContain('Your last counted submission gives the grade.');
  });

  it("shows the student's counted score (the best of three), attempts and status", async () => {
    const page = await (await browserOf(student)).get(`/courses/${course.slug}`);
    const parser = section(page.body, EXERCISE_SLUG);
    expect(parser).toContain('Counted score: <strong>16 / 20</strong>');
    expect(parser).toContain('3 attempts');
    expect(parser).toContain('>attempted</span>');
    const other = section(page.body, OTHER_SLUG);
    expect(other).toContain('Counted score: <strong>– / 10</strong>');
    expect(other).toContain('>not started</span>');
  });

  it('shows a student with an extension their own due date and the course one', async () => {
    const page = await (await browserOf(extended)).get(`/courses/${course.slug}`);
    const parser = section(page.body, EXERCISE_SLUG);
    expect(parser).toContain('due in 9 days');
    expect(parser).toContain("your extension; the course's due date is");
    expect(parser).toContain('No late submissions');
  });

  it('links staff to the staff pages, and students not', async () => {
    const staffPage = await (await browserOf(ta)).get(`/courses/${course.slug}`);
    expect(staffPage.statusCode).toBe(200);
    for (const path of ['gradebook', 'members', 'assignments', 'regrades', 'audit']) expect(staffPage.body).toContain(`href="/courses/${course.slug}/${path}"`);
    expect(staffPage.body).toContain(`data-exercise="${EXERCISE_SLUG}"`);
    const studentPage = await (await browserOf(student)).get(`/courses/${course.slug}`);
    expect(studentPage.body).not.toContain(`/courses/${course.slug}/gradebook`);
  });

  it('puts Courses in the main navigation', async () => {
    const page = await (await browserOf(student)).get(`/courses/${course.slug}`);
    expect(page.body).toMatch(/<nav aria-label="Main">\s*<a href="\/courses">Courses<\/a>/);
  });

  describe('GET /api/courses/:courseSlug/my-assignments', () => {
    it("gives a student's assignments with the same dates, time left and counted score", async () => {
      const token = await createTokenFor(test.app, student.id);
      const response = await test.app.inject({ method: 'GET', url: `/api/courses/${course.slug}/my-assignments`, headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.course).toEqual({ slug: course.slug, title: course.title, timeZone: 'Europe/Madrid' });
      expect(body.assignments.map((assignment: { exercise: { slug: string } }) => assignment.exercise.slug)).toEqual([OTHER_SLUG, EXERCISE_SLUG]);
      const parser = body.assignments[1];
      expect(parser).toMatchObject({
        phase: 'open',
        timeLeft: 'due in 2 days 3 hours',
        latePolicy: 'percent-per-day',
        latePercent: 10,
        scoring: 'best',
        submissionsPerHour: 5,
        points: 16,
        maxPoints: 20,
        attempts: 3,
        status: 'attempted',
        overridden: false,
        extendedFrom: null,
      });
      expect(parser.dates.dueAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Europe\/Madrid\)$/);
      expect(new Date(parser.instants.dueAt).getTime() - Date.now()).toBeGreaterThan(2 * DAY_MS);
    });

    it('answers 404 to a caller who is not a member, and 401 without a token', async () => {
      const token = await createTokenFor(test.app, outsider.id);
      const refused = await test.app.inject({ method: 'GET', url: `/api/courses/${course.slug}/my-assignments`, headers: { authorization: `Bearer ${token}` } });
      expect(refused.statusCode).toBe(404);
      expect(refused.json().code).toBe('NG_ERR_COURSE_NOT_FOUND');
      const anonymous = await test.app.inject({ method: 'GET', url: `/api/courses/${course.slug}/my-assignments` });
      expect(anonymous.statusCode).toBe(401);
    });
  });
});
