/**
 * GET /courses/:courseSlug/students/:userId: one student as course staff see them: each
 * assignment's counted score and how it came about (late, extension, manual score), every
 * submission with a link to its code and full result, and a timeline. POST .../overrides sets a
 * manual score and POST .../overrides/remove takes it away, each with a required reason and an
 * audit event holding the before and after.
 *
 * Teaching assistants may set manual scores as well as instructors: they do most of the grading
 * by hand, and every change is in the audit trail with its reason for the instructor to review.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { writeAuditEvent } from '../../courses/audit-log.js';
import { serviceError, type ServiceError } from '../../errors.js';
import { textField } from '../../form-fields.js';
import { loadGradebook, shortHash } from '../../gradebook/gradebook-rows.js';
import { STAFF_ROLES } from '../../plugins/course-access.js';

type StudentParams = { Params: { courseSlug: string; userId: string } };

export const OVERRIDE_REASON_MAX_CHARS = 500;

interface TimelineEntry {
  at: Date;
  kind: string;
  text: string;
  href?: string;
}

interface PageState {
  error?: ServiceError;
  assignmentId?: string;
}

/** A few words for an audit event in the timeline: manual scores with their points, other kinds by name. */
function auditWhat(kind: string, detailJson: string): string {
  const detail = JSON.parse(detailJson) as { before?: { score?: unknown } | null; after?: { score?: unknown } | null };
  if (kind === 'override') return `Manual score ${String(detail.after?.score)} set`;
  if (kind === 'override-removed') return `Manual score ${String(detail.before?.score)} removed`;
  return kind.replaceAll('-', ' ');
}

