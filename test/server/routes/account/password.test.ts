import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../../server/passwords.js';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../../support/test-app.js';

let test: TestApp;
let student: TestUser;
beforeEach(async () => {
  test = await buildTestApp();
  student = await createUser(test.app, { name: 'Ada <Lovelace>', email: 'ada@example.test' });
});
afterEach(async () => {
  await test.close();
});

const NEW_PASSWORD = 'a much longer new password';

async function signedIn(): Promise<InjectBrowser> {
  const browser = new InjectBrowser(test.app);
  await browser.signIn(student.email, student.password);
  return browser;
}

async function changePassword(browser: InjectBrowser, fields: Record<string, string> = {}) {
  const _csrf = await browser.csrfToken('/account/password');
  return browser.postForm('/account/password', { _csrf, currentPassword: student.password, newPassword: NEW_PASSWORD, newPasswordAgain: NEW_PASSWORD, ...fields });
}

async function storedHash(): Promise<string> {
  return (await test.app.db.user.findUniqueOrThrow({ where: { id: student.id } })).passwordHash;
}

describe('GET /account/password', () => {
  it('sends a signed-out visitor to sign in', async () => {
    const response = await test.app.inject('/account/password');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?next=%2Faccount%2Fpassword');
  });

  it('shows the form with the user name and email escaped', async () => {
    const page = await (await signedIn()).get('/account/password');
    expect(page.statusCode).toBe(200);
    for (const field of ['currentPassword', 'newPassword', 'newPasswordAgain']) expect(page.body).toContain(`<label for="${field}">`);
    expect(page.body).toContain('Ada &lt;Lovelace&gt;');
    expect(page.body).not.toContain('Ada <Lovelace>');
  });
});

describe('POST /account/password', () => {
  it('changes the password: the new one signs in, the old one no longer does', async () => {
    const response = await changePassword(await signedIn());
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Your password has been changed');
    expect(await verifyPassword(await storedHash(), NEW_PASSWORD)).toBe(true);
    expect((await new InjectBrowser(test.app).signIn(student.email, student.password)).statusCode).toBe(401);
    expect((await new InjectBrowser(test.app).signIn(student.email, NEW_PASSWORD)).statusCode).toBe(303);
  });

  it("ends every other session of the user, keeps this one, and leaves other users' sessions alone", async () => {
    const elsewhere = await signedIn();
    const here = await signedIn();
    const other = await createUser(test.app);
    const otherBrowser = new InjectBrowser(test.app);
    await otherBrowser.signIn(other.email, other.password);

    await changePassword(here);
    expect((await here.get('/exercises')).statusCode).toBe(200);
    const ended = await elsewhere.get('/exercises');
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toMatch(/^\/sign-in/);
    expect((await otherBrowser.get('/exercises')).statusCode).toBe(200);
  });

  it.each([
    ['a wrong current password', { currentPassword: 'not the password' }, 'The current password is wrong.'],
    ['a short new password', { newPassword: 'short', newPasswordAgain: 'short' }, 'must be from 10 to 1000 characters'],
    ['the email as new password', { newPassword: 'ada@example.test', newPasswordAgain: 'ada@example.test' }, 'must not be your email address'],
    ['two different new passwords', { newPasswordAgain: 'something else entirely' }, 'are not the same'],
  ])('refuses %s with 422 and keeps the old password and sessions', async (_label, fields, message) => {
    const elsewhere = await signedIn();
    const before = await storedHash();
    const response = await changePassword(await signedIn(), fields);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(message);
    expect(await storedHash()).toBe(before);
    expect((await elsewhere.get('/exercises')).statusCode).toBe(200);
  });

  it('refuses a form without a valid CSRF token', async () => {
    const browser = await signedIn();
    const before = await storedHash();
    const response = await browser.postForm('/account/password', { _csrf: 'forged', currentPassword: student.password, newPassword: NEW_PASSWORD, newPasswordAgain: NEW_PASSWORD });
    expect(response.statusCode).toBe(403);
    expect(await storedHash()).toBe(before);
  });

  it('sends a signed-out visitor to sign in without changing anything', async () => {
    const before = await storedHash();
    const response = await test.app.inject({ method: 'POST', url: '/account/password', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `newPassword=${NEW_PASSWORD}` });
    expect(response.statusCode).toBe(303);
    expect(await storedHash()).toBe(before);
  });
});
