import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { serviceError } from '../errors.js';
import { textField } from '../form-fields.js';
import { safeNextPath } from '../plugins/auth.js';
import { SESSION_COOKIE } from '../plugins/external.js';

/** safeNextPath's answer when no (safe) address was asked for. */
const DEFAULT_NEXT_PATH = safeNextPath(undefined);

export interface SignInRoutesOptions {
  attemptsPerMinute: number;
}

/**
 * Where a sign-in without a `next` address lands: a student in exactly one course, on that course's
 * home (their assignments and what is due); everyone else on the exercises.
 */
async function landingPath(app: FastifyInstance, userId: string): Promise<string> {
  const enrollments = await app.db.enrollment.findMany({ where: { userId }, take: 2, select: { role: true, course: { select: { slug: true } } } });
  const [only] = enrollments;
  if (enrollments.length === 1 && only!.role === 'student') return `/courses/${encodeURIComponent(only!.course.slug)}`;
  return DEFAULT_NEXT_PATH;
}

const signInRoutes: FastifyPluginAsync<SignInRoutesOptions> = async (app, { attemptsPerMinute }) => {
  app.get('/sign-in', async (request, reply) => {
    const next = safeNextPath((request.query as Record<string, unknown>).next);
    if (request.user) return reply.redirect(next, 303);
    return reply.page('sign-in', { title: 'Sign in · netgrade', csrfToken: reply.generateCsrf(), next, email: '' });
  });

  app.post(
    '/sign-in',
    {
      config: { rateLimit: { max: attemptsPerMinute, timeWindow: 60_000 } },
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const email = textField(request.body, 'email');
      const password = textField(request.body, 'password');
      const asked = textField(request.body, 'next');
      const next = safeNextPath(asked);
      const user = email && password ? await app.authenticate(email, password) : null;
      if (!user) {
        const error = serviceError('NG_ERR_SIGN_IN_FAILED');
        reply.code(error.statusCode);
        return reply.page('sign-in', { title: 'Sign in · netgrade', csrfToken: reply.generateCsrf(), next, email, error: error.toJSON() });
      }
      // A new session id on sign-in, so an id planted before signing in is worth nothing after.
      await request.session.regenerate();
      request.session.userId = user.id;
      request.log.info({ userId: user.id }, 'signed in');
      // The form carries the default address when none was asked for, so both mean "land where you work".
      const landing = asked === '' || asked === DEFAULT_NEXT_PATH ? await landingPath(app, user.id) : next;
      return reply.redirect(landing, 303);
    },
  );

  app.post('/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
    await request.session.destroy();
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in', 303);
  });
};

export default signInRoutes;
