import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { serviceError, toServiceError, type ServiceError } from '../errors.js';
import { rfcReferenceHtml } from '../rfc-links.js';

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Renders a page inside the layout. Adds what the layout needs: the signed-in user and, for a
     * signed-in user, a CSRF token for the sign-out form (pages with forms pass their own).
     */
    page(template: string, data?: Record<string, unknown>): Promise<FastifyReply>;
  }
}

export interface PagesPluginOptions {
  /** Words the message of a body that was too large. */
  submissionMaxBytes: number;
}

/** A JSON client gets `{ code, message }`; a browser gets a page. */
export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

const pagesPlugin: FastifyPluginAsync<PagesPluginOptions> = async (app, { submissionMaxBytes }) => {
  app.decorateReply('page', async function page(this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const user = this.request.user;
    const csrfToken = data.csrfToken ?? (user ? this.generateCsrf() : undefined);
    // Pages show per-user content; no shared cache may keep them.
    this.header('cache-control', 'no-store');
    // rfcHtml: templates turn a test's RFC reference into links with it.
    return this.view(template, { title: 'netgrade', ...data, user, csrfToken, rfcHtml: rfcReferenceHtml });
  });

  const sendError = async (error: ServiceError, request: FastifyRequest, reply: FastifyReply) => {
    reply.code(error.statusCode);
    if (wantsJson(request)) return reply.send(error.toJSON());
    try {
      return await reply.page('error', { title: `${error.statusCode} · netgrade`, error: error.toJSON(), status: error.statusCode });
    } catch (renderError) {
      request.log.error({ err: renderError }, 'the error page could not be rendered');
      return reply.type('text/plain; charset=utf-8').send(`${error.message} (${error.code})`);
    }
  };

  app.setErrorHandler(async (raw: FastifyError, request, reply) => {
    const error = toServiceError(raw, submissionMaxBytes);
    if (error.statusCode >= 500) request.log.error({ err: raw }, 'request failed');
    else request.log.info({ code: error.code, cause: raw.code ?? raw.message }, 'request refused');
    return sendError(error, request, reply);
  });

  app.setNotFoundHandler(async (request, reply) => sendError(serviceError('NG_ERR_NOT_FOUND'), request, reply));
};

export default fp(pagesPlugin, { name: 'pages', fastify: '5.x', dependencies: ['auth', '@fastify/view', '@fastify/csrf-protection'] });
