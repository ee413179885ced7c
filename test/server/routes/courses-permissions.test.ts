/**
 * Who may open and post to each course page and API route: a table of routes and the roles they
 * let in, checked for every role, for a signed-in stranger and for an instructor of another course.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenFor } from '../../support/accounts.js';
import { courseWithRoles, signedIn, type CourseWithRoles } from '../../support/course-roles.js';
import type { InjectBrowser } from '../../support/inject-browser.js';
import { buildTestApp, type TestApp, type TestUser } from '../../support/test-app.js';

let test: TestApp;
let roles: CourseWithRoles;
let assignmentId: string;
let otherAssignmentId: string;
const browsers = new Map<string, InjectBrowser>();

beforeAll(async () => {
  test = await buildTestApp();
  roles = await courseWithRoles(test.app);
  const exercise = await test.app.db.exercise.findFirstOrThrow({ orderBy: { slug: 'asc' } });
  const dueAt = new Date(Date.now() + 7 * 24 * 3_600_000);
  assignmentId = (await test.app.db.assignment.create({ data: { courseId: roles.course.id, exerciseId: exercise.id, dueAt } })).id;
  otherAssignmentId = (await test.app.db.assignment.create({ data: { courseId: roles.otherCourse.id, exerciseId: exercise.id, dueAt } })).id;
  for (const who of ['instructor', 'ta', 'student', 'outsider', 'otherInstructor'] as const) browsers.set(who, await signedIn(test.app, roles[who]));
});
afterAll(async () => {
  await test.close();
});

type Who = 'instructor' | 'ta' | 'student' | 'outsider' | 'otherInstructor';
const STAFF: Who[] = ['instructor', 'ta'];
const INSTRUCTORS: Who[] = ['instructor'];

const PAGES: [string, Who[]][] = [
  ['/settings', INSTRUCTORS],
  ['/members', STAFF],
  ['/roster', INSTRUCTORS],
  ['/assignments', STAFF],
  ['/assignments/new', INSTRUCTORS],
  ['/assignments/:a/edit', INSTRUCTORS],
  ['/assignments/:a/delete', INSTRUCTORS],
  ['/assignments/:a/extensions', STAFF],
];

/** Form posts, sent with a valid CSRF token and empty fields: a refused role never gets to validation. */
const POSTS: [string, Who[]][] = [
  ['/settings', INSTRUCTORS],
  ['/settings/enrollment-code', INSTRUCTORS],
  ['/members/:student/role', INSTRUCTORS],
  ['/members/:student/remove', INSTRUCTORS],
  ['/members/invitations', INSTRUCTORS],
  ['/roster/preview', INSTRUCTORS],
  ['/roster', INSTRUCTORS],
  ['/assignments', INSTRUCTORS],
  ['/assignments/:a', INSTRUCTORS],
  ['/assignments/:a/delete', INSTRUCTORS],
  ['/assignments/:a/extensions', STAFF],
  ['/assignments/:a/extensions/:student/remove', STAFF],
];

const DUE = '2030-01-01T12:00:00Z';
const CSV = 'Ada,ada@example.org,1';

/** Each route with a body its schema accepts, so the answer comes from the role check. */
const API: [string, string, Who[], Record<string, unknown>?][] = [
  ['GET', '/settings', INSTRUCTORS],
  ['PATCH', '/settings', INSTRUCTORS, { title: 'Changed' }],
  ['POST', '/settings/enrollment-code', INSTRUCTORS],
  ['GET', '/members', STAFF],
  ['PATCH', '/members/:student', INSTRUCTORS, { role: 'ta' }],
  ['DELETE', '/members/:student', INSTRUCTORS],
  ['POST', '/invitations', INSTRUCTORS, { email: 'new@example.org', role: 'ta' }],
  ['POST', '/roster/preview', INSTRUCTORS, { csv: CSV }],
  ['POST', '/roster', INSTRUCTORS, { csv: CSV }],
  ['GET', '/assignments', STAFF],
  ['POST', '/assignments', INSTRUCTORS, { exercise: 'http-request-parser', dueAt: DUE }],
  ['GET', '/assignments/:a', STAFF],
  ['PUT', '/assignments/:a', INSTRUCTORS, { dueAt: DUE }],
  ['DELETE', '/assignments/:a', INSTRUCTORS],
  ['GET', '/assignments/:a/extensions', STAFF],
  ['PUT', '/assignments/:a/extensions/:student', STAFF, { dueAt: DUE, reason: 'ill' }],
  ['DELETE', '/assignments/:a/extensions/:student?reason=x', STAFF],
];

