import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenFor } from '../../support/accounts.js';
import { courseWithRoles, signedIn, type CourseWithRoles } from '../../support/course-roles.js';
import { InjectBrowser } from '../../support/inject-browser.js';
import { buildTestApp, createUser, type TestApp } from '../../support/test-app.js';

let test: TestApp;
let roles: CourseWithRoles;
let membersUrl: string;
beforeEach(async () => {
  test = await buildTestApp();
  roles = await courseWithRoles(test.app);
  membersUrl = `/courses/${roles.course.slug}/members`;
});
afterEach(async () => {
  await test.close();
});

const roleOf = async (userId: string) => (await test.app.db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId: roles.course.id } } }))?.role ?? null;

describe('GET /courses/:courseSlug/members', () => {
  it('lists members with role and student id; a TA sees no forms to change them', async () => {
    const response = await (await signedIn(test.app, roles.ta)).get(membersUrl);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Sara Student');
    expect(response.body).toContain('S-001');
    expect(response.body).not.toContain('/role"');
    expect(response.body).not.toContain('Invite a teaching assistant');
  });

  it('gives an instructor a labelled role menu and a remove button for each member', async () => {
    const response = await (await signedIn(test.app, roles.instructor)).get(membersUrl);
    expect(response.body).toContain(`action="${membersUrl}/${roles.student.id}/role"`);
    expect(response.body).toContain(`<label class="visually-hidden" for="role-${roles.student.id}">Role of Sara Student</label>`);
    expect(response.body).toContain('aria-label="Remove Sara Student from the course"');
  });
});

describe('POST /courses/:courseSlug/members/:userId/role', () => {
  it('changes a role and writes who did it, from what to what, in the audit trail', async () => {
    const browser = await signedIn(test.app, roles.instructor);
    const response = await browser.postForm(`${membersUrl}/${roles.student.id}/role`, { _csrf: await browser.csrfToken(membersUrl), role: 'ta' });
    expect(response.statusCode).toBe(303);
    expect(await roleOf(roles.student.id)).toBe('ta');
    const event = await test.app.db.auditEvent.findFirstOrThrow({ where: { kind: 'role' } });
    expect(event).toMatchObject({ courseId: roles.course.id, actorId: roles.instructor.id, subjectUserId: roles.student.id });
    expect(JSON.parse(event.detailJson)).toEqual({ before: { role: 'student' }, after: { role: 'ta' } });
  });

  it('never demotes the last instructor', async () => {
    const browser = await signedIn(test.app, roles.instructor);
    const response = await browser.postForm(`${membersUrl}/${roles.instructor.id}/role`, { _csrf: await browser.csrfToken(membersUrl), role: 'student' });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('A course needs at least one instructor');
    expect(await roleOf(roles.instructor.id)).toBe('instructor');
    expect(await test.app.db.auditEvent.count()).toBe(0);
  });

  it('lets an instructor step down once there is another', async () => {
    const browser = await signedIn(test.app, roles.instructor);
    const _csrf = await browser.csrfToken(membersUrl);
    expect((await browser.postForm(`${membersUrl}/${roles.ta.id}/role`, { _csrf, role: 'instructor' })).statusCode).toBe(303);
    expect((await browser.postForm(`${membersUrl}/${roles.instructor.id}/role`, { _csrf, role: 'ta' })).statusCode).toBe(303);
    expect(await roleOf(roles.instructor.id)).toBe('ta');
    // No longer an instructor: the next change is refused.
    expect((await browser.postForm(`${membersUrl}/${roles.student.id}/role`, { _csrf, role: 'ta' })).statusCode).toBe(403);
  });

  it('refuses an unknown role and a user who is not a member', async () => {
    const browser = await signedIn(test.app, roles.instructor);
    const _csrf = await browser.csrfToken(membersUrl);
    expect((await browser.postForm(`${membersUrl}/${roles.student.id}/role`, { _csrf, role: 'owner' })).statusCode).toBe(422);
    expect((await browser.postForm(`${membersUrl}/${roles.otherInstructor.id}/role`, { _csrf, role: 'ta' })).statusCode).toBe(404);
    expect(await roleOf(roles.otherInstructor.id)).toBeNull();
  });
});

describe('POST /courses/:courseSlug/members/:userId/remove', () => {
  it('removes a member and records it; the last instructor cannot be removed', async () => {
    const browser = await signedIn(test.app, roles.instructor);
    const _csrf = await browser.csrfToken(membersUrl);
    expect((await browser.postForm(`${membersUrl}/${roles.student.id}/remove`, { _csrf })).statusCode).toBe(303);
    expect(await roleOf(roles.student.id)).toBeNull();
    const event = await test.app.db.auditEvent.findFirstOrThrow({ where: { subjectUserId: roles.student.id } });
    expect(JSON.parse(event.detailJson)).toEqual({ before: { role: 'student', studentNumber: 'S-001' }, after: null });

    expect((await browser.postForm(`${membersUrl}/${roles.instructor.id}/remove`, { _csrf })).statusCode).toBe(409);
    expect(await roleOf(roles.instructor.id)).toBe('instructor');
  });
});

