/**
 * The third-party plugins, registered before the service's own: security headers, form and
 * multipart bodies, cookies and sessions, CSRF tokens, rate limits, static files and templates.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config.js';
import { serviceError } from '../errors.js';
import type { PrismaSessionStore } from './session-store.js';

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
export const VIEWS_DIR = path.join(SERVER_DIR, 'views');
export const PUBLIC_DIR = path.join(SERVER_DIR, 'public');

export const SESSION_COOKIE = 'netgrade_session';
const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** Form fields other than the code are short; the code field may be as large as a submission. */
const FORM_FIELDS_MAX = 10;

export interface ExternalPluginOptions {
  config: ServerConfig;
  sessionStore: PrismaSessionStore;
}

export async function registerExternalPlugins(app: FastifyInstance, { config, sessionStore }: ExternalPluginOptions): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        // The service is served over plain HTTP on a developer's machine; upgrading requests to
        // HTTPS there would break every form. A TLS-terminating proxy can add the directive.
        upgradeInsecureRequests: null,
        // Page scripts are bundled files served from this origin (/assets/); never inline code.
        // The live status follows server-sent events from this origin as well.
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
  });

  await app.register(fastifyFormbody, { bodyLimit: config.submissionMaxBytes * 2 });
  await app.register(fastifyMultipart, {
    // Fields become `request.body` values (strings, or what onFile assigns for the upload) before
    // the preHandler hooks run, so CSRF protection can read `_csrf` from a multipart form.
    attachFieldsToBody: 'keyValues',
    // Keep the name the browser sent: it is only shown (escaped) and passed to the compiler as a label.
    preservePath: true,
    limits: {
      fileSize: config.submissionMaxBytes,
      // One byte over the limit tells a field at the limit from a longer one, which busboy cuts off silently.
      fieldSize: config.submissionMaxBytes + 1,
      fields: FORM_FIELDS_MAX,
      files: 1,
      parts: FORM_FIELDS_MAX + 1,
    },
    async onFile(part) {
      const bytes = await part.toBuffer();
      part.value = { filename: part.filename, bytes };
    },
  });

  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: config.sessionSecret,
    cookieName: SESSION_COOKIE,
    store: sessionStore,
    // An anonymous visitor gets a session only once something is stored in it (a CSRF secret).
    saveUninitialized: false,
    rolling: false,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_LIFETIME_MS },
  });
  await app.register(fastifyCsrfProtection, {
    sessionPlugin: '@fastify/session',
    getToken: (request: FastifyRequest) => {
      const body = request.body as Record<string, unknown> | undefined;
      const token = body?._csrf ?? request.headers['x-csrf-token'];
      return typeof token === 'string' ? token : undefined;
    },
  });

  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => serviceError('NG_ERR_TOO_MANY_SIGN_IN_ATTEMPTS', context.after),
  });

  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', index: false, maxAge: '1h' });
  await app.register(fastifyView, {
    engine: { eta: new Eta({ views: VIEWS_DIR, autoEscape: true, cache: true }) },
    templates: VIEWS_DIR,
    layout: 'layout.eta',
    production: true,
  });
}
