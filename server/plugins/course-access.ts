import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { serviceError } from '../errors.js';

/** A member's role in one course (Enrollment.role). */
export type CourseRole = 'student' | 'ta' | 'instructor';

export const COURSE_ROLES: readonly CourseRole[] = ['student', 'ta', 'instructor'];

/** Who may do what in a course: staff see every student's work; only instructors change the course. */
export const STAFF_ROLES: readonly CourseRole[] = ['ta', 'instructor'];
export const INSTRUCTOR_ROLES: readonly CourseRole[] = ['instructor'];

export interface CourseInRequest {
  id: string;
  slug: string;
  title: string;
  timeZone: string;
  enrollmentCode: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The course named by the route's `:courseSlug`, once `requireCourseRole` let the request in. */
    course: CourseInRequest | null;
    /** The signed-in user's role in `course`. */
    courseRole: CourseRole | null;
  }

  interface FastifyInstance {
    /**
     * A preHandler (after `requireUser`) for routes under `/courses/:courseSlug/`: lets in members
     * of the course whose role is one of `roles`, and sets `request.course` and `request.courseRole`.
     */
    requireCourseRole(roles: readonly CourseRole[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

export function isCourseRole(value: unknown): value is CourseRole {
  return typeof value === 'string' && (COURSE_ROLES as readonly string[]).includes(value);
}

const courseAccessPlugin: FastifyPluginAsync = async (app) => {
  app.decorateRequest('course', null);
  app.decorateRequest('courseRole', null);

  app.decorate('requireCourseRole', (roles: readonly CourseRole[]) => async (request: FastifyRequest) => {
    const user = request.user;
    if (!user) throw serviceError('NG_ERR_SIGN_IN_REQUIRED');
    const slug = (request.params as { courseSlug?: unknown }).courseSlug;
    if (typeof slug !== 'string') throw serviceError('NG_ERR_COURSE_NOT_FOUND');
    const enrollment = await app.db.enrollment.findFirst({
      where: { userId: user.id, course: { slug } },
      select: { role: true, course: { select: { id: true, slug: true, title: true, timeZone: true, enrollmentCode: true } } },
    });
    // A course the user is not in gets the same answer as one that does not exist: an instructor
    // of one course learns nothing of another.
    if (!enrollment || !isCourseRole(enrollment.role)) throw serviceError('NG_ERR_COURSE_NOT_FOUND');
    if (!roles.includes(enrollment.role)) throw serviceError('NG_ERR_COURSE_ROLE_REQUIRED', roles);
    request.course = enrollment.course;
    request.courseRole = enrollment.role;
  });
};

export default fp(courseAccessPlugin, { name: 'course-access', fastify: '5.x', dependencies: ['db', 'auth'] });