describe('POST /courses/:courseSlug/members/invitations', () => {
  it('creates an invitation, shows its link once, and the link joins the course with that role', async () => {
    const browser = await signedIn(test.app, roles.instructor);
    const response = await browser.postForm(`${membersUrl}/invitations`, { _csrf: await browser.csrfToken(membersUrl), email: 'New.TA@Example.org', role: 'ta' });
    expect(response.statusCode).toBe(201);
    const link = /<pre class="value" id="invitation-link">(http:\/\/[^<]+)<\/pre>/.exec(response.body)![1]!;
    const invitation = await test.app.db.invitation.findFirstOrThrow({ where: { courseId: roles.course.id } });
    expect(invitation).toMatchObject({ email: 'new.ta@example.org', role: 'ta', createdById: roles.instructor.id });
    expect(invitation.tokenHash).not.toBe(link.split('/').pop());
    expect(response.body).toContain('There is no mail server');
    expect((await browser.get(membersUrl)).body).not.toContain(link);

    const invitee = new InjectBrowser(test.app);
    const path = new URL(link).pathname;
    const _csrf = await invitee.csrfToken(path);
    const joined = await invitee.postForm(path, { _csrf, name: 'New TA', password: 'a long enough password', passwordAgain: 'a long enough password' });
    expect(joined.statusCode).toBe(303);
    const user = await test.app.db.user.findUniqueOrThrow({ where: { email: 'new.ta@example.org' } });
    expect(await roleOf(user.id)).toBe('ta');
  });

  it('refuses to invite a student, a bad address, or a member', async () => {
    const browser = await signedIn(test.app, roles.instructor);
    const _csrf = await browser.csrfToken(membersUrl);
    expect((await browser.postForm(`${membersUrl}/invitations`, { _csrf, email: 'a@example.org', role: 'student' })).statusCode).toBe(422);
    expect((await browser.postForm(`${membersUrl}/invitations`, { _csrf, email: 'nope', role: 'ta' })).statusCode).toBe(422);
    const member = await browser.postForm(`${membersUrl}/invitations`, { _csrf, email: roles.student.email, role: 'ta' });
    expect(member.statusCode).toBe(409);
    expect(member.body).toContain('is already a member');
    expect(await test.app.db.invitation.count()).toBe(0);
  });
});

describe('/api/courses/:courseSlug/members', () => {
  it('lists, changes, removes and invites with a token', async () => {
    const headers = { authorization: `Bearer ${await createTokenFor(test.app, roles.instructor.id)}` };
    const api = `/api${membersUrl}`;
    const list = await test.app.inject({ url: api, headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().members.map((member: { role: string }) => member.role)).toEqual(['instructor', 'ta', 'student']);
    expect(list.json().members[2]).toMatchObject({ userId: roles.student.id, studentNumber: 'S-001' });

    const changed = await test.app.inject({ method: 'PATCH', url: `${api}/${roles.ta.id}`, headers, payload: { role: 'student', reason: 'left the team' } });
    expect(changed.statusCode).toBe(204);
    expect(await roleOf(roles.ta.id)).toBe('student');
    expect((await test.app.db.auditEvent.findFirstOrThrow({ where: { subjectUserId: roles.ta.id } })).reason).toBe('left the team');

    const last = await test.app.inject({ method: 'PATCH', url: `${api}/${roles.instructor.id}`, headers, payload: { role: 'ta' } });
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe('NG_ERR_LAST_INSTRUCTOR');

    expect((await test.app.inject({ method: 'DELETE', url: `${api}/${roles.ta.id}`, headers })).statusCode).toBe(204);
    expect(await roleOf(roles.ta.id)).toBeNull();

    const invited = await test.app.inject({ method: 'POST', url: `/api/courses/${roles.course.slug}/invitations`, headers, payload: { email: 'prof@example.org', role: 'instructor' } });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().link).toMatch(/\/invitations\/ngi_/);
  });

  it('lets a new instructor account join by an API invitation', async () => {
    const other = await createUser(test.app, { email: 'co@example.org' });
    const headers = { authorization: `Bearer ${await createTokenFor(test.app, roles.instructor.id)}` };
    const invited = await test.app.inject({ method: 'POST', url: `/api/courses/${roles.course.slug}/invitations`, headers, payload: { email: other.email, role: 'instructor' } });
    const browser = await signedIn(test.app, other);
    const path = new URL(invited.json().link).pathname;
    const joined = await browser.postForm(path, { _csrf: await browser.csrfToken(path) });
    expect(joined.statusCode).toBe(303);
    expect(await roleOf(other.id)).toBe('instructor');
  });
});