const EVERYONE: Who[] = ['instructor', 'ta', 'student', 'outsider', 'otherInstructor'];

function url(path: string, course: { slug: string }, assignment: string): string {
  return `/courses/${course.slug}${path.replace(':a', assignment).replace(':student', roles.student.id)}`;
}

/** Members of the course who may not: 403. Anyone else: 404, as if the course did not exist. */
function expectedRefusal(who: Who): number {
  return who === 'outsider' || who === 'otherInstructor' ? 404 : 403;
}

describe('course pages', () => {
  for (const [path, allowed] of PAGES) {
    for (const who of EVERYONE) {
      const status = allowed.includes(who) ? 200 : expectedRefusal(who);
      it(`GET ${path} answers ${who} with ${status}`, async () => {
        const response = await browsers.get(who)!.get(url(path, roles.course, assignmentId));
        expect(response.statusCode).toBe(status);
      });
    }
  }

  it("answers an instructor with 404 for another course's pages, even with an id of that course", async () => {
    const browser = browsers.get('instructor')!;
    for (const [path] of PAGES) expect((await browser.get(url(path, roles.otherCourse, otherAssignmentId))).statusCode).toBe(404);
  });

  it("answers 404 for an assignment of another course under one's own course", async () => {
    const response = await browsers.get('instructor')!.get(url('/assignments/:a/edit', roles.course, otherAssignmentId));
    expect(response.statusCode).toBe(404);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const response = await test.app.inject(url('/members', roles.course, assignmentId));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/sign-in\?next=/);
  });
});

describe('course forms', () => {
  const csrfOf = async (browser: InjectBrowser) => browser.csrfToken('/account/tokens');

  for (const [path, allowed] of POSTS) {
    for (const who of EVERYONE.filter((role) => !allowed.includes(role))) {
      const status = expectedRefusal(who);
      it(`POST ${path} answers ${who} with ${status} and changes nothing`, async () => {
        const browser = browsers.get(who)!;
        const before = await test.app.db.auditEvent.count();
        const response = await browser.postForm(url(path, roles.course, assignmentId), { _csrf: await csrfOf(browser) });
        expect(response.statusCode).toBe(status);
        expect(await test.app.db.auditEvent.count()).toBe(before);
      });
    }
    it(`POST ${path} needs the CSRF token, even from an instructor`, async () => {
      const response = await browsers.get('instructor')!.postForm(url(path, roles.course, assignmentId), {});
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('This form has expired');
    });
  }
});

describe('course API', () => {
  const tokens = new Map<string, string>();
  const tokenOf = async (user: TestUser) => {
    if (!tokens.has(user.id)) tokens.set(user.id, await createTokenFor(test.app, user.id));
    return tokens.get(user.id)!;
  };

  for (const [method, path, allowed, payload] of API) {
    for (const who of EVERYONE.filter((role) => !allowed.includes(role))) {
      const status = expectedRefusal(who);
      it(`${method} /api/courses/…${path} answers ${who} with ${status}`, async () => {
        const response = await test.app.inject({
          method: method as 'GET',
          url: `/api${url(path, roles.course, assignmentId)}`,
          headers: { authorization: `Bearer ${await tokenOf(roles[who])}` },
          ...(payload ? { payload } : {}),
        });
        expect(response.statusCode).toBe(status);
        expect(response.json().code).toBe(status === 404 ? 'NG_ERR_COURSE_NOT_FOUND' : 'NG_ERR_COURSE_ROLE_REQUIRED');
      });
    }
  }

  it('needs a CSRF token for a write signed in by the session cookie', async () => {
    const browser = browsers.get('instructor')!;
    const response = await test.app.inject({
      method: 'PATCH',
      url: `/api/courses/${roles.course.slug}/settings`,
      headers: { cookie: browser.cookieHeader },
      payload: { title: 'Forged' },
    });
    expect(response.statusCode).toBe(403);
    expect((await test.app.db.course.findUniqueOrThrow({ where: { id: roles.course.id } })).title).toBe(roles.course.title);
  });
});
