import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInvitation, type InvitationRole } from '../../../../server/invitations.js';
import { hashToken } from '../../../../server/secret-tokens.js';
import { createCourse, type TestCourse } from '../../../support/accounts.js';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { buildTestApp, createUser, type TestApp } from '../../../support/test-app.js';

let test: TestApp;
let course: TestCourse;
beforeEach(async () => {
  test = await buildTestApp();
  course = await createCourse(test.app, { title: 'Networks <script>x</script>' });
});
afterEach(async () => {
  await test.close();
});

const PASSWORD = 'invited password 123';

async function invite(email: string, role: InvitationRole = 'student', extra: { lifetimeMs?: number } = {}): Promise<string> {
  return (await createInvitation(test.app.db, { courseId: course.id, email, role, ...extra })).token;
}

async function accept(browser: InjectBrowser, token: string, fields: Record<string, string> = {}) {
  const _csrf = await browser.csrfToken(`/invitations/${token}`);
  return browser.postForm(`/invitations/${token}`, { _csrf, name: 'Radia Perlman', password: PASSWORD, passwordAgain: PASSWORD, ...fields });
}

describe('createInvitation', () => {
  it('returns a random token once and stores only its SHA-256, with a normalized email and an expiry', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const first = await createInvitation(test.app.db, { courseId: course.id, email: ' Radia@Example.TEST', role: 'ta', now });
    const second = await createInvitation(test.app.db, { courseId: course.id, email: 'radia@example.test', role: 'ta', now });
    expect(first.token).not.toBe(second.token);
    expect(Buffer.from(first.token.slice(4), 'base64url')).toHaveLength(32);
    const row = await test.app.db.invitation.findUniqueOrThrow({ where: { id: first.id } });
    expect(row).toMatchObject({ email: 'radia@example.test', role: 'ta', tokenHash: hashToken(first.token), acceptedAt: null });
    expect(JSON.stringify(row)).not.toContain(first.token);
    expect(row.expiresAt.getTime()).toBeGreaterThan(now.getTime());
  });
});

