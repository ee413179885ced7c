import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../../../server/secret-tokens.js';
import { InjectBrowser, csrfTokenIn } from '../../../support/inject-browser.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../../support/test-app.js';

let test: TestApp;
let student: TestUser;
let browser: InjectBrowser;
beforeAll(async () => {
  test = await buildTestApp();
  student = await createUser(test.app, { name: 'Ada <Lovelace>' });
  browser = new InjectBrowser(test.app);
  await browser.signIn(student.email, student.password);
});
afterAll(async () => {
  await test.close();
});

async function createToken(as: InjectBrowser, name: string) {
  const _csrf = await as.csrfToken('/account/tokens');
  return as.postForm('/account/tokens', { _csrf, name });
}

function tokenOnPage(html: string): string {
  const match = /<pre class="value" id="new-token">(ngt_[A-Za-z0-9_-]+)<\/pre>/.exec(html);
  if (!match) throw new Error('the page shows no new token');
  return match[1]!;
}

describe('GET /account/tokens', () => {
  it('sends a signed-out visitor to sign in', async () => {
    const response = await test.app.inject('/account/tokens');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?next=%2Faccount%2Ftokens');
  });

  it('lists only my tokens, by name, without their secrets', async () => {
    const other = await createUser(test.app);
    const otherBrowser = new InjectBrowser(test.app);
    await otherBrowser.signIn(other.email, other.password);
    await createToken(otherBrowser, 'someone-elses-laptop');
    const token = tokenOnPage((await createToken(browser, 'my-desktop')).body);

    const page = await browser.get('/account/tokens');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('my-desktop');
    expect(page.body).not.toContain('someone-elses-laptop');
    expect(page.body).not.toContain(token);
  });
});

describe('POST /account/tokens', () => {
  it('shows the new token once and stores only its SHA-256', async () => {
    const response = await createToken(browser, 'laptop');
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const token = tokenOnPage(response.body);
    const row = await test.app.db.apiToken.findFirstOrThrow({ where: { userId: student.id, name: 'laptop' } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await browser.get('/account/tokens')).body).not.toContain(token);
  });

  it('escapes the name it shows', async () => {
    const response = await createToken(browser, '<img src=x onerror=alert(1)>');
    expect(response.body).not.toContain('<img src=x');
    expect(response.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect((await browser.get('/account/tokens')).body).not.toContain('<img src=x');
  });

  it('refuses an empty name with 422', async () => {
    const response = await createToken(browser, '   ');
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Give the token a name');
  });

  it('refuses a form without a valid CSRF token', async () => {
    await browser.get('/account/tokens');
    const before = await test.app.db.apiToken.count();
    const response = await browser.postForm('/account/tokens', { _csrf: 'forged', name: 'forged' });
    expect(response.statusCode).toBe(403);
    expect(await test.app.db.apiToken.count()).toBe(before);
  });

  it('cannot be done with an API token: the pages ignore bearer authentication', async () => {
    const token = tokenOnPage((await createToken(browser, 'script')).body);
    const response = await test.app.inject({
      method: 'POST',
      url: '/account/tokens',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=minted',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/sign-in/);
    expect(await test.app.db.apiToken.count({ where: { name: 'minted' } })).toBe(0);
    const page = await test.app.inject({ url: '/account/tokens', headers: { authorization: `Bearer ${token}` } });
    expect(page.statusCode).toBe(303);
  });
});

describe('POST /account/tokens/:id/revoke', () => {
  it('revokes my token: it is marked revoked and the API refuses it with 401', async () => {
    const token = tokenOnPage((await createToken(browser, 'to-revoke')).body);
    const row = await test.app.db.apiToken.findFirstOrThrow({ where: { name: 'to-revoke' } });
    expect((await test.app.inject({ url: '/api/exercises', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);

    const page = await browser.get('/account/tokens');
    const response = await browser.postForm(`/account/tokens/${row.id}/revoke`, { _csrf: csrfTokenIn(page.body) });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account/tokens');
    expect((await test.app.db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();

    const refused = await test.app.inject({ url: '/api/exercises', headers: { authorization: `Bearer ${token}` } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({ code: 'NG_ERR_TOKEN_INVALID', message: expect.any(String) });
  });

  it("answers 404 for another user's token and leaves it working", async () => {
    const other = await createUser(test.app);
    const otherBrowser = new InjectBrowser(test.app);
    await otherBrowser.signIn(other.email, other.password);
    const token = tokenOnPage((await createToken(otherBrowser, 'theirs')).body);
    const row = await test.app.db.apiToken.findFirstOrThrow({ where: { userId: other.id, name: 'theirs' } });

    const response = await browser.postForm(`/account/tokens/${row.id}/revoke`, { _csrf: await browser.csrfToken('/account/tokens') });
    expect(response.statusCode).toBe(404);
    expect((await test.app.db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).toBeNull();
    expect((await test.app.inject({ url: '/api/exercises', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
  });

  it('refuses a form without a valid CSRF token', async () => {
    await createToken(browser, 'kept');
    const row = await test.app.db.apiToken.findFirstOrThrow({ where: { name: 'kept' } });
    const response = await browser.postForm(`/account/tokens/${row.id}/revoke`, { _csrf: 'forged' });
    expect(response.statusCode).toBe(403);
    expect((await test.app.db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).toBeNull();
  });
});
