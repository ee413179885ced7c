/**
 * Regrades of a course, for its instructors only: TAs see students' work but a regrade changes
 * every student's score at once, which is the instructor's call.
 *
 *   GET  /courses/:courseSlug/regrades                     list, and the start form per assigned exercise
 *   GET  /courses/:courseSlug/regrades/new?exercise=slug   choose submissions one by one
 *   POST /courses/:courseSlug/regrades                     start (exercise, mode all|outdated|selected, submission…)
 *   GET  /courses/:courseSlug/regrades/:regradeId          progress bar, then the summary
 *   POST /courses/:courseSlug/regrades/:regradeId/cancel   stop the remaining items
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { INSTRUCTOR_ROLES } from '../../plugins/course-access.js';
import { serviceError } from '../../errors.js';
import { textField } from '../../form-fields.js';
import { exerciseVersions } from '../../regrades/exercise-versions.js';
import { regradeProgress, scoreChanges } from '../../regrades/regrade-progress.js';
import { courseSubmissions, createRegrade, isOutdated, isRegradeMode, submissionsToRegrade } from '../../regrades/regrade-requests.js';

type CourseParams = { courseSlug: string };
type RegradeParams = CourseParams & { regradeId: string };

/** Seconds between reloads of a running regrade's page when scripts are off. */
const REFRESH_SECONDS = 2;

/** Every value of a repeated form field (checkboxes). */
function allValues(body: unknown, name: string): string[] {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, name)) return [];
  const value = (body as Record<string, unknown>)[name];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

async function assignedExercises(app: FastifyInstance, courseId: string) {
  const assignments = await app.db.assignment.findMany({
    where: { courseId },
    orderBy: { dueAt: 'asc' },
    select: { exercise: { select: { id: true, slug: true, title: true, contentHash: true } } },
  });
  return assignments.map((assignment) => assignment.exercise);
}

async function assignedExercise(app: FastifyInstance, courseId: string, slug: string) {
  const exercise = (await assignedExercises(app, courseId)).find((candidate) => candidate.slug === slug);
  if (!exercise) throw serviceError('NG_ERR_REGRADE_EXERCISE_UNKNOWN');
  return exercise;
}

async function courseRegrade(app: FastifyInstance, request: FastifyRequest<{ Params: RegradeParams }>) {
  const regrade = await app.db.regrade.findFirst({
    where: { id: request.params.regradeId, courseId: request.course!.id },
    include: { exercise: { select: { id: true, slug: true, title: true } }, items: { select: { status: true } } },
  });
  if (!regrade) throw serviceError('NG_ERR_REGRADE_NOT_FOUND');
  return regrade;
}

