import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenFor } from '../../support/accounts.js';
import { courseWithRoles, signedIn, type CourseWithRoles } from '../../support/course-roles.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';

let test: TestApp;
let roles: CourseWithRoles;
beforeAll(async () => {
  test = await buildTestApp();
  roles = await courseWithRoles(test.app);
});
afterAll(async () => {
  await test.close();
});

describe('GET /courses', () => {
  it('sends a signed-out visitor to sign in', async () => {
    const response = await test.app.inject('/courses');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?next=%2Fcourses');
  });

  it("lists a student's courses with their role and a link to each course home, and no form to create one", async () => {
    const browser = await signedIn(test.app, roles.student);
    const response = await browser.get('/courses');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`href="/courses/${roles.course.slug}"`);
    expect(response.body).toMatch(/<td>student<\/td>/);
    expect(response.body).not.toContain(roles.otherCourse.title);
    expect(response.body).not.toContain('New course');
  });

  it('shows a TA their role in words', async () => {
    const response = await (await signedIn(test.app, roles.ta)).get('/courses');
    expect(response.body).toContain('teaching assistant');
  });

  it('offers an instructor account the new-course form', async () => {
    const response = await (await signedIn(test.app, roles.instructor)).get('/courses');
    expect(response.body).toContain('New course');
    expect(response.body).toMatch(/<form method="post" action="\/courses"/);
  });
});

describe('POST /courses', () => {
  it('creates the course with its creator as instructor and a fresh enrollment code, then opens its settings', async () => {
    const browser = await signedIn(test.app, roles.instructor);
    const _csrf = await browser.csrfToken('/courses');
    const response = await browser.postForm('/courses', { _csrf, title: 'Networks <2026>', slug: 'Networks-2026', timeZone: 'europe/madrid' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/courses/networks-2026/settings');
    const course = await test.app.db.course.findUniqueOrThrow({ where: { slug: 'networks-2026' }, include: { enrollments: true } });
    expect(course).toMatchObject({ title: 'Networks <2026>', timeZone: 'Europe/Madrid' });
    expect(course.enrollmentCode).toMatch(/^[A-Z2-9]{10}$/);
    expect(course.enrollments).toEqual([expect.objectContaining({ userId: roles.instructor.id, role: 'instructor' })]);

    const list = await browser.get('/courses');
    expect(list.body).toContain('Networks &lt;2026&gt;');
    expect(list.body).not.toContain('Networks <2026>');
  });

  it.each([
    [{ title: '', slug: 'valid-slug', timeZone: 'UTC' }, 'NG_ERR_COURSE_TITLE_REQUIRED', 'Give the course a title'],
    [{ title: 'T', slug: 'no spaces', timeZone: 'UTC' }, 'NG_ERR_COURSE_SLUG_INVALID', 'The short name must be'],
    [{ title: 'T', slug: 'valid-slug', timeZone: 'Mars/Olympus' }, 'NG_ERR_TIME_ZONE_UNKNOWN', 'is not a time zone'],
  ])('refuses %o and keeps what was typed', async (fields, _code, sentence) => {
    const browser = await signedIn(test.app, roles.instructor);
    const _csrf = await browser.csrfToken('/courses');
    const response = await browser.postForm('/courses', { _csrf, ...fields });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(sentence);
    expect(response.body).toContain(`value="${fields.slug}"`);
    expect(await test.app.db.course.count({ where: { slug: 'valid-slug' } })).toBe(0);
  });

  it('refuses a short name that is taken', async () => {
    const browser = await signedIn(test.app, roles.instructor);
    const _csrf = await browser.csrfToken('/courses');
    const response = await browser.postForm('/courses', { _csrf, title: 'Again', slug: roles.otherCourse.slug, timeZone: 'UTC' });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('already exists');
  });

  it('refuses a student account, and says why', async () => {
    const browser = await signedIn(test.app, roles.student);
    const _csrf = await browser.csrfToken('/courses');
    const response = await browser.postForm('/courses', { _csrf, title: 'Mine', slug: 'student-course', timeZone: 'UTC' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('id="course-error"');
    expect(await test.app.db.course.count({ where: { slug: 'student-course' } })).toBe(0);
  });

  it('requires the CSRF token', async () => {
    const browser = await signedIn(test.app, roles.instructor);
    const response = await browser.postForm('/courses', { title: 'Forged', slug: 'forged', timeZone: 'UTC' });
    expect(response.statusCode).toBe(403);
    expect(await test.app.db.course.count({ where: { slug: 'forged' } })).toBe(0);
  });
});

describe('/api/courses', () => {
  it('lists my courses with my role', async () => {
    const token = await createTokenFor(test.app, roles.ta.id);
    const response = await test.app.inject({ url: '/api/courses', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    expect(response.json().courses).toEqual([{ slug: roles.course.slug, title: roles.course.title, timeZone: 'UTC', role: 'ta' }]);
  });

  it('creates a course for an instructor account with a token, without a CSRF token', async () => {
    const token = await createTokenFor(test.app, roles.otherInstructor.id);
    const response = await test.app.inject({ method: 'POST', url: '/api/courses', headers: { authorization: `Bearer ${token}` }, payload: { title: 'API course', slug: 'api-course', timeZone: 'America/New_York' } });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ slug: 'api-course', timeZone: 'America/New_York', role: 'instructor', enrollmentCode: expect.stringMatching(/^[A-Z2-9]{10}$/) });
  });

  it('answers a student account with 403 and a catalogue code', async () => {
    const token = await createTokenFor(test.app, roles.student.id);
    const response = await test.app.inject({ method: 'POST', url: '/api/courses', headers: { authorization: `Bearer ${token}` }, payload: { title: 'No', slug: 'no-course' } });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('NG_ERR_COURSE_CREATE_FORBIDDEN');
  });

  it('needs a signed-in user', async () => {
    expect((await test.app.inject('/api/courses')).statusCode).toBe(401);
  });
});
