/**
 * A browser over real HTTP for tests against a server process: fetch with a cookie jar, never
 * following redirects, plus the steps of getting an API token the way a student does.
 */
import { csrfTokenIn } from './inject-browser.js';

export class HttpBrowser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(new URL(pathname, this.baseUrl), { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const [name = '', value = ''] = pair.trim().split(/=(.*)/s);
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Posts a form with the CSRF token of the page at `formPage`. */
  async postForm(formPage: string, action: string, fields: Record<string, string>): Promise<Response> {
    const _csrf = csrfTokenIn(await (await this.request(formPage)).text());
    return this.request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf, ...fields }) });
  }
}

/** Signs in through the sign-in form and creates an API token on the tokens page; returns the token. */
export async function createApiTokenThroughPages(baseUrl: string, email: string, password: string, name = 'command line'): Promise<string> {
  const browser = new HttpBrowser(baseUrl);
  const signIn = await browser.postForm('/sign-in', '/sign-in', { email, password });
  if (signIn.status !== 303) throw new Error(`signing in answered ${signIn.status}`);
  const created = await browser.postForm('/account/tokens', '/account/tokens', { name });
  const token = /id="new-token">(ngt_[A-Za-z0-9_-]+)</.exec(await created.text())?.[1];
  if (!token) throw new Error(`the tokens page (${created.status}) showed no new token`);
  return token;
}
