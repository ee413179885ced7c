/**
 * /courses/:courseSlug/assignments/:assignmentId/extensions (staff): the assignment's
 * per-student extensions, with forms to grant or change one (new due and late-until dates, a
 * reason) and to withdraw one. Dates are in the course's time zone. The API twin under
 * /api/courses/... takes ISO instants.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceError } from '../../errors.js';
import { textField } from '../../form-fields.js';
import { STAFF_ROLES } from '../../plugins/course-access.js';
import { errorResponses } from '../../plugins/openapi.js';
import { formatCourseDate, instantToZonedLocal } from '../../courses/course-dates.js';
import { asFormError } from '../../courses/course-fields.js';
import { courseZoneDates, isoDates } from '../../courses/assignment-fields.js';
import { findAssignment, type AssignmentRow } from '../../courses/course-assignments.js';
import { cleanReason, listExtensions, listStudents, parseExtensionInput, removeExtension, setExtension, type ExtensionInput, type ExtensionRow } from '../../courses/course-extensions.js';
import { extensionSchema } from '../api/schemas.js';

interface AssignmentParams {
  courseSlug: string;
  assignmentId: string;
}

interface StudentParams extends AssignmentParams {
  userId: string;
}

interface PageState {
  error?: ServiceError;
  userId?: string;
  values?: ExtensionInput;
}

function extensionJson(row: ExtensionRow) {
  return { userId: row.userId, name: row.name, email: row.email, dueAt: row.dueAt.toISOString(), lateUntil: row.lateUntil?.toISOString() ?? null, reason: row.reason };
}

const courseExtensionRoutes: FastifyPluginAsync = async (app) => {
  const staff = [app.requireUser, app.requireCourseRole(STAFF_ROLES)];
  const staffWithCsrf = [...staff, app.csrfProtection];
  const assignmentOf = (request: FastifyRequest<{ Params: AssignmentParams }>) => findAssignment(app.db, request.course!.id, request.params.assignmentId);
  const changeBy = (request: FastifyRequest, assignment: AssignmentRow) => ({ db: app.db, courseId: request.course!.id, assignmentId: assignment.id, actorId: request.user!.id });
  const base = (request: FastifyRequest, assignment: AssignmentRow) => `/courses/${request.course!.slug}/assignments/${assignment.id}/extensions`;

  const page = async (request: FastifyRequest, reply: FastifyReply, assignment: AssignmentRow, state: PageState = {}) => {
    if (state.error) reply.code(state.error.statusCode);
    const course = request.course!;
    const local = (date: Date | null) => (date ? instantToZonedLocal(date, course.timeZone) : '');
    const extensions = await listExtensions(app.db, assignment.id);
    return reply.page('course-extensions', {
      title: `Extensions · ${assignment.exercise.title} · ${course.title} · netgrade`,
      csrfToken: reply.generateCsrf(),
      course,
      assignment,
      base: base(request, assignment),
      due: formatCourseDate(assignment.dueAt, course.timeZone),
      lateUntil: formatCourseDate(assignment.lateUntil, course.timeZone),
      extensions: extensions.map((row) => ({ ...row, due: formatCourseDate(row.dueAt, course.timeZone), lateUntilText: formatCourseDate(row.lateUntil, course.timeZone) })),
      students: await listStudents(app.db, course.id),
      userId: state.userId ?? '',
      values: state.values ?? { dueAt: local(assignment.dueAt), lateUntil: local(assignment.lateUntil), reason: '' },
      error: state.error?.toJSON(),
    });
  };

  app.get<{ Params: AssignmentParams }>('/courses/:courseSlug/assignments/:assignmentId/extensions', { preHandler: staff }, async (request, reply) =>
    page(request, reply, await assignmentOf(request)),
  );

  app.post<{ Params: AssignmentParams }>('/courses/:courseSlug/assignments/:assignmentId/extensions', { preHandler: staffWithCsrf }, async (request, reply) => {
    const assignment = await assignmentOf(request);
    const userId = textField(request.body, 'userId');
    const values = { dueAt: textField(request.body, 'dueAt'), lateUntil: textField(request.body, 'lateUntil'), reason: textField(request.body, 'reason') };
    try {
      await setExtension(changeBy(request, assignment), userId, parseExtensionInput(values, courseZoneDates(request.course!.timeZone)));
    } catch (error) {
      return page(request, reply, assignment, { userId, values, error: asFormError(error) });
    }
    return reply.redirect(base(request, assignment), 303);
  });

  app.post<{ Params: StudentParams }>('/courses/:courseSlug/assignments/:assignmentId/extensions/:userId/remove', { preHandler: staffWithCsrf }, async (request, reply) => {
    const assignment = await assignmentOf(request);
    try {
      await removeExtension(changeBy(request, assignment), request.params.userId, cleanReason(textField(request.body, 'reason')));
    } catch (error) {
      return page(request, reply, assignment, { error: asFormError(error) });
    }
    return reply.redirect(base(request, assignment), 303);
  });

  const tags = ['courses'];
  const idProperties = { courseSlug: { type: 'string', maxLength: 100 }, assignmentId: { type: 'string', maxLength: 100 } } as const;
  const listParams = { type: 'object', required: ['courseSlug', 'assignmentId'], properties: idProperties } as const;
  const oneParams = { type: 'object', required: ['courseSlug', 'assignmentId', 'userId'], properties: { ...idProperties, userId: { type: 'string', maxLength: 100 } } } as const;
  const write = { onRequest: app.requireUser, preHandler: [app.csrfUnlessToken, app.requireCourseRole(STAFF_ROLES)] };
  const listResponse = { type: 'object', required: ['extensions'], properties: { extensions: { type: 'array', items: extensionSchema } } } as const;
  const listFor = async (assignment: AssignmentRow) => ({ extensions: (await listExtensions(app.db, assignment.id)).map(extensionJson) });

  app.get<{ Params: AssignmentParams }>(
    '/api/courses/:courseSlug/assignments/:assignmentId/extensions',
    { onRequest: app.requireUser, preHandler: app.requireCourseRole(STAFF_ROLES), schema: { tags, summary: "An assignment's extensions (staff)", params: listParams, response: { 200: listResponse, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return listFor(await assignmentOf(request));
    },
  );

  app.put<{ Params: StudentParams; Body: { dueAt: string; lateUntil?: string | null; reason: string } }>(
    '/api/courses/:courseSlug/assignments/:assignmentId/extensions/:userId',
    {
      ...write,
      schema: {
        tags,
        summary: "Grant or change a student's extension (staff)",
        params: oneParams,
        body: {
          type: 'object',
          required: ['dueAt', 'reason'],
          additionalProperties: false,
          properties: { dueAt: { type: 'string', format: 'date-time' }, lateUntil: { type: ['string', 'null'], format: 'date-time' }, reason: { type: 'string', maxLength: 1000 } },
        },
        response: { 200: listResponse, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const assignment = await assignmentOf(request);
      const input = { dueAt: request.body.dueAt, lateUntil: request.body.lateUntil ?? '', reason: request.body.reason };
      await setExtension(changeBy(request, assignment), request.params.userId, parseExtensionInput(input, isoDates));
      return listFor(assignment);
    },
  );

  app.delete<{ Params: StudentParams; Querystring: { reason: string } }>(
    '/api/courses/:courseSlug/assignments/:assignmentId/extensions/:userId',
    {
      ...write,
      schema: {
        tags,
        summary: "Withdraw a student's extension (staff)",
        params: oneParams,
        querystring: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', maxLength: 1000 } } },
        response: { 200: listResponse, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const assignment = await assignmentOf(request);
      await removeExtension(changeBy(request, assignment), request.params.userId, cleanReason(request.query.reason));
      return listFor(assignment);
    },
  );
};

export default courseExtensionRoutes;
