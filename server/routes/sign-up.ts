/**
 * GET/POST /sign-up: a student creates an account with the enrollment code of a course, is
 * enrolled in it and signed in. Rate-limited like sign-in. The form checks, in order: name,
 * email, password, enrollment code, and only then whether the email is taken, so telling an
 * address is in use needs a real course code and costs one rate-limited attempt.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { cleanEmail, cleanName, passwordProblem } from '../account-fields.js';
import { Prisma } from '../db/generated/client.js';
import { serviceError, type ServiceError } from '../errors.js';
import { textField } from '../form-fields.js';
import { hashPassword } from '../passwords.js';

export interface SignUpRoutesOptions {
  attemptsPerMinute: number;
}

interface SignUpFields {
  name: string;
  email: string;
  enrollmentCode: string;
}

/** Enrollment codes are read off a slide or an email: spaces and case do not matter. */
export function normalizeEnrollmentCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

const signUpRoutes: FastifyPluginAsync<SignUpRoutesOptions> = async (app, { attemptsPerMinute }) => {
  const form = (reply: FastifyReply, fields: SignUpFields, error?: ServiceError) => {
    if (error) reply.code(error.statusCode);
    return reply.page('sign-up', { title: 'Sign up · netgrade', csrfToken: reply.generateCsrf(), fields, error: error?.toJSON() });
  };

  app.get('/sign-up', async (request, reply) => {
    if (request.user) return reply.redirect('/exercises', 303);
    return form(reply, { name: '', email: '', enrollmentCode: '' });
  });

  app.post(
    '/sign-up',
    {
      config: {
        rateLimit: {
          max: attemptsPerMinute,
          timeWindow: 60_000,
          errorResponseBuilder: (_request, context) => serviceError('NG_ERR_TOO_MANY_SIGN_UP_ATTEMPTS', context.after),
        },
      },
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const body = request.body;
      const fields = { name: textField(body, 'name'), email: textField(body, 'email'), enrollmentCode: textField(body, 'enrollmentCode') };
      const password = textField(body, 'password');

      const name = cleanName(fields.name);
      if (typeof name !== 'string') return form(reply, fields, name);
      const email = cleanEmail(fields.email);
      if (typeof email !== 'string') return form(reply, fields, email);
      const weak = passwordProblem(password, textField(body, 'passwordAgain'), email);
      if (weak) return form(reply, fields, weak);
      const course = await app.db.course.findUnique({ where: { enrollmentCode: normalizeEnrollmentCode(fields.enrollmentCode) }, select: { id: true } });
      if (!course) return form(reply, fields, serviceError('NG_ERR_ENROLLMENT_CODE_UNKNOWN'));

      // Hashed before looking the address up, so a taken address answers as slowly as a free one.
      const passwordHash = await hashPassword(password);
      let userId: string;
      try {
        const user = await app.db.user.create({
          data: { email, name, role: 'student', passwordHash, enrollments: { create: { courseId: course.id, role: 'student' } } },
          select: { id: true },
        });
        userId = user.id;
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return form(reply, fields, serviceError('NG_ERR_EMAIL_TAKEN'));
        throw error;
      }

      await request.session.regenerate();
      request.session.userId = userId;
      request.log.info({ userId, courseId: course.id }, 'signed up');
      return reply.redirect('/exercises', 303);
    },
  );
};

export default signUpRoutes;
