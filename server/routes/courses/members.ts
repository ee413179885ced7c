/**
 * /courses/:courseSlug/members: who is in the course, with role and student id. Staff see it;
 * instructors change roles, remove members and invite teaching assistants and instructors by
 * email (the link is shown once: only its hash is stored, and there is no mail server).
 * /api/courses/:courseSlug/members and /invitations: the same for scripts.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceError } from '../../errors.js';
import { textField } from '../../form-fields.js';
import { COURSE_ROLES, INSTRUCTOR_ROLES, STAFF_ROLES } from '../../plugins/course-access.js';
import { errorResponses } from '../../plugins/openapi.js';
import { asFormError } from '../../courses/course-fields.js';
import { changeRole, invitationLink, inviteStaff, listMembers, parseRole, removeMember, type StaffInvitation } from '../../courses/course-members.js';
import { courseMemberSchema } from '../api/schemas.js';

interface SlugParams {
  courseSlug: string;
}

interface MemberParams extends SlugParams {
  userId: string;
}

interface PageState {
  error?: ServiceError;
  invited?: StaffInvitation & { link: string };
  inviteFields?: { email: string; role: string };
}

const slugProperty = { courseSlug: { type: 'string', maxLength: 100 } } as const;
const memberParamsSchema = { type: 'object', required: ['courseSlug', 'userId'], properties: { ...slugProperty, userId: { type: 'string', maxLength: 100 } } } as const;

const courseMemberRoutes: FastifyPluginAsync = async (app) => {
  const staff = [app.requireUser, app.requireCourseRole(STAFF_ROLES)];
  const instructorsWithCsrf = [app.requireUser, app.requireCourseRole(INSTRUCTOR_ROLES), app.csrfProtection];
  const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
  const change = (request: FastifyRequest<{ Params: MemberParams }>) => ({ db: app.db, courseId: request.course!.id, actorId: request.user!.id, userId: request.params.userId });

  const page = async (request: FastifyRequest, reply: FastifyReply, state: PageState = {}) => {
    if (state.error) reply.code(state.error.statusCode);
    const course = request.course!;
    return reply.page('course-members', {
      title: `Members · ${course.title} · netgrade`,
      csrfToken: reply.generateCsrf(),
      course,
      members: await listMembers(app.db, course.id),
      canChange: request.courseRole === 'instructor',
      me: request.user!.id,
      roles: COURSE_ROLES,
      invited: state.invited,
      inviteFields: state.inviteFields ?? { email: '', role: 'ta' },
      error: state.error?.toJSON(),
    });
  };

  const base = (request: FastifyRequest) => `/courses/${request.course!.slug}/members`;

  app.get<{ Params: SlugParams }>('/courses/:courseSlug/members', { preHandler: staff }, async (request, reply) => page(request, reply));

  app.post<{ Params: MemberParams }>('/courses/:courseSlug/members/:userId/role', { preHandler: instructorsWithCsrf }, async (request, reply) => {
    try {
      await changeRole(change(request), parseRole(textField(request.body, 'role')));
    } catch (error) {
      return page(request, reply, { error: asFormError(error) });
    }
    return reply.redirect(base(request), 303);
  });

  app.post<{ Params: MemberParams }>('/courses/:courseSlug/members/:userId/remove', { preHandler: instructorsWithCsrf }, async (request, reply) => {
    try {
      await removeMember(change(request));
    } catch (error) {
      return page(request, reply, { error: asFormError(error) });
    }
    return reply.redirect(base(request), 303);
  });

  app.post<{ Params: SlugParams }>('/courses/:courseSlug/members/invitations', { preHandler: instructorsWithCsrf }, async (request, reply) => {
    const inviteFields = { email: textField(request.body, 'email'), role: textField(request.body, 'role') };
    try {
      const invited = await inviteStaff(app.db, request.course!.id, request.user!.id, inviteFields.email, inviteFields.role);
      reply.code(201);
      return page(request, reply, { invited: { ...invited, link: invitationLink(origin(request), invited.token) } });
    } catch (error) {
      return page(request, reply, { inviteFields, error: asFormError(error) });
    }
  });

  const tags = ['courses'];
  const memberJson = (member: Awaited<ReturnType<typeof listMembers>>[number]) => ({ ...member, joinedAt: member.joinedAt.toISOString() });

  app.get<{ Params: SlugParams }>(
    '/api/courses/:courseSlug/members',
    {
      onRequest: app.requireUser,
      preHandler: app.requireCourseRole(STAFF_ROLES),
      schema: {
        tags,
        summary: "A course's members with their roles (staff)",
        params: { type: 'object', required: ['courseSlug'], properties: slugProperty },
        response: { 200: { type: 'object', required: ['members'], properties: { members: { type: 'array', items: courseMemberSchema } } }, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { members: (await listMembers(app.db, request.course!.id)).map(memberJson) };
    },
  );

  app.patch<{ Params: MemberParams; Body: { role: string; reason?: string } }>(
    '/api/courses/:courseSlug/members/:userId',
    {
      onRequest: app.requireUser,
      preHandler: [app.csrfUnlessToken, app.requireCourseRole(INSTRUCTOR_ROLES)],
      schema: {
        tags,
        summary: "Change a member's role (instructors); the last instructor cannot be demoted",
        params: memberParamsSchema,
        body: { type: 'object', required: ['role'], additionalProperties: false, properties: { role: { type: 'string', enum: COURSE_ROLES }, reason: { type: 'string', maxLength: 500 } } },
        response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      await changeRole(change(request), parseRole(request.body.role), request.body.reason?.trim() || null);
      return reply.code(204).send();
    },
  );

  app.delete<{ Params: MemberParams }>(
    '/api/courses/:courseSlug/members/:userId',
    {
      onRequest: app.requireUser,
      preHandler: [app.csrfUnlessToken, app.requireCourseRole(INSTRUCTOR_ROLES)],
      schema: { tags, summary: 'Remove a member from the course (instructors)', params: memberParamsSchema, response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404, 409) } },
    },
    async (request, reply) => {
      await removeMember(change(request));
      return reply.code(204).send();
    },
  );

  app.post<{ Params: SlugParams; Body: { email: string; role: string } }>(
    '/api/courses/:courseSlug/invitations',
    {
      onRequest: app.requireUser,
      preHandler: [app.csrfUnlessToken, app.requireCourseRole(INSTRUCTOR_ROLES)],
      schema: {
        tags,
        summary: 'Invite a teaching assistant or instructor by email (instructors); the link is returned only here',
        params: { type: 'object', required: ['courseSlug'], properties: slugProperty },
        body: { type: 'object', required: ['email', 'role'], additionalProperties: false, properties: { email: { type: 'string', maxLength: 320 }, role: { type: 'string', enum: ['ta', 'instructor'] } } },
        response: {
          201: { type: 'object', required: ['email', 'role', 'link', 'expiresAt'], properties: { email: { type: 'string' }, role: { type: 'string' }, link: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } } },
          ...errorResponses(401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const invited = await inviteStaff(app.db, request.course!.id, request.user!.id, request.body.email, request.body.role);
      reply.code(201).header('cache-control', 'no-store');
      return { email: invited.email, role: invited.role, link: invitationLink(origin(request), invited.token), expiresAt: invited.expiresAt.toISOString() };
    },
  );
};

export default courseMemberRoutes;
