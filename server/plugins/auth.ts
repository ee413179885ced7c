import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { userIdForApiToken } from '../api-tokens.js';
import { serviceError } from '../errors.js';
import { verifyAgainstDecoy, verifyPassword } from '../passwords.js';

declare module 'fastify' {
  interface Session {
    /** Set once the visitor has signed in. */
    userId?: string;
  }

  interface FastifyRequest {
    /** The signed-in user, or null. */
    user: SignedInUser | null;
    /** How `user` was established: a session cookie, or an API token (only on `/api/` routes). */
    authenticatedBy: 'session' | 'token' | null;
  }

  interface FastifyInstance {
    /** Checks an email and password; resolves with the user they belong to, or null. */
    authenticate(email: string, password: string): Promise<SignedInUser | null>;
    /** preHandler for pages and APIs that need a signed-in user. */
    requireUser(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
    /**
     * preHandler for API writes: a request with an API token needs no CSRF token (a browser
     * never attaches one by itself); a request signed in by its session cookie does, because a
     * browser sends the cookie with a forged cross-site request.
     */
    csrfUnlessToken(request: FastifyRequest, reply: FastifyReply, done: () => void): void;
  }
}

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: string;
}

const USER_FIELDS = { id: true, email: true, name: true, role: true } as const;

/** Emails are compared without regard to case or surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Where to go after signing in: only a path on this site. Anything else (another origin,
 * `//host`, a backslash trick) falls back to the exercise list, so the sign-in page cannot be
 * used to send people elsewhere.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || /[\\\s]/.test(next)) return '/exercises';
  return next;
}

function isApiUrl(url: string): boolean {
  return url.startsWith('/api/');
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}

const authPlugin: FastifyPluginAsync = async (app) => {
  app.decorateRequest('user', null);

  app.decorateRequest('authenticatedBy', null);

  app.addHook('onRequest', async (request) => {
    const bearer = isApiUrl(request.url) ? bearerToken(request.headers.authorization) : undefined;
    if (bearer !== undefined) {
      // A request that presents a token is judged by the token alone: a bad one is refused even
      // when a session cookie came along, so a script never runs as someone else by accident.
      const userId = await userIdForApiToken(app.db, bearer);
      if (!userId) throw serviceError('NG_ERR_TOKEN_INVALID');
      request.user = await app.db.user.findUnique({ where: { id: userId }, select: USER_FIELDS });
      request.authenticatedBy = 'token';
      return;
    }
    const userId = request.session?.userId;
    if (!userId) return;
    request.user = await app.db.user.findUnique({ where: { id: userId }, select: USER_FIELDS });
    if (request.user) request.authenticatedBy = 'session';
  });

  // Callback style, like csrfProtection itself, which answers a bad token with reply.send(error).
  app.decorate('csrfUnlessToken', function csrfUnlessToken(request: FastifyRequest, reply: FastifyReply, done: () => void) {
    if (request.authenticatedBy === 'token') return done();
    return app.csrfProtection(request, reply, done);
  });

  app.decorate('authenticate', async (email: string, password: string) => {
    const user = await app.db.user.findUnique({ where: { email: normalizeEmail(email) }, select: { ...USER_FIELDS, passwordHash: true } });
    if (!user) return verifyAgainstDecoy(password).then(() => null);
    if (!(await verifyPassword(user.passwordHash, password))) return null;
    const { passwordHash: _passwordHash, ...signedIn } = user;
    return signedIn;
  });

  app.decorate('requireUser', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.user) return undefined;
    if (isApiUrl(request.url)) throw serviceError('NG_ERR_SIGN_IN_REQUIRED');
    const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
    // Returning the reply ends the hook chain: the route handler does not run.
    return reply.redirect(`/sign-in${next}`, 303);
  });
};

export default fp(authPlugin, { name: 'auth', fastify: '5.x', dependencies: ['db', '@fastify/session', '@fastify/csrf-protection'] });
