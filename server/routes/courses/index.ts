/**
 * GET/POST /courses: the courses I am in, with my role in each, and, for an instructor account,
 * a form to create a course (its creator becomes its instructor; an enrollment code is drawn).
 * GET/POST /api/courses: the same for scripts.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Prisma } from '../../db/generated/client.js';
import { serviceError, type ServiceError } from '../../errors.js';
import { textField } from '../../form-fields.js';
import { errorResponses } from '../../plugins/openapi.js';
import { asFormError, cleanCourseSlug, cleanCourseTitle, cleanTimeZone, newEnrollmentCode } from '../../courses/course-fields.js';
import { courseSummarySchema } from '../api/schemas.js';

export interface NewCourseFields {
  title: string;
  slug: string;
  timeZone: string;
}

interface CourseListEntry {
  slug: string;
  title: string;
  timeZone: string;
  role: string;
}

const coursesRoutes: FastifyPluginAsync = async (app) => {
  const myCourses = async (userId: string): Promise<CourseListEntry[]> => {
    const enrollments = await app.db.enrollment.findMany({
      where: { userId },
      orderBy: { course: { title: 'asc' } },
      select: { role: true, course: { select: { slug: true, title: true, timeZone: true } } },
    });
    return enrollments.map(({ role, course }) => ({ ...course, role }));
  };

  const createCourse = async (request: FastifyRequest, fields: NewCourseFields) => {
    const user = request.user!;
    if (user.role !== 'instructor') throw serviceError('NG_ERR_COURSE_CREATE_FORBIDDEN');
    const data = { title: cleanCourseTitle(fields.title), slug: cleanCourseSlug(fields.slug), timeZone: cleanTimeZone(fields.timeZone) };
    try {
      const course = await app.db.course.create({
        data: { ...data, enrollmentCode: newEnrollmentCode(), enrollments: { create: { userId: user.id, role: 'instructor' } } },
        select: { id: true, slug: true, title: true, timeZone: true, enrollmentCode: true },
      });
      request.log.info({ userId: user.id, courseId: course.id }, 'course created');
      return course;
    } catch (error) {
      // The slug is the only unique field a person chose; a clash of random codes is not worth a retry loop.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw serviceError('NG_ERR_COURSE_SLUG_TAKEN', data.slug);
      throw error;
    }
  };

  const page = async (request: FastifyRequest, reply: FastifyReply, state: { fields?: NewCourseFields; error?: ServiceError } = {}) => {
    if (state.error) reply.code(state.error.statusCode);
    return reply.page('courses', {
      title: 'Courses · netgrade',
      csrfToken: reply.generateCsrf(),
      courses: await myCourses(request.user!.id),
      canCreate: request.user!.role === 'instructor',
      fields: state.fields ?? { title: '', slug: '', timeZone: 'UTC' },
      error: state.error?.toJSON(),
    });
  };

  app.get('/courses', { preHandler: app.requireUser }, async (request, reply) => page(request, reply));

  app.post('/courses', { preHandler: [app.requireUser, app.csrfProtection] }, async (request, reply) => {
    const fields = { title: textField(request.body, 'title'), slug: textField(request.body, 'slug'), timeZone: textField(request.body, 'timeZone') };
    try {
      const course = await createCourse(request, fields);
      return reply.redirect(`/courses/${course.slug}/settings`, 303);
    } catch (error) {
      return page(request, reply, { fields, error: asFormError(error) });
    }
  });

  const tags = ['courses'];

  app.get(
    '/api/courses',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        summary: 'The courses I am a member of, with my role in each',
        response: { 200: { type: 'object', required: ['courses'], properties: { courses: { type: 'array', items: courseSummarySchema } } }, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { courses: await myCourses(request.user!.id) };
    },
  );

  app.post<{ Body: NewCourseFields }>(
    '/api/courses',
    {
      onRequest: app.requireUser,
      preHandler: app.csrfUnlessToken,
      schema: {
        tags,
        summary: 'Create a course (instructor accounts); I become its instructor',
        body: {
          type: 'object',
          required: ['title', 'slug'],
          additionalProperties: false,
          properties: {
            title: { type: 'string', maxLength: 200 },
            slug: { type: 'string', maxLength: 100, description: 'The short name in the course addresses, e.g. "networks-2026".' },
            timeZone: { type: 'string', maxLength: 100, default: 'UTC', description: 'IANA time zone in which the course shows and takes dates.' },
          },
        },
        response: {
          201: { type: 'object', required: ['slug', 'title', 'timeZone', 'enrollmentCode', 'role'], properties: { ...courseSummarySchema.properties, enrollmentCode: { type: 'string' } } },
          ...errorResponses(401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const course = await createCourse(request, { ...request.body, timeZone: request.body.timeZone ?? 'UTC' });
      reply.code(201);
      return { slug: course.slug, title: course.title, timeZone: course.timeZone, enrollmentCode: course.enrollmentCode, role: 'instructor' };
    },
  );
};

export default coursesRoutes;