const regradeRoutes: FastifyPluginAsync = async (app) => {
  const instructors = [app.requireUser, app.requireCourseRole(INSTRUCTOR_ROLES)];
  const base = (request: FastifyRequest) => `/courses/${encodeURIComponent(request.course!.slug)}/regrades`;

  app.get<{ Params: CourseParams }>('/courses/:courseSlug/regrades', { preHandler: instructors }, async (request, reply) => {
    const course = request.course!;
    const exercises = [];
    for (const exercise of await assignedExercises(app, course.id)) {
      const submissions = await courseSubmissions(app.db, course.id, exercise.id);
      const versions = await exerciseVersions(app.db, exercise.id);
      exercises.push({
        ...exercise,
        currentVersion: versions.label(exercise.contentHash),
        submissions: submissions.length,
        outdated: submissions.filter((submission) => isOutdated(submission, exercise.contentHash)).length,
      });
    }
    const regrades = await app.db.regrade.findMany({
      where: { courseId: course.id },
      orderBy: { createdAt: 'desc' },
      select: { id: true, status: true, total: true, createdAt: true, exercise: { select: { title: true } } },
    });
    const rows = [];
    for (const regrade of regrades) rows.push({ ...regrade, createdAt: regrade.createdAt.toISOString(), progress: await regradeProgress(app.db, regrade.id) });
    return reply.page('course-regrades', {
      title: `Regrades · ${course.title} · netgrade`,
      csrfToken: reply.generateCsrf(),
      course,
      base: base(request),
      exercises,
      regrades: rows,
    });
  });

  app.get<{ Params: CourseParams; Querystring: { exercise?: string } }>('/courses/:courseSlug/regrades/new', { preHandler: instructors }, async (request, reply) => {
    const course = request.course!;
    const exercise = await assignedExercise(app, course.id, request.query.exercise ?? '');
    const versions = await exerciseVersions(app.db, exercise.id);
    const submissions = (await courseSubmissions(app.db, course.id, exercise.id)).map((submission) => ({
      ...submission,
      createdAt: submission.createdAt.toISOString(),
      version: versions.label(submission.exerciseHash),
      outdated: isOutdated(submission, exercise.contentHash),
    }));
    return reply.page('course-regrade-new', {
      title: `Choose submissions to regrade · ${exercise.title} · netgrade`,
      csrfToken: reply.generateCsrf(),
      course,
      base: base(request),
      exercise: { ...exercise, currentVersion: versions.label(exercise.contentHash) },
      submissions,
    });
  });

  app.post<{ Params: CourseParams }>('/courses/:courseSlug/regrades', { preHandler: [...instructors, app.csrfProtection] }, async (request, reply) => {
    const course = request.course!;
    const mode = textField(request.body, 'mode');
    if (!isRegradeMode(mode)) throw serviceError('NG_ERR_FORM_INVALID');
    const exercise = await assignedExercise(app, course.id, textField(request.body, 'exercise'));
    const submissions = submissionsToRegrade(
      await courseSubmissions(app.db, course.id, exercise.id),
      mode,
      exercise.contentHash,
      new Set(allValues(request.body, 'submission')),
    );
    if (submissions.length === 0) throw serviceError('NG_ERR_REGRADE_NOTHING_TO_DO');
    const regradeId = await createRegrade(app.db, {
      exerciseId: exercise.id,
      courseId: course.id,
      requestedById: request.user!.id,
      exerciseHash: exercise.contentHash,
      submissions,
    });
    request.log.info({ regradeId, courseId: course.id, exercise: exercise.slug, mode, total: submissions.length }, 'regrade started');
    app.regrades.start(regradeId);
    return reply.redirect(`${base(request)}/${regradeId}`, 303);
  });

  app.get<{ Params: RegradeParams }>('/courses/:courseSlug/regrades/:regradeId', { preHandler: instructors }, async (request, reply) => {
    const regrade = await courseRegrade(app, request);
    const progress = (await regradeProgress(app.db, regrade.id))!;
    const versions = await exerciseVersions(app.db, regrade.exercise.id);
    return reply.page('course-regrade', {
      title: `${progress.ended ? 'Regrade' : 'Regrading'} · ${regrade.exercise.title} · netgrade`,
      refreshSeconds: progress.ended ? undefined : REFRESH_SECONDS,
      scripts: progress.ended ? [] : [app.assets.url('regrade-progress')],
      csrfToken: reply.generateCsrf(),
      course: request.course,
      base: base(request),
      regrade: { id: regrade.id, status: regrade.status, createdAt: regrade.createdAt.toISOString(), version: versions.label(regrade.exerciseHash) },
      exercise: regrade.exercise,
      progress,
      changes: progress.ended ? await scoreChanges(app.db, regrade.id) : undefined,
    });
  });

  app.post<{ Params: RegradeParams }>('/courses/:courseSlug/regrades/:regradeId/cancel', { preHandler: [...instructors, app.csrfProtection] }, async (request, reply) => {
    const regrade = await courseRegrade(app, request);
    await app.regrades.cancel(regrade.id);
    request.log.info({ regradeId: regrade.id }, 'regrade cancelled');
    return reply.redirect(`${base(request)}/${regrade.id}`, 303);
  });
};

export default regradeRoutes;
