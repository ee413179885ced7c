import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { courseWith } from '../../support/assignments.js';
import { InjectBrowser, csrfTokenIn } from '../../support/inject-browser.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../support/test-app.js';

let test: TestApp;
let student: TestUser;
beforeEach(async () => {
  test = await buildTestApp({ env: { NETGRADE_SIGN_IN_ATTEMPTS_PER_MINUTE: '5' } });
  student = await createUser(test.app, { name: 'Ada <Lovelace>' });
});
afterEach(async () => {
  await test.close();
});

describe('GET /sign-in', () => {
  it('shows a labelled email and password form with a CSRF token', async () => {
    const response = await new InjectBrowser(test.app).get('/sign-in');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<label for="email">');
    expect(response.body).toContain('<label for="password">');
    expect(csrfTokenIn(response.body)).not.toBe('');
  });

  it('sends a signed-in user on to the exercises', async () => {
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    const response = await browser.get('/sign-in');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/exercises');
  });
});

describe('POST /sign-in', () => {
  it('signs in with the right password and redirects to the exercises', async () => {
    const browser = new InjectBrowser(test.app);
    const response = await browser.signIn(student.email, student.password);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/exercises');
    const page = await browser.get('/exercises');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(student.email);
  });

  it('matches the email without regard to case or surrounding spaces', async () => {
    const response = await new InjectBrowser(test.app).signIn(`  ${student.email.toUpperCase()} `, student.password);
    expect(response.statusCode).toBe(303);
  });

  it('escapes the user name in the page header', async () => {
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    const page = await browser.get('/exercises');
    expect(page.body).toContain('Ada &lt;Lovelace&gt;');
    expect(page.body).not.toContain('Ada <Lovelace>');
  });

  it('refuses a wrong password with 401, the form again and the email kept', async () => {
    const browser = new InjectBrowser(test.app);
    const response = await browser.signIn(student.email, 'not the password');
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('The email address or the password is wrong.');
    expect(response.body).toContain(`value="${student.email}"`);
    expect((await browser.get('/exercises')).statusCode).toBe(303);
  });

  it('gives an unknown email the same answer as a wrong password', async () => {
    const response = await new InjectBrowser(test.app).signIn('nobody@example.test', 'whatever');
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('The email address or the password is wrong.');
  });

  it('escapes the email it shows again', async () => {
    const response = await new InjectBrowser(test.app).signIn('"><script>alert(1)</script>', 'x');
    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('returns 403 when the CSRF token is missing', async () => {
    const browser = new InjectBrowser(test.app);
    await browser.get('/sign-in');
    const response = await browser.postForm('/sign-in', { email: student.email, password: student.password });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('NG_ERR_CSRF_INVALID');
  });

  it('returns 403 when the CSRF token belongs to another session', async () => {
    const token = await new InjectBrowser(test.app).csrfToken('/sign-in');
    const browser = new InjectBrowser(test.app);
    await browser.get('/sign-in');
    const response = await browser.postForm('/sign-in', { _csrf: token, email: student.email, password: student.password });
    expect(response.statusCode).toBe(403);
  });

  it('goes back to the page that asked for a sign-in', async () => {
    const response = await new InjectBrowser(test.app).signIn(student.email, student.password, '/exercises/http-request-parser');
    expect(response.headers.location).toBe('/exercises/http-request-parser');
  });

  it.each(['https://evil.example/', '//evil.example/', '/\\evil.example'])('never redirects off the site (next=%s)', async (next) => {
    const response = await new InjectBrowser(test.app).signIn(student.email, student.password, next);
    expect(response.headers.location).toBe('/exercises');
  });

  it('returns 429 after too many attempts in a minute', async () => {
    const browser = new InjectBrowser(test.app);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await browser.signIn(student.email, 'wrong')).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
  });

  it('stores the password as an argon2id hash, never in clear', async () => {
    const user = await test.app.db.user.findUniqueOrThrow({ where: { id: student.id } });
    expect(user.passwordHash.startsWith('$argon2id$')).toBe(true);
    expect(user.passwordHash).not.toContain(student.password);
  });

  it('keeps the session in the database', async () => {
    await new InjectBrowser(test.app).signIn(student.email, student.password);
    expect(await test.app.db.session.count({ where: { userId: student.id } })).toBe(1);
  });
});

describe('POST /sign-out', () => {
  it('ends the session and deletes it from the database', async () => {
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    const page = await browser.get('/exercises');
    const response = await browser.postForm('/sign-out', { _csrf: csrfTokenIn(page.body) });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in');
    expect(await test.app.db.session.count({ where: { userId: student.id } })).toBe(0);
    expect((await browser.get('/exercises')).statusCode).toBe(303);
  });

  it('returns 403 without a CSRF token and stays signed in', async () => {
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    expect((await browser.postForm('/sign-out', {})).statusCode).toBe(403);
    expect((await browser.get('/exercises')).statusCode).toBe(200);
  });
});

describe('where POST /sign-in lands without a next address', () => {
  it('lands a student in exactly one course on that course home', async () => {
    const course = await courseWith(test.app, { [student.id]: 'student' });
    const response = await new InjectBrowser(test.app).signIn(student.email, student.password);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/courses/${course.slug}`);
  });

  it('lands a student in two courses, or in none, on the exercises', async () => {
    expect((await new InjectBrowser(test.app).signIn(student.email, student.password)).headers.location).toBe('/exercises');
    await courseWith(test.app, { [student.id]: 'student' });
    await courseWith(test.app, { [student.id]: 'student' });
    expect((await new InjectBrowser(test.app).signIn(student.email, student.password)).headers.location).toBe('/exercises');
  });

  it('lands the staff of one course on the exercises', async () => {
    await courseWith(test.app, { [student.id]: 'ta' });
    expect((await new InjectBrowser(test.app).signIn(student.email, student.password)).headers.location).toBe('/exercises');
  });

  it('still goes to the page that asked for the sign-in', async () => {
    await courseWith(test.app, { [student.id]: 'student' });
    const response = await new InjectBrowser(test.app).signIn(student.email, student.password, '/account/tokens');
    expect(response.headers.location).toBe('/account/tokens');
  });
});
