/**
 * A minimal browser over `app.inject`: it keeps cookies between requests and fills in the CSRF
 * token a page carries, so tests walk through the service the way a person does.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** The `_csrf` hidden field of the first form in a page. */
export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('the page has no CSRF token');
  return match[1]!;
}

/** Serializes a FormData as a browser would send it: the body and its content-type with the boundary. */
export async function multipartBody(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

export class InjectBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly app: FastifyInstance) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.send({ method: 'GET', url, headers });
  }

  async postForm(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
  }

  async postMultipart(url: string, form: FormData): Promise<LightMyRequestResponse> {
    const { body, contentType } = await multipartBody(form);
    return this.send({ method: 'POST', url, headers: { 'content-type': contentType }, payload: body });
  }

  /** The CSRF token of the page at `url`. */
  async csrfToken(url: string): Promise<string> {
    const page = await this.get(url);
    return csrfTokenIn(page.body);
  }

  /** Signs in through the sign-in form; returns the response to the form's POST. */
  async signIn(email: string, password: string, next?: string): Promise<LightMyRequestResponse> {
    const _csrf = await this.csrfToken('/sign-in');
    return this.postForm('/sign-in', { _csrf, email, password, ...(next !== undefined ? { next } : {}) });
  }

  /** Submits code through the exercise page's form; returns the response to the form's POST. */
  async submit(slug: string, fields: { code?: string; language?: string; file?: { name: string; content: string | Uint8Array } }): Promise<LightMyRequestResponse> {
    const form = new FormData();
    form.set('_csrf', await this.csrfToken(`/exercises/${slug}`));
    form.set('code', fields.code ?? '');
    form.set('language', fields.language ?? 'ts');
    const file = fields.file ?? { name: '', content: '' };
    form.set('file', new File([file.content], file.name, { type: 'application/octet-stream' }));
    return this.postMultipart(`/exercises/${slug}/submissions`, form);
  }

  private async send(options: { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; payload?: string | Buffer }): Promise<LightMyRequestResponse> {
    const cookie = this.cookieHeader;
    const response = await this.app.inject({ ...options, headers: { ...options.headers, ...(cookie ? { cookie } : {}) } });
    for (const set of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = set.maxAge === 0 || (set.expires !== undefined && set.expires.getTime() <= Date.now()) || set.value === '';
      if (expired) this.cookies.delete(set.name);
      else this.cookies.set(set.name, set.value);
    }
    return response;
  }
}