describe('GET /invitations/:token', () => {
  it('asks a new invitee for a name and a password, showing the course and email escaped', async () => {
    const token = await invite('radia+<b>@example.test');
    const page = await new InjectBrowser(test.app).get(`/invitations/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<label for="name">');
    expect(page.body).toContain('<label for="password">');
    expect(page.body).toContain('Networks &lt;script&gt;x&lt;/script&gt;');
    expect(page.body).not.toContain('<script>x</script>');
    expect(page.body).toContain('radia+&lt;b&gt;@example.test');
  });

  it('asks an invitee who has an account to sign in and come back', async () => {
    const invitee = await createUser(test.app, { email: 'radia@example.test' });
    const token = await invite('radia@example.test');
    const browser = new InjectBrowser(test.app);
    const page = await browser.get(`/invitations/${token}`);
    expect(page.statusCode).toBe(200);
    const next = `/invitations/${token}`;
    expect(page.body).toContain(`href="/sign-in?next=${encodeURIComponent(next)}"`);
    expect(page.body).not.toContain('name="password"');
    const signIn = await browser.signIn(invitee.email, invitee.password, next);
    expect(signIn.headers.location).toBe(next);
  });

  it.each([
    ['unknown', async () => 'ngi_unknown'],
    ['expired', async () => invite('radia@example.test', 'student', { lifetimeMs: -1000 })],
  ])('answers 404 for an %s invitation', async (_label, tokenFor) => {
    const response = await new InjectBrowser(test.app).get(`/invitations/${await tokenFor()}`);
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('This invitation link is not valid');
  });

  it('refuses an invitation for another address to a signed-in user', async () => {
    const someone = await createUser(test.app);
    const browser = new InjectBrowser(test.app);
    await browser.signIn(someone.email, someone.password);
    const response = await browser.get(`/invitations/${await invite('radia@example.test')}`);
    expect(response.statusCode).toBe(403);
  });
});

describe('POST /invitations/:token', () => {
  it('creates the account with the invited role, signs in, and uses the invitation up', async () => {
    const token = await invite('radia@example.test', 'ta');
    const browser = new InjectBrowser(test.app);
    const response = await accept(browser, token);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/exercises');
    const user = await test.app.db.user.findUniqueOrThrow({ where: { email: 'radia@example.test' }, include: { enrollments: true } });
    expect(user).toMatchObject({ name: 'Radia Perlman', role: 'student' });
    expect(user.enrollments).toEqual([expect.objectContaining({ courseId: course.id, role: 'ta' })]);
    expect((await browser.get('/exercises')).statusCode).toBe(200);
    expect((await test.app.db.invitation.findFirstOrThrow({ where: { email: 'radia@example.test' } })).acceptedAt).not.toBeNull();

    const second = new InjectBrowser(test.app);
    expect((await second.get(`/invitations/${token}`)).statusCode).toBe(404);
    const _csrf = await second.csrfToken('/sign-up');
    const again = await second.postForm(`/invitations/${token}`, { _csrf, name: 'Second use', password: PASSWORD, passwordAgain: PASSWORD });
    expect(again.statusCode).toBe(404);
    expect(await test.app.db.user.count({ where: { name: 'Second use' } })).toBe(0);
  });

  it('lets a signed-in invitee join the course with one button', async () => {
    const invitee = await createUser(test.app, { email: 'radia@example.test' });
    const token = await invite('RADIA@example.test', 'instructor');
    const browser = new InjectBrowser(test.app);
    await browser.signIn(invitee.email, invitee.password);
    const page = await browser.get(`/invitations/${token}`);
    expect(page.body).toContain('Join the course');
    const response = await browser.postForm(`/invitations/${token}`, { _csrf: (await browser.csrfToken(`/invitations/${token}`)) });
    expect(response.statusCode).toBe(303);
    const enrollment = await test.app.db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: invitee.id, courseId: course.id } } });
    expect(enrollment.role).toBe('instructor');
  });

  it('does not let another signed-in user take the invitation', async () => {
    const someone = await createUser(test.app);
    const browser = new InjectBrowser(test.app);
    await browser.signIn(someone.email, someone.password);
    const token = await invite('radia@example.test');
    const response = await browser.postForm(`/invitations/${token}`, { _csrf: await browser.csrfToken('/account/password') });
    expect(response.statusCode).toBe(403);
    expect(await test.app.db.enrollment.count({ where: { userId: someone.id } })).toBe(0);
    expect((await test.app.db.invitation.findFirstOrThrow({ where: { email: 'radia@example.test' } })).acceptedAt).toBeNull();
  });

  it('refuses a weak password with the form again and keeps the invitation open', async () => {
    const token = await invite('radia@example.test');
    const response = await accept(new InjectBrowser(test.app), token, { password: 'short', passwordAgain: 'short' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('must be from 10 to 1000 characters');
    expect((await test.app.db.invitation.findFirstOrThrow({ where: { email: 'radia@example.test' } })).acceptedAt).toBeNull();
  });

  it('refuses an expired invitation', async () => {
    const token = await invite('radia@example.test', 'student', { lifetimeMs: 60_000 });
    const browser = new InjectBrowser(test.app);
    const _csrf = await browser.csrfToken(`/invitations/${token}`);
    await test.app.db.invitation.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await browser.postForm(`/invitations/${token}`, { _csrf, name: 'Late', password: PASSWORD, passwordAgain: PASSWORD });
    expect(response.statusCode).toBe(404);
    expect(await test.app.db.user.count()).toBe(0);
  });

  it('refuses a form without a valid CSRF token', async () => {
    const token = await invite('radia@example.test');
    const browser = new InjectBrowser(test.app);
    await browser.get(`/invitations/${token}`);
    const response = await browser.postForm(`/invitations/${token}`, { _csrf: 'forged', name: 'x', password: PASSWORD, passwordAgain: PASSWORD });
    expect(response.statusCode).toBe(403);
    expect(await test.app.db.user.count()).toBe(0);
  });
});
