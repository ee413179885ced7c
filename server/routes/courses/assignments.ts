/**
 * /courses/:courseSlug/assignments: the course's assignments. Staff see the list; instructors
 * create, edit and delete (after a confirmation page). Dates are typed and shown as wall-clock
 * times in the course's time zone. /api/courses/:courseSlug/assignments: the same for scripts,
 * with dates as ISO instants.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { serviceError, type ServiceError } from '../../errors.js';
import { textField } from '../../form-fields.js';
import { INSTRUCTOR_ROLES, STAFF_ROLES } from '../../plugins/course-access.js';
import { errorResponses } from '../../plugins/openapi.js';
import type { PublishedExercise } from '../../plugins/exercises.js';
import { formatCourseDate } from '../../courses/course-dates.js';
import { asFormError } from '../../courses/course-fields.js';
import {
  assignmentFormValues,
  courseZoneDates,
  isoDates,
  LATE_POLICIES,
  newAssignmentValues,
  parseAssignmentInput,
  SCORINGS,
  type AssignmentInput,
} from '../../courses/assignment-fields.js';
import { createAssignment, deleteAssignment, findAssignment, listAssignments, updateAssignment, type AssignmentRow } from '../../courses/course-assignments.js';
import { assignmentSchema } from '../api/schemas.js';

interface SlugParams {
  courseSlug: string;
}

interface AssignmentParams extends SlugParams {
  assignmentId: string;
}

const FORM_FIELDS: (keyof AssignmentInput)[] = ['points', 'opensAt', 'dueAt', 'lateUntil', 'latePolicy', 'latePercent', 'submissionsPerHour', 'scoring'];
export const AUDIT_REASON_MAX_CHARS = 500;

function formInput(body: unknown): AssignmentInput {
  return Object.fromEntries(FORM_FIELDS.map((name) => [name, textField(body, name)])) as unknown as AssignmentInput;
}

function reasonOf(text: string | undefined): string | null {
  const reason = (text ?? '').trim();
  if (reason.length > AUDIT_REASON_MAX_CHARS) throw serviceError('NG_ERR_REASON_REQUIRED', AUDIT_REASON_MAX_CHARS);
  return reason === '' ? null : reason;
}

export function assignmentJson(row: AssignmentRow) {
  return {
    id: row.id,
    exercise: row.exercise.slug,
    points: row.points,
    opensAt: row.opensAt?.toISOString() ?? null,
    dueAt: row.dueAt.toISOString(),
    lateUntil: row.lateUntil?.toISOString() ?? null,
    latePolicy: row.latePolicy,
    latePercent: row.latePercent,
    submissionsPerHour: row.submissionsPerHour,
    scoring: row.scoring,
  };
}

interface FormState {
  assignment?: AssignmentRow;
  exercise?: string;
  values?: AssignmentInput;
  reason?: string;
  error?: ServiceError;
}

const courseAssignmentRoutes: FastifyPluginAsync = async (app) => {
  const staff = [app.requireUser, app.requireCourseRole(STAFF_ROLES)];
  const instructors = [app.requireUser, app.requireCourseRole(INSTRUCTOR_ROLES)];
  const instructorsWithCsrf = [...instructors, app.csrfProtection];
  const changeBy = (request: FastifyRequest, reason: string | null = null) => ({ db: app.db, courseId: request.course!.id, actorId: request.user!.id, reason });
  const base = (request: FastifyRequest) => `/courses/${request.course!.slug}/assignments`;

  const exerciseBySlug = (slug: string): PublishedExercise => {
    const found = app.exercises.find(slug);
    if (!found) throw serviceError('NG_ERR_EXERCISE_NOT_FOUND', slug);
    return found;
  };

  const listPage = async (request: FastifyRequest, reply: FastifyReply) => {
    const course = request.course!;
    const assignments = await listAssignments(app.db, course.id);
    return reply.page('course-assignments', {
      title: `Assignments · ${course.title} · netgrade`,
      course,
      canEdit: request.courseRole === 'instructor',
      assignments: assignments.map((row) => ({
        ...row,
        opens: formatCourseDate(row.opensAt, course.timeZone),
        due: formatCourseDate(row.dueAt, course.timeZone),
        lateUntilText: formatCourseDate(row.lateUntil, course.timeZone),
      })),
    });
  };

  const formPage = async (request: FastifyRequest, reply: FastifyReply, state: FormState = {}) => {
    if (state.error) reply.code(state.error.statusCode);
    const course = request.course!;
    const assigned = new Set((await listAssignments(app.db, course.id)).map((row) => row.exercise.slug));
    const editing = state.assignment;
    return reply.page('course-assignment-form', {
      title: `${editing ? 'Edit' : 'New'} assignment · ${course.title} · netgrade`,
      csrfToken: reply.generateCsrf(),
      course,
      editing,
      action: editing ? `${base(request)}/${editing.id}` : base(request),
      // An exercise can be assigned once per course: offer only those not assigned yet.
      exercises: app.exercises.all().filter((exercise) => !assigned.has(exercise.slug)).map((exercise) => ({ slug: exercise.slug, title: exercise.title })),
      exercise: state.exercise ?? '',
      values: state.values ?? (editing ? assignmentFormValues(editing, course.timeZone) : newAssignmentValues(course.timeZone)),
      reason: state.reason ?? '',
      latePolicies: LATE_POLICIES,
      scorings: SCORINGS,
      error: state.error?.toJSON(),
    });
  };

  app.get<{ Params: SlugParams }>('/courses/:courseSlug/assignments', { preHandler: staff }, listPage);

  app.get<{ Params: SlugParams }>('/courses/:courseSlug/assignments/new', { preHandler: instructors }, async (request, reply) => formPage(request, reply));

  app.post<{ Params: SlugParams }>('/courses/:courseSlug/assignments', { preHandler: instructorsWithCsrf }, async (request, reply) => {
    const values = formInput(request.body);
    const exercise = textField(request.body, 'exercise');
    try {
      const published = exerciseBySlug(exercise);
      const data = parseAssignmentInput(values, courseZoneDates(request.course!.timeZone));
      await createAssignment(changeBy(request), { rowId: published.rowId, slug: exercise }, data);
    } catch (error) {
      return formPage(request, reply, { exercise, values, error: asFormError(error) });
    }
    return reply.redirect(base(request), 303);
  });

  app.get<{ Params: AssignmentParams }>('/courses/:courseSlug/assignments/:assignmentId/edit', { preHandler: instructors }, async (request, reply) =>
    formPage(request, reply, { assignment: await findAssignment(app.db, request.course!.id, request.params.assignmentId) }),
  );

  app.post<{ Params: AssignmentParams }>('/courses/:courseSlug/assignments/:assignmentId', { preHandler: instructorsWithCsrf }, async (request, reply) => {
    const assignment = await findAssignment(app.db, request.course!.id, request.params.assignmentId);
    const values = formInput(request.body);
    const reason = textField(request.body, 'reason');
    try {
      const data = parseAssignmentInput(values, courseZoneDates(request.course!.timeZone));
      await updateAssignment(changeBy(request, reasonOf(reason)), assignment.id, data);
    } catch (error) {
      return formPage(request, reply, { assignment, values, reason, error: asFormError(error) });
    }
    return reply.redirect(base(request), 303);
  });

  app.get<{ Params: AssignmentParams }>('/courses/:courseSlug/assignments/:assignmentId/delete', { preHandler: instructors }, async (request, reply) => {
    const assignment = await findAssignment(app.db, request.course!.id, request.params.assignmentId);
    const [extensions, overrides] = await Promise.all([
      app.db.extension.count({ where: { assignmentId: assignment.id } }),
      app.db.gradeOverride.count({ where: { assignmentId: assignment.id } }),
    ]);
    return reply.page('course-assignment-delete', {
      title: `Delete assignment · ${request.course!.title} · netgrade`,
      csrfToken: reply.generateCsrf(),
      course: request.course,
      assignment,
      extensions,
      overrides,
    });
  });

  app.post<{ Params: AssignmentParams }>('/courses/:courseSlug/assignments/:assignmentId/delete', { preHandler: instructorsWithCsrf }, async (request, reply) => {
    await deleteAssignment(changeBy(request, reasonOf(textField(request.body, 'reason'))), request.params.assignmentId);
    return reply.redirect(base(request), 303);
  });

  registerAssignmentApi(app, exerciseBySlug);
};

type ApiBody = Omit<Partial<Record<keyof AssignmentInput, unknown>>, never> & { exercise?: string; reason?: string };

const dateField = { type: ['string', 'null'], format: 'date-time', description: 'An RFC 3339 instant with its offset.' } as const;
const assignmentBody = {
  type: 'object',
  required: ['dueAt'],
  additionalProperties: false,
  properties: {
    exercise: { type: 'string', maxLength: 100, description: 'The exercise slug (when creating).' },
    points: { type: 'number', default: 100 },
    opensAt: dateField,
    dueAt: { type: 'string', format: 'date-time' },
    lateUntil: dateField,
    latePolicy: { type: 'string', enum: LATE_POLICIES, default: 'none' },
    latePercent: { type: 'number', default: 0 },
    submissionsPerHour: { type: ['integer', 'null'] },
    scoring: { type: 'string', enum: SCORINGS, default: 'best' },
    reason: { type: 'string', maxLength: AUDIT_REASON_MAX_CHARS, description: 'Kept in the audit trail.' },
  },
} as const;

/** The JSON fields as the form's strings, so both go through one parser. */
function apiInput(body: ApiBody): AssignmentInput {
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  return Object.fromEntries(FORM_FIELDS.map((name) => [name, text(body[name])])) as unknown as AssignmentInput;
}

