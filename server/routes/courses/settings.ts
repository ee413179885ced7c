/**
 * /courses/:courseSlug/settings (instructors): the course's title and time zone, and a new
 * enrollment code when the old one has leaked (the old one stops working at once).
 * /api/courses/:courseSlug/settings: the same for scripts.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceError } from '../../errors.js';
import { textField } from '../../form-fields.js';
import { INSTRUCTOR_ROLES } from '../../plugins/course-access.js';
import { errorResponses } from '../../plugins/openapi.js';
import { writeAuditEvent } from '../../courses/audit-log.js';
import { asFormError, cleanCourseTitle, cleanTimeZone, newEnrollmentCode } from '../../courses/course-fields.js';
import { courseSettingsSchema } from '../api/schemas.js';

interface SlugParams {
  courseSlug: string;
}

interface SettingsFields {
  title?: string;
  timeZone?: string;
}

const courseParamsSchema = { type: 'object', required: ['courseSlug'], properties: { courseSlug: { type: 'string', maxLength: 100 } } } as const;

const courseSettingsRoutes: FastifyPluginAsync = async (app) => {
  const instructorsOnly = [app.requireUser, app.requireCourseRole(INSTRUCTOR_ROLES)];

  const updateSettings = async (request: FastifyRequest, fields: SettingsFields) => {
    const course = request.course!;
    const after = {
      title: fields.title === undefined ? course.title : cleanCourseTitle(fields.title),
      timeZone: fields.timeZone === undefined ? course.timeZone : cleanTimeZone(fields.timeZone),
    };
    await app.db.$transaction(async (tx) => {
      await tx.course.update({ where: { id: course.id }, data: after });
      if (after.timeZone !== course.timeZone) {
        // Deadlines are instants and do not move, but the times people read and type do.
        await writeAuditEvent(tx, { courseId: course.id, actorId: request.user!.id, kind: 'course-settings', before: { timeZone: course.timeZone }, after: { timeZone: after.timeZone } });
      }
    });
    return { ...course, ...after };
  };

  const regenerateCode = async (request: FastifyRequest) => {
    const enrollmentCode = newEnrollmentCode();
    await app.db.course.update({ where: { id: request.course!.id }, data: { enrollmentCode } });
    request.log.info({ courseId: request.course!.id }, 'enrollment code replaced');
    return { ...request.course!, enrollmentCode };
  };

  const page = async (request: FastifyRequest, reply: FastifyReply, state: { fields?: SettingsFields; error?: ServiceError; notice?: string } = {}) => {
    if (state.error) reply.code(state.error.statusCode);
    const course = request.course!;
    return reply.page('course-settings', {
      title: `Settings · ${course.title} · netgrade`,
      csrfToken: reply.generateCsrf(),
      course,
      fields: { title: state.fields?.title ?? course.title, timeZone: state.fields?.timeZone ?? course.timeZone },
      error: state.error?.toJSON(),
      notice: state.notice,
    });
  };

  app.get<{ Params: SlugParams }>('/courses/:courseSlug/settings', { preHandler: instructorsOnly }, async (request, reply) => {
    const notice = (request.query as { saved?: string }).saved !== undefined ? 'Settings saved.' : undefined;
    return page(request, reply, notice ? { notice } : {});
  });

  app.post<{ Params: SlugParams }>('/courses/:courseSlug/settings', { preHandler: [...instructorsOnly, app.csrfProtection] }, async (request, reply) => {
    const fields = { title: textField(request.body, 'title'), timeZone: textField(request.body, 'timeZone') };
    try {
      await updateSettings(request, fields);
    } catch (error) {
      return page(request, reply, { fields, error: asFormError(error) });
    }
    return reply.redirect(`/courses/${request.course!.slug}/settings?saved`, 303);
  });

  app.post<{ Params: SlugParams }>('/courses/:courseSlug/settings/enrollment-code', { preHandler: [...instructorsOnly, app.csrfProtection] }, async (request, reply) => {
    request.course = await regenerateCode(request);
    return page(request, reply, { notice: 'A new enrollment code is in force; the old one no longer works.' });
  });

  const tags = ['courses'];
  const settingsResponse = { 200: courseSettingsSchema, ...errorResponses(401, 403, 404, 422) };

  app.get<{ Params: SlugParams }>(
    '/api/courses/:courseSlug/settings',
    { onRequest: app.requireUser, preHandler: app.requireCourseRole(INSTRUCTOR_ROLES), schema: { tags, summary: "A course's settings (instructors)", params: courseParamsSchema, response: settingsResponse } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return request.course!;
    },
  );

  app.patch<{ Params: SlugParams; Body: SettingsFields }>(
    '/api/courses/:courseSlug/settings',
    {
      onRequest: app.requireUser,
      preHandler: [app.csrfUnlessToken, app.requireCourseRole(INSTRUCTOR_ROLES)],
      schema: {
        tags,
        summary: "Change a course's title or time zone (instructors)",
        params: courseParamsSchema,
        body: { type: 'object', additionalProperties: false, properties: { title: { type: 'string', maxLength: 200 }, timeZone: { type: 'string', maxLength: 100 } } },
        response: settingsResponse,
      },
    },
    async (request) => updateSettings(request, request.body),
  );

  app.post<{ Params: SlugParams }>(
    '/api/courses/:courseSlug/settings/enrollment-code',
    {
      onRequest: app.requireUser,
      preHandler: [app.csrfUnlessToken, app.requireCourseRole(INSTRUCTOR_ROLES)],
      schema: { tags, summary: 'Replace the enrollment code (instructors); the old one stops working', params: courseParamsSchema, response: settingsResponse },
    },
    async (request) => regenerateCode(request),
  );
};

export default courseSettingsRoutes;
