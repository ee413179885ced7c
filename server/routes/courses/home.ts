/**
 * GET /courses/:courseSlug: a course's home for any member. Its assignments with the signed-in
 * user's dates (extension applied), time left, late policy, scoring and counted score; for staff,
 * links to the course's staff pages as well.
 */
import type { FastifyPluginAsync } from 'fastify';
import { assignmentView, loadStudentAssignments } from '../../courses/assignment-view.js';
import { COURSE_ROLES, STAFF_ROLES, type CourseRole } from '../../plugins/course-access.js';

/** The staff pages of a course, in the order a teacher reaches for them. */
const STAFF_LINKS = [
  { path: 'gradebook', label: 'Gradebook' },
  { path: 'members', label: 'Members' },
  { path: 'assignments', label: 'Assignments' },
  { path: 'regrades', label: 'Regrades' },
  { path: 'audit', label: 'Audit log' },
] as const;

function isStaff(role: CourseRole | null): boolean {
  return role !== null && STAFF_ROLES.includes(role);
}

const courseHomeRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { courseSlug: string } }>(
    '/courses/:courseSlug',
    { preHandler: [app.requireUser, app.requireCourseRole(COURSE_ROLES)] },
    async (request, reply) => {
      const course = request.course!;
      const now = new Date();
      const assignments = (await loadStudentAssignments(app.db, request.user!.id, { courseId: course.id })).map((assignment) => ({
        ...assignmentView(assignment, now),
        // An assignment whose exercise the service no longer publishes is listed without a link.
        published: app.exercises.find(assignment.exercise.slug) !== undefined,
      }));
      const base = `/courses/${encodeURIComponent(course.slug)}`;
      return reply.page('course-home', {
        title: `${course.title} · netgrade`,
        course: { slug: course.slug, title: course.title, timeZone: course.timeZone },
        role: request.courseRole,
        staffLinks: isStaff(request.courseRole) ? STAFF_LINKS.map((link) => ({ href: `${base}/${link.path}`, label: link.label })) : [],
        assignments,
      });
    },
  );
};

export default courseHomeRoutes;
