import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serviceError } from '../../../server/errors.js';
import { verifyPassword } from '../../../server/passwords.js';
import { createCourse, type TestCourse } from '../../support/accounts.js';
import { InjectBrowser, csrfTokenIn } from '../../support/inject-browser.js';
import { buildTestApp, createUser, type TestApp } from '../../support/test-app.js';

let test: TestApp;
let course: TestCourse;
beforeEach(async () => {
  test = await buildTestApp({ env: { NETGRADE_SIGN_IN_ATTEMPTS_PER_MINUTE: '5' } });
  course = await createCourse(test.app, { title: 'Networks <101>' });
});
afterEach(async () => {
  await test.close();
});

const PASSWORD = 'correct horse battery';

async function signUp(browser: InjectBrowser, fields: Record<string, string>) {
  const _csrf = await browser.csrfToken('/sign-up');
  return browser.postForm('/sign-up', {
    _csrf,
    name: 'Grace Hopper',
    email: 'grace@example.test',
    password: PASSWORD,
    passwordAgain: PASSWORD,
    enrollmentCode: course.enrollmentCode,
    ...fields,
  });
}

describe('GET /sign-up', () => {
  it('shows a labelled form with name, email, two passwords, enrollment code and a CSRF token', async () => {
    const response = await new InjectBrowser(test.app).get('/sign-up');
    expect(response.statusCode).toBe(200);
    for (const field of ['name', 'email', 'password', 'passwordAgain', 'enrollmentCode']) {
      expect(response.body).toContain(`<label for="${field}">`);
      expect(response.body).toContain(`name="${field}"`);
    }
    expect(csrfTokenIn(response.body)).not.toBe('');
  });

  it('sends a signed-in user on to the exercises', async () => {
    const student = await createUser(test.app);
    const browser = new InjectBrowser(test.app);
    await browser.signIn(student.email, student.password);
    const response = await browser.get('/sign-up');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/exercises');
  });
});

describe('POST /sign-up', () => {
  it('creates a student enrolled in the course, signs in and redirects to the exercises', async () => {
    const browser = new InjectBrowser(test.app);
    const response = await signUp(browser, { email: '  Grace@Example.TEST ', enrollmentCode: ` ${course.enrollmentCode.toLowerCase()} ` });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/exercises');
    const user = await test.app.db.user.findUniqueOrThrow({ where: { email: 'grace@example.test' }, include: { enrollments: true } });
    expect(user).toMatchObject({ name: 'Grace Hopper', role: 'student' });
    expect(user.enrollments).toEqual([expect.objectContaining({ courseId: course.id, role: 'student' })]);
    expect(user.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(true);
    const page = await browser.get('/exercises');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Grace Hopper');
  });

  it('gives a new session id, so a session planted before signing up is worth nothing', async () => {
    const browser = new InjectBrowser(test.app);
    await browser.get('/sign-up');
    const before = browser.cookieHeader;
    await signUp(browser, {});
    expect(browser.cookieHeader).not.toBe(before);
  });

  it.each([
    ['an unknown enrollment code', { enrollmentCode: 'NOPE' }, serviceError('NG_ERR_ENROLLMENT_CODE_UNKNOWN')],
    ['a password shorter than 10 characters', { password: 'short pw', passwordAgain: 'short pw' }, serviceError('NG_ERR_PASSWORD_LENGTH', 10, 1000)],
    ['the email as password', { password: 'grace@example.test', passwordAgain: 'grace@example.test' }, serviceError('NG_ERR_PASSWORD_IS_EMAIL')],
    ['two different passwords', { passwordAgain: `${PASSWORD}!` }, serviceError('NG_ERR_PASSWORDS_DIFFER')],
    ['an empty name', { name: '   ' }, serviceError('NG_ERR_NAME_REQUIRED')],
    ['a malformed email', { email: 'grace' }, serviceError('NG_ERR_EMAIL_INVALID')],
  ])('refuses %s with the form again, creating nothing', async (_label, fields, error) => {
    const response = await signUp(new InjectBrowser(test.app), fields);
    expect(response.statusCode).toBe(error.statusCode);
    expect(response.body).toContain(`<p class="alert" role="alert" id="sign-up-error">${error.message}</p>`);
    expect(await test.app.db.user.count()).toBe(0);
  });

  it('keeps what was typed, escaped, except the passwords', async () => {
    const response = await signUp(new InjectBrowser(test.app), { name: '<script>alert(1)</script>', enrollmentCode: '"><b>x' });
    expect(response.statusCode).toBe(422);
    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(response.body).not.toContain('"><b>x');
    expect(response.body).not.toContain(PASSWORD);
  });

  it('says the email is taken only once the enrollment code is right', async () => {
    const existing = await createUser(test.app, { email: 'taken@example.test' });
    const wrongCode = await signUp(new InjectBrowser(test.app), { email: existing.email, enrollmentCode: 'WRONG' });
    expect(wrongCode.body).toContain('No course has this enrollment code');
    expect(wrongCode.body).not.toContain('already exists');
    const rightCode = await signUp(new InjectBrowser(test.app), { email: existing.email });
    expect(rightCode.statusCode).toBe(409);
    expect(rightCode.body).toContain('already exists');
    const user = await test.app.db.user.findUniqueOrThrow({ where: { email: existing.email } });
    expect(await verifyPassword(user.passwordHash, existing.password)).toBe(true);
  });

  it('refuses a form without a valid CSRF token', async () => {
    const browser = new InjectBrowser(test.app);
    await browser.get('/sign-up');
    const response = await browser.postForm('/sign-up', { _csrf: 'forged', name: 'x', email: 'x@example.test', password: PASSWORD, passwordAgain: PASSWORD, enrollmentCode: course.enrollmentCode });
    expect(response.statusCode).toBe(403);
    expect(await test.app.db.user.count({ where: { email: 'x@example.test' } })).toBe(0);
  });

  it('limits attempts per client like sign-in', async () => {
    const browser = new InjectBrowser(test.app);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await signUp(browser, { enrollmentCode: `WRONG${i}` })).statusCode);
    expect(statuses.slice(0, 5)).toEqual([422, 422, 422, 422, 422]);
    expect(statuses[5]).toBe(429);
  });
});
