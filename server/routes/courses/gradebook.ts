/**
 * GET /courses/:courseSlug/gradebook (page), /courses/:courseSlug/gradebook.csv (Canvas or Moodle
 * import file) and /api/courses/:courseSlug/gradebook (JSON): every student against every
 * assignment, counted by the one scoring rule. Course staff only.
 */
import type { FastifyPluginAsync } from 'fastify';
import { serviceError } from '../../errors.js';
import { GRADEBOOK_CSV_FORMATS, gradebookCsv, type GradebookCsvFormat } from '../../gradebook/gradebook-csv.js';
import { applyGradebookQuery, ASSIGNMENT_STATUSES, gradebookHref, parseGradebookQuery, sortHref } from '../../gradebook/gradebook-query.js';
import { loadGradebook, shortHash, type Gradebook, type GradebookCell, type GradebookStudent } from '../../gradebook/gradebook-rows.js';
import { STAFF_ROLES } from '../../plugins/course-access.js';
import { errorResponses } from '../../plugins/openapi.js';
import { gradebookSchema } from '../api/schemas.js';

type CourseParams = { Params: { courseSlug: string } };

function cellJson(cell: GradebookCell) {
  const { score } = cell;
  return {
    points: score.points,
    maxPoints: score.maxPoints,
    status: score.status,
    attempts: score.attempts,
    late: score.counted?.late ?? false,
    daysLate: score.counted?.daysLate ?? 0,
    extended: score.deadlines.extended,
    override: score.override ? { score: score.override.score, reason: score.override.reason } : null,
    countedSubmissionId: score.counted?.id ?? null,
    exerciseVersion: cell.countedVersion,
    currentVersion: cell.currentVersion,
    lastActivityAt: score.lastActivityAt?.toISOString() ?? null,
  };
}

export function gradebookJson(courseSlug: string, gradebook: Gradebook, students: GradebookStudent[] = gradebook.students) {
  return {
    course: courseSlug,
    maxTotal: gradebook.maxTotal,
    assignments: gradebook.assignments.map((assignment) => ({
      id: assignment.id,
      exercise: assignment.exerciseSlug,
      title: assignment.exerciseTitle,
      points: assignment.rules.points,
      dueAt: assignment.rules.dueAt.toISOString(),
      exerciseVersion: shortHash(assignment.currentHash)!,
    })),
    students: students.map((student) => ({
      userId: student.userId,
      name: student.name,
      email: student.email,
      studentNumber: student.studentNumber,
      total: student.total,
      lastActivityAt: student.lastActivityAt?.toISOString() ?? null,
      assignments: Object.fromEntries(gradebook.assignments.map((assignment, i) => [assignment.exerciseSlug, cellJson(student.cells[i]!)])),
    })),
  };
}

const gradebookRoutes: FastifyPluginAsync = async (app) => {
  const staffOnly = [app.requireUser, app.requireCourseRole(STAFF_ROLES)];

  app.get<CourseParams>('/courses/:courseSlug/gradebook', { preHandler: staffOnly }, async (request, reply) => {
    const course = request.course!;
    const gradebook = await loadGradebook(app.db, course.id);
    const query = parseGradebookQuery(request.query, gradebook);
    const base = `/courses/${encodeURIComponent(course.slug)}/gradebook`;
    return reply.page('course-gradebook', {
      title: `Gradebook · ${course.title} · netgrade`,
      course,
      courseRole: request.courseRole,
      gradebook,
      students: applyGradebookQuery(gradebook, query),
      query,
      statuses: ASSIGNMENT_STATUSES,
      base,
      sortHref: (sort: string) => sortHref(base, query, sort),
      sortState: (sort: string) => (query.sort === sort ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none'),
      clearHref: gradebookHref(base, query, { q: '', assignment: '', status: '' }),
    });
  });

  app.get<CourseParams & { Querystring: { format?: string } }>('/courses/:courseSlug/gradebook.csv', { preHandler: staffOnly }, async (request, reply) => {
    const course = request.course!;
    const format = request.query.format ?? 'canvas';
    if (!(GRADEBOOK_CSV_FORMATS as readonly string[]).includes(format)) throw serviceError('NG_ERR_CSV_FORMAT_UNKNOWN', GRADEBOOK_CSV_FORMATS);
    const gradebook = await loadGradebook(app.db, course.id);
    const rows = { ...gradebook, students: applyGradebookQuery(gradebook, parseGradebookQuery({}, gradebook)) };
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${course.slug}-gradebook-${format}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(gradebookCsv(rows, format as GradebookCsvFormat, ''));
  });

  app.get<CourseParams>(
    '/api/courses/:courseSlug/gradebook',
    {
      onRequest: app.requireUser,
      preHandler: app.requireCourseRole(STAFF_ROLES),
      schema: {
        tags: ['courses'],
        summary: "A course's gradebook: every student's counted score on every assignment (course staff)",
        params: { type: 'object', required: ['courseSlug'], properties: { courseSlug: { type: 'string', maxLength: 100 } } },
        querystring: {
          type: 'object',
          properties: {
            sort: { type: 'string', maxLength: 200, description: 'name (default), student-number, total, or assignment:<exercise slug>.' },
            order: { type: 'string', enum: ['asc', 'desc'] },
            q: { type: 'string', maxLength: 200, description: 'Only students whose name or email contains this.' },
            assignment: { type: 'string', maxLength: 100, description: 'Exercise slug the status filter applies to.' },
            status: { type: 'string', enum: ['not-started', 'attempted', 'passed'] },
          },
        },
        response: { 200: gradebookSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const gradebook = await loadGradebook(app.db, request.course!.id);
      reply.header('cache-control', 'no-store');
      return gradebookJson(request.course!.slug, gradebook, applyGradebookQuery(gradebook, parseGradebookQuery(request.query, gradebook)));
    },
  );
};

export default gradebookRoutes;