const studentRoutes: FastifyPluginAsync = async (app) => {
  const staffOnly = [app.requireUser, app.requireCourseRole(STAFF_ROLES)];

  const loadStudent = async (courseId: string, userId: string) => {
    const enrollment = await app.db.enrollment.findFirst({
      where: { courseId, userId, role: 'student' },
      include: { user: { select: { id: true, name: true, email: true } } },
    });
    if (!enrollment) throw serviceError('NG_ERR_MEMBER_NOT_FOUND');
    return enrollment;
  };

  const page = async (request: FastifyRequest<StudentParams>, reply: FastifyReply, state: PageState = {}) => {
    const course = request.course!;
    const enrollment = await loadStudent(course.id, request.params.userId);
    const gradebook = await loadGradebook(app.db, course.id, { userId: enrollment.userId });
    const row = gradebook.students[0]!;
    const exerciseIds = gradebook.assignments.map((assignment) => assignment.exerciseId);
    const [submissions, extensions, events] = await Promise.all([
      app.db.submission.findMany({
        where: { userId: enrollment.userId, exerciseId: { in: exerciseIds } },
        orderBy: { createdAt: 'desc' },
        select: { id: true, exerciseId: true, createdAt: true, status: true, gradable: true, score: true, maxScore: true, exerciseHash: true },
      }),
      app.db.extension.findMany({ where: { userId: enrollment.userId, assignment: { courseId: course.id } } }),
      app.db.auditEvent.findMany({
        where: { courseId: course.id, subjectUserId: enrollment.userId },
        orderBy: { createdAt: 'desc' },
        include: { actor: { select: { name: true } } },
      }),
    ]);
    const countedIds = new Set(row.cells.map((cell) => cell.score.counted?.id).filter((id) => id !== undefined));
    const titleOf = new Map(gradebook.assignments.map((assignment) => [assignment.exerciseId, assignment.exerciseTitle]));
    const titleOfAssignment = new Map(gradebook.assignments.map((assignment) => [assignment.id, assignment.exerciseTitle]));

    const timeline: TimelineEntry[] = [
      ...submissions.map((submission) => ({
        at: submission.createdAt,
        kind: 'submission',
        text: `Submitted ${titleOf.get(submission.exerciseId) ?? ''}: ${submission.status === 'graded' ? `${submission.score} / ${submission.maxScore}` : submission.status}`,
        href: `/submissions/${submission.id}`,
      })),
      ...extensions.map((extension) => ({ at: extension.createdAt, kind: 'extension', text: `Extension on ${titleOfAssignment.get(extension.assignmentId) ?? ''} until ${extension.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${extension.reason}` })),
      ...events.map((event) => ({
        at: event.createdAt,
        kind: event.kind,
        text: `${auditWhat(event.kind, event.detailJson)} on ${titleOfAssignment.get(event.assignmentId ?? '') ?? 'the course'} by ${event.actor?.name ?? 'someone'}${event.reason ? `: ${event.reason}` : ''}`,
      })),
    ].sort((a, b) => b.at.getTime() - a.at.getTime());

    if (state.error) reply.code(state.error.statusCode);
    return reply.page('course-student', {
      title: `${enrollment.user.name} · ${course.title} · netgrade`,
      csrfToken: reply.generateCsrf(),
      course,
      student: { ...enrollment.user, studentNumber: enrollment.studentNumber },
      row,
      assignments: gradebook.assignments,
      maxTotal: gradebook.maxTotal,
      submissions: submissions.map((submission) => ({
        ...submission,
        exerciseTitle: titleOf.get(submission.exerciseId) ?? '',
        version: shortHash(submission.exerciseHash),
        counted: countedIds.has(submission.id),
      })),
      timeline,
      error: state.error?.toJSON(),
      errorAssignmentId: state.assignmentId,
      reasonMaxChars: OVERRIDE_REASON_MAX_CHARS,
    });
  };

  app.get<StudentParams>('/courses/:courseSlug/students/:userId', { preHandler: staffOnly }, async (request, reply) => page(request, reply));

  /** The assignment named by the form, the student, and the reason; a ServiceError when any is wrong. */
  const readOverrideForm = async (request: FastifyRequest<StudentParams>) => {
    const course = request.course!;
    const enrollment = await loadStudent(course.id, request.params.userId);
    const assignment = await app.db.assignment.findFirst({ where: { id: textField(request.body, 'assignment'), courseId: course.id } });
    if (!assignment) throw serviceError('NG_ERR_ASSIGNMENT_NOT_FOUND');
    const reason = textField(request.body, 'reason').trim();
    const current = await app.db.gradeOverride.findUnique({ where: { assignmentId_userId: { assignmentId: assignment.id, userId: enrollment.userId } } });
    return { course, enrollment, assignment, reason, current };
  };

  const backToStudent = (request: FastifyRequest<StudentParams>, reply: FastifyReply) =>
    reply.redirect(`/courses/${encodeURIComponent(request.course!.slug)}/students/${encodeURIComponent(request.params.userId)}`, 303);

  app.post<StudentParams>('/courses/:courseSlug/students/:userId/overrides', { preHandler: [...staffOnly, app.csrfProtection] }, async (request, reply) => {
    const { course, enrollment, assignment, reason, current } = await readOverrideForm(request);
    const scoreText = textField(request.body, 'score').trim().replace(',', '.');
    const score = scoreText === '' ? Number.NaN : Number(scoreText);
    if (!Number.isFinite(score) || score < 0 || score > assignment.points) {
      return page(request, reply, { error: serviceError('NG_ERR_OVERRIDE_SCORE_INVALID', assignment.points), assignmentId: assignment.id });
    }
    if (reason === '' || reason.length > OVERRIDE_REASON_MAX_CHARS) {
      return page(request, reply, { error: serviceError('NG_ERR_REASON_REQUIRED', OVERRIDE_REASON_MAX_CHARS), assignmentId: assignment.id });
    }
    const key = { assignmentId: assignment.id, userId: enrollment.userId };
    await app.db.$transaction(async (tx) => {
      await tx.gradeOverride.upsert({
        where: { assignmentId_userId: key },
        create: { ...key, score, reason, createdById: request.user!.id },
        update: { score, reason, createdById: request.user!.id },
      });
      await writeAuditEvent(tx, {
        courseId: course.id,
        actorId: request.user!.id,
        kind: 'override',
        subjectUserId: enrollment.userId,
        assignmentId: assignment.id,
        reason,
        before: current ? { score: current.score, reason: current.reason } : null,
        after: { score, reason },
      });
    });
    request.log.info({ courseId: course.id, assignmentId: assignment.id, userId: enrollment.userId }, 'grade override set');
    return backToStudent(request, reply);
  });

  app.post<StudentParams>('/courses/:courseSlug/students/:userId/overrides/remove', { preHandler: [...staffOnly, app.csrfProtection] }, async (request, reply) => {
    const { course, enrollment, assignment, reason, current } = await readOverrideForm(request);
    if (!current) throw serviceError('NG_ERR_OVERRIDE_NOT_FOUND');
    if (reason === '' || reason.length > OVERRIDE_REASON_MAX_CHARS) {
      return page(request, reply, { error: serviceError('NG_ERR_REASON_REQUIRED', OVERRIDE_REASON_MAX_CHARS), assignmentId: assignment.id });
    }
    await app.db.$transaction(async (tx) => {
      await tx.gradeOverride.delete({ where: { id: current.id } });
      await writeAuditEvent(tx, {
        courseId: course.id,
        actorId: request.user!.id,
        kind: 'override-removed',
        subjectUserId: enrollment.userId,
        assignmentId: assignment.id,
        reason,
        before: { score: current.score, reason: current.reason },
        after: null,
      });
    });
    request.log.info({ courseId: course.id, assignmentId: assignment.id, userId: enrollment.userId }, 'grade override removed');
    return backToStudent(request, reply);
  });
};

export default studentRoutes;