function registerAssignmentApi(app: Parameters<FastifyPluginAsync>[0], exerciseBySlug: (slug: string) => PublishedExercise): void {
  const tags = ['courses'];
  const slugProperty = { courseSlug: { type: 'string', maxLength: 100 } } as const;
  const listParams = { type: 'object', required: ['courseSlug'], properties: slugProperty } as const;
  const oneParams = { type: 'object', required: ['courseSlug', 'assignmentId'], properties: { ...slugProperty, assignmentId: { type: 'string', maxLength: 100 } } } as const;
  const write = { onRequest: app.requireUser, preHandler: [app.csrfUnlessToken, app.requireCourseRole(INSTRUCTOR_ROLES)] };
  const read = { onRequest: app.requireUser, preHandler: app.requireCourseRole(STAFF_ROLES) };
  const changeBy = (request: FastifyRequest, reason: string | null) => ({ db: app.db, courseId: request.course!.id, actorId: request.user!.id, reason });

  app.get<{ Params: SlugParams }>(
    '/api/courses/:courseSlug/assignments',
    { ...read, schema: { tags, summary: "A course's assignments (staff)", params: listParams, response: { 200: { type: 'object', required: ['assignments'], properties: { assignments: { type: 'array', items: assignmentSchema } } }, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { assignments: (await listAssignments(app.db, request.course!.id)).map(assignmentJson) };
    },
  );

  app.post<{ Params: SlugParams; Body: ApiBody }>(
    '/api/courses/:courseSlug/assignments',
    { ...write, schema: { tags, summary: 'Assign an exercise (instructors)', params: listParams, body: { ...assignmentBody, required: ['exercise', 'dueAt'] }, response: { 201: assignmentSchema, ...errorResponses(401, 403, 404, 409, 422) } } },
    async (request, reply) => {
      const slug = request.body.exercise ?? '';
      const published = exerciseBySlug(slug);
      const id = await createAssignment(changeBy(request, reasonOf(request.body.reason)), { rowId: published.rowId, slug }, parseAssignmentInput(apiInput(request.body), isoDates));
      reply.code(201);
      return assignmentJson(await findAssignment(app.db, request.course!.id, id));
    },
  );

  app.get<{ Params: AssignmentParams }>(
    '/api/courses/:courseSlug/assignments/:assignmentId',
    { ...read, schema: { tags, summary: 'One assignment (staff)', params: oneParams, response: { 200: assignmentSchema, ...errorResponses(401, 403, 404) } } },
    async (request) => assignmentJson(await findAssignment(app.db, request.course!.id, request.params.assignmentId)),
  );

  app.put<{ Params: AssignmentParams; Body: ApiBody }>(
    '/api/courses/:courseSlug/assignments/:assignmentId',
    { ...write, schema: { tags, summary: "Change an assignment's points, dates, late policy, limit or scoring (instructors)", params: oneParams, body: assignmentBody, response: { 200: assignmentSchema, ...errorResponses(401, 403, 404, 422) } } },
    async (request) => {
      const assignment = await findAssignment(app.db, request.course!.id, request.params.assignmentId);
      await updateAssignment(changeBy(request, reasonOf(request.body.reason)), assignment.id, parseAssignmentInput(apiInput(request.body), isoDates));
      return assignmentJson(await findAssignment(app.db, request.course!.id, assignment.id));
    },
  );

  app.delete<{ Params: AssignmentParams }>(
    '/api/courses/:courseSlug/assignments/:assignmentId',
    { ...write, schema: { tags, summary: 'Delete an assignment with its extensions and overrides (instructors)', params: oneParams, response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      await deleteAssignment(changeBy(request, null), request.params.assignmentId);
      return reply.code(204).send();
    },
  );
}

export default courseAssignmentRoutes;
