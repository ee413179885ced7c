/**
 * `GET /courses/:courseSlug/audit`: the course's audit trail, newest first, for its staff. TAs
 * read it too: they answer students' questions about changed grades; nobody edits it, the trail
 * is written only by the actions it records. Filters: `kind`, `student` (a user id), and `page`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { STAFF_ROLES } from '../../plugins/course-access.js';

const EVENTS_PER_PAGE = 50;

interface AuditQuery {
  kind?: string;
  student?: string;
  page?: string;
}

/** `detailJson`'s before and after, each as a short line; what the writer stored, shown as is. */
export function describeChange(detailJson: string): { before: string; after: string } | undefined {
  let detail: unknown;
  try {
    detail = JSON.parse(detailJson);
  } catch {
    return undefined;
  }
  if (typeof detail !== 'object' || detail === null) return undefined;
  const { before, after } = detail as { before?: unknown; after?: unknown };
  if (before === undefined && after === undefined) return undefined;
  return { before: describeValue(before), after: describeValue(after) };
}

/** A SHA-256 in hex: an exercise version, shown by its first digits as elsewhere. */
const FULL_HASH = /^[0-9a-f]{64}$/;

function describeField(field: unknown): string {
  if (typeof field === 'string' && FULL_HASH.test(field)) return field.slice(0, 7);
  return typeof field === 'object' && field !== null ? JSON.stringify(field) : String(field);
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return '–';
  if (typeof value !== 'object') return describeField(value);
  const fields = { ...(value as Record<string, unknown>) };
  const parts: string[] = [];
  // A grading's score reads best as "score 10 / 200".
  if (typeof fields.score === 'number' && typeof fields.maxScore === 'number') {
    parts.push(`score ${fields.score} / ${fields.maxScore}`);
    delete fields.score;
    delete fields.maxScore;
  }
  if (typeof fields.exerciseHash === 'string') {
    parts.push(`version ${describeField(fields.exerciseHash)}`);
    delete fields.exerciseHash;
  }
  for (const [name, field] of Object.entries(fields)) if (field !== undefined) parts.push(`${name}: ${describeField(field)}`);
  return parts.join(', ');
}

const auditRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { courseSlug: string }; Querystring: AuditQuery }>(
    '/courses/:courseSlug/audit',
    { preHandler: [app.requireUser, app.requireCourseRole(STAFF_ROLES)] },
    async (request, reply) => {
      const course = request.course!;
      const kind = typeof request.query.kind === 'string' && request.query.kind !== '' ? request.query.kind : undefined;
      const student = typeof request.query.student === 'string' && request.query.student !== '' ? request.query.student : undefined;
      const page = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
      const where = { courseId: course.id, ...(kind ? { kind } : {}), ...(student ? { subjectUserId: student } : {}) };

      const [total, events, kinds, members] = await Promise.all([
        app.db.auditEvent.count({ where }),
        app.db.auditEvent.findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          skip: (page - 1) * EVENTS_PER_PAGE,
          take: EVENTS_PER_PAGE,
          include: { actor: { select: { name: true } } },
        }),
        app.db.auditEvent.findMany({ where: { courseId: course.id }, distinct: ['kind'], select: { kind: true }, orderBy: { kind: 'asc' } }),
        app.db.enrollment.findMany({ where: { courseId: course.id }, select: { userId: true, role: true, user: { select: { name: true } } }, orderBy: { user: { name: 'asc' } } }),
      ]);
      const names = new Map(members.map((member) => [member.userId, member.user.name]));
      const pages = Math.max(1, Math.ceil(total / EVENTS_PER_PAGE));
      const query = (target: number) => {
        const params = new URLSearchParams({ ...(kind ? { kind } : {}), ...(student ? { student } : {}), page: String(target) });
        return `?${params.toString()}`;
      };
      return reply.page('course-audit', {
        title: `Audit trail · ${course.title} · netgrade`,
        course,
        filters: { kind: kind ?? '', student: student ?? '' },
        kinds: kinds.map((row) => row.kind),
        students: members.filter((member) => member.role === 'student').map((member) => ({ id: member.userId, name: member.user.name })),
        events: events.map((event) => ({
          id: event.id,
          createdAt: event.createdAt.toISOString(),
          kind: event.kind,
          actor: event.actor?.name ?? 'the service',
          subject: event.subjectUserId ? (names.get(event.subjectUserId) ?? 'a former member') : '–',
          submissionId: event.submissionId,
          reason: event.reason,
          change: describeChange(event.detailJson),
        })),
        total,
        page,
        pages,
        previousUrl: page > 1 ? query(page - 1) : undefined,
        nextUrl: page < pages ? query(page + 1) : undefined,
      });
    },
  );
};

export default auditRoutes;
