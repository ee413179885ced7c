/**
 * GET/POST /invitations/:token: the page an invitation link opens. Three cases:
 * - signed out, no account for the invited address: create one (name, password twice) and join;
 * - signed out, the address has an account: sign in first, then come back to join;
 * - signed in as the invited address: join with one button.
 * Signed in as another address, the invitation is refused rather than applied to the wrong account.
 * Unknown, expired and used links all answer NG_ERR_INVITATION_INVALID.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { cleanName, passwordProblem } from '../../account-fields.js';
import { Prisma } from '../../db/generated/client.js';
import { serviceError, type ServiceError } from '../../errors.js';
import { textField } from '../../form-fields.js';
import { claimInvitation, enrollFromInvitation, findOpenInvitation, type OpenInvitation } from '../../invitations.js';
import { hashPassword } from '../../passwords.js';

export interface InvitationRoutesOptions {
  attemptsPerMinute: number;
}

interface TokenParams {
  token: string;
}

const ROLE_LABELS: Record<OpenInvitation['role'], string> = { student: 'a student', ta: 'a teaching assistant', instructor: 'an instructor' };

const invitationRoutes: FastifyPluginAsync<InvitationRoutesOptions> = async (app, { attemptsPerMinute }) => {
  const openInvitation = async (token: string): Promise<OpenInvitation> => {
    const invitation = await findOpenInvitation(app.db, token);
    if (!invitation) throw serviceError('NG_ERR_INVITATION_INVALID');
    return invitation;
  };

  const render = async (request: FastifyRequest<{ Params: TokenParams }>, reply: FastifyReply, invitation: OpenInvitation, state: { name?: string; error?: ServiceError } = {}) => {
    const action = `/invitations/${encodeURIComponent(request.params.token)}`;
    let mode: 'join' | 'sign-in' | 'create';
    if (request.user) {
      if (request.user.email !== invitation.email) throw serviceError('NG_ERR_INVITATION_OTHER_ACCOUNT');
      mode = 'join';
    } else {
      mode = (await app.db.user.count({ where: { email: invitation.email } })) > 0 ? 'sign-in' : 'create';
    }
    if (state.error) reply.code(state.error.statusCode);
    // The link is the credential: no cache may keep the page, and no other site learns it (helmet
    // sends Referrer-Policy: no-referrer).
    return reply.page('invitation', {
      title: `Join ${invitation.course.title} · netgrade`,
      csrfToken: reply.generateCsrf(),
      mode,
      action,
      signInHref: `/sign-in?next=${encodeURIComponent(action)}`,
      course: invitation.course,
      email: invitation.email,
      roleLabel: ROLE_LABELS[invitation.role],
      name: state.name ?? '',
      error: state.error?.toJSON(),
    });
  };

  app.get<{ Params: TokenParams }>('/invitations/:token', async (request, reply) => render(request, reply, await openInvitation(request.params.token)));

  app.post<{ Params: TokenParams }>(
    '/invitations/:token',
    {
      config: { rateLimit: { max: attemptsPerMinute, timeWindow: 60_000 } },
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const invitation = await openInvitation(request.params.token);
      const signedIn = request.user;
      if (signedIn) {
        if (signedIn.email !== invitation.email) throw serviceError('NG_ERR_INVITATION_OTHER_ACCOUNT');
        const joined = await app.db.$transaction(async (tx) => {
          if (!(await claimInvitation(tx, invitation.id))) return false;
          await enrollFromInvitation(tx, signedIn.id, invitation);
          return true;
        });
        if (!joined) throw serviceError('NG_ERR_INVITATION_INVALID');
        request.log.info({ userId: signedIn.id, courseId: invitation.course.id, role: invitation.role }, 'joined a course by invitation');
        return reply.redirect('/exercises', 303);
      }

      const typedName = textField(request.body, 'name');
      const name = cleanName(typedName);
      if (typeof name !== 'string') return render(request, reply, invitation, { name: typedName, error: name });
      const password = textField(request.body, 'password');
      const weak = passwordProblem(password, textField(request.body, 'passwordAgain'), invitation.email);
      if (weak) return render(request, reply, invitation, { name: typedName, error: weak });

      const passwordHash = await hashPassword(password);
      let userId: string | null;
      try {
        userId = await app.db.$transaction(async (tx) => {
          if (!(await claimInvitation(tx, invitation.id))) return null;
          // An instructor of a course is an instructor of the service; a TA stays a student outside it.
          const role = invitation.role === 'instructor' ? 'instructor' : 'student';
          const user = await tx.user.create({ data: { email: invitation.email, name, role, passwordHash }, select: { id: true } });
          await enrollFromInvitation(tx, user.id, invitation);
          return user.id;
        });
      } catch (error) {
        // The address got an account since the page was shown: sign in and join instead.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return render(request, reply, invitation, { error: serviceError('NG_ERR_EMAIL_TAKEN') });
        throw error;
      }
      if (!userId) throw serviceError('NG_ERR_INVITATION_INVALID');

      await request.session.regenerate();
      request.session.userId = userId;
      request.log.info({ userId, courseId: invitation.course.id, role: invitation.role }, 'signed up by invitation');
      return reply.redirect('/exercises', 303);
    },
  );
};

export default invitationRoutes;
