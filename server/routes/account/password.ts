/**
 * GET/POST /account/password: change one's password with the current one. Afterwards every other
 * session of the account is ended, so a session someone else opened with the old password stops
 * working; the session that changed it stays signed in.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { passwordProblem } from '../../account-fields.js';
import { serviceError, type ServiceError } from '../../errors.js';
import { textField } from '../../form-fields.js';
import { hashPassword } from '../../passwords.js';

export interface PasswordRoutesOptions {
  attemptsPerMinute: number;
}

const passwordRoutes: FastifyPluginAsync<PasswordRoutesOptions> = async (app, { attemptsPerMinute }) => {
  const form = (reply: FastifyReply, state: { changed?: boolean; error?: ServiceError } = {}) => {
    if (state.error) reply.code(state.error.statusCode);
    return reply.page('account-password', { title: 'Change password · netgrade', csrfToken: reply.generateCsrf(), changed: state.changed ?? false, error: state.error?.toJSON() });
  };

  app.get('/account/password', { preHandler: app.requireUser }, async (_request, reply) => form(reply));

  app.post(
    '/account/password',
    {
      // The current password is checked here: without a limit, a stolen session could guess it.
      config: { rateLimit: { max: attemptsPerMinute, timeWindow: 60_000 } },
      preHandler: [app.requireUser, app.csrfProtection],
    },
    async (request, reply) => {
      const user = request.user!;
      const current = textField(request.body, 'currentPassword');
      const next = textField(request.body, 'newPassword');
      if (!(await app.authenticate(user.email, current))) return form(reply, { error: serviceError('NG_ERR_CURRENT_PASSWORD_WRONG') });
      const weak = passwordProblem(next, textField(request.body, 'newPasswordAgain'), user.email);
      if (weak) return form(reply, { error: weak });

      const passwordHash = await hashPassword(next);
      const { count: ended } = await app.db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
        return tx.session.deleteMany({ where: { userId: user.id, id: { not: request.session.sessionId } } });
      });
      request.log.info({ userId: user.id, endedSessions: ended }, 'password changed');
      return form(reply, { changed: true });
    },
  );
};

export default passwordRoutes;
