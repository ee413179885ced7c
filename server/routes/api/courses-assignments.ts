/**
 * GET /api/courses/:courseSlug/my-assignments: the course's assignments as the course home shows them
 * to the caller (dates with their extension, time left, late policy, scoring, counted score), for
 * scripts. Any member may ask; the answer is always about the caller's own work.
 */
import type { FastifyPluginAsync } from 'fastify';
import { assignmentView, loadStudentAssignments } from '../../courses/assignment-view.js';
import { COURSE_ROLES } from '../../plugins/course-access.js';
import { errorResponses } from '../../plugins/openapi.js';

const nullableString = { type: ['string', 'null'] } as const;
const dateFields = { type: 'object', required: ['opensAt', 'dueAt', 'lateUntil'], properties: { opensAt: nullableString, dueAt: { type: 'string' }, lateUntil: nullableString } } as const;

export const studentAssignmentSchema = {
  type: 'object',
  required: ['exercise', 'dates', 'instants', 'extendedFrom', 'phase', 'timeLeft', 'latePolicy', 'latePercent', 'latePolicyText', 'scoring', 'scoringText', 'submissionsPerHour', 'points', 'maxPoints', 'overridden', 'attempts', 'status'],
  properties: {
    exercise: { type: 'object', required: ['slug', 'title'], properties: { slug: { type: 'string' }, title: { type: 'string' } } },
    dates: { ...dateFields, description: "Wall-clock dates in the course's time zone, the caller's extension applied." },
    instants: { ...dateFields, description: 'The same moments as ISO 8601 instants.' },
    extendedFrom: { ...nullableString, description: "With an extension, the course's own due date." },
    phase: { type: 'string', enum: ['not-open', 'open', 'late', 'closed'] },
    timeLeft: { type: 'string', description: 'e.g. "due in 2 days 3 hours", "late period: ends in 5 hours", "closed".' },
    latePolicy: { type: 'string', enum: ['none', 'percent-per-day', 'fixed-credit'] },
    latePercent: { type: 'number' },
    latePolicyText: { type: 'string' },
    scoring: { type: 'string', enum: ['best', 'last'] },
    scoringText: { type: 'string' },
    submissionsPerHour: { type: ['integer', 'null'] },
    points: { type: ['number', 'null'], description: 'The counted score in assignment points; null while nothing counts.' },
    maxPoints: { type: 'number' },
    overridden: { type: 'boolean', description: 'The instructor set the score by hand.' },
    attempts: { type: 'integer', description: 'Gradable submissions inside the window.' },
    status: { type: 'string', enum: ['not-started', 'attempted', 'passed'] },
  },
} as const;

const coursesAssignmentsApiRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { courseSlug: string } }>(
    '/api/courses/:courseSlug/my-assignments',
    {
      onRequest: app.requireUser,
      preHandler: app.requireCourseRole(COURSE_ROLES),
      schema: {
        tags: ['courses'],
        summary: "A course's assignments with my dates, time left and counted score",
        params: { type: 'object', required: ['courseSlug'], properties: { courseSlug: { type: 'string', maxLength: 100 } } },
        response: {
          200: {
            type: 'object',
            required: ['course', 'assignments'],
            properties: {
              course: { type: 'object', required: ['slug', 'title', 'timeZone'], properties: { slug: { type: 'string' }, title: { type: 'string' }, timeZone: { type: 'string' } } },
              assignments: { type: 'array', items: studentAssignmentSchema },
            },
          },
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const course = request.course!;
      const now = new Date();
      const assignments = await loadStudentAssignments(app.db, request.user!.id, { courseId: course.id });
      reply.header('cache-control', 'no-store');
      return {
        course: { slug: course.slug, title: course.title, timeZone: course.timeZone },
        assignments: assignments.map((assignment) => assignmentView(assignment, now)),
      };
    },
  );
};

export default coursesAssignmentsApiRoutes;

/** How a submission counts towards one assignment (GET /api/submissions/:id, `howItCounts`). */
export const submissionCountSchema = {
  type: 'object',
  required: ['course', 'verdict', 'text', 'points', 'maxPoints', 'late'],
  properties: {
    course: { type: 'object', required: ['slug', 'title'], properties: { slug: { type: 'string' }, title: { type: 'string' } } },
    verdict: { type: 'string', enum: ['pending', 'not-graded', 'not-an-attempt', 'outside-window', 'overridden', 'counts', 'superseded'] },
    text: { type: 'string' },
    points: { type: ['number', 'null'], description: 'Points this submission gives towards the grade (0 when another one counts); null when it cannot count.' },
    maxPoints: { type: 'number' },
    late: {
      type: ['object', 'null'],
      required: ['daysLate', 'penaltyPercent'],
      properties: { daysLate: { type: 'integer' }, penaltyPercent: { type: 'number' } },
    },
  },
} as const;
