/**
 * GET/POST /exercises/:slug/preview: an exercise's reference, starter and mutants graded the way
 * students' code is, for users who may shape a course: instructors (global role), and the staff of
 * a course that assigns the exercise. The POST runs the preview (CSRF-checked, as it costs grader
 * time); the GET shows the cached one for the current version, if any.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { PROJECT_ROOT } from '../../config.js';
import { serviceError } from '../../errors.js';
import { STAFF_ROLES } from '../../plugins/course-access.js';
import { ExercisePreviews, type ExercisePreview } from '../../regrades/exercise-preview.js';
import { exerciseVersions } from '../../regrades/exercise-versions.js';

type Params = { slug: string };

async function mayPreview(app: FastifyInstance, request: FastifyRequest, exerciseRowId: string): Promise<boolean> {
  const user = request.user!;
  if (user.role === 'instructor') return true;
  const staffing = await app.db.enrollment.findFirst({
    where: { userId: user.id, role: { in: [...STAFF_ROLES] }, course: { assignments: { some: { exerciseId: exerciseRowId } } } },
    select: { id: true },
  });
  return staffing !== null;
}

const previewRoutes: FastifyPluginAsync = async (app) => {
  const previews = new ExercisePreviews(app.grader, PROJECT_ROOT);

  const published = async (request: FastifyRequest<{ Params: Params }>) => {
    const entry = app.exercises.find(request.params.slug);
    if (!entry) throw serviceError('NG_ERR_EXERCISE_NOT_FOUND', request.params.slug);
    if (!(await mayPreview(app, request, entry.rowId))) throw serviceError('NG_ERR_PREVIEW_NOT_ALLOWED');
    return entry;
  };

  const page = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, preview: ExercisePreview | undefined) => {
    const { exercise, rowId } = app.exercises.find(request.params.slug)!;
    const versions = await exerciseVersions(app.db, rowId);
    return reply.page('exercise-preview', {
      title: `Preview · ${exercise.title} · netgrade`,
      csrfToken: reply.generateCsrf(),
      exercise: { slug: exercise.slug, title: exercise.title, version: versions.label(exercise.contentHash) },
      preview: preview && {
        ranAt: preview.ranAt.toISOString(),
        runs: preview.runs,
        mutants: preview.runs.filter((run) => run.role === 'mutant').length,
        caught: preview.runs.filter((run) => run.role === 'mutant' && run.asExpected).length,
      },
    });
  };

  app.get<{ Params: Params }>('/exercises/:slug/preview', { preHandler: app.requireUser }, async (request, reply) => {
    const { exercise } = await published(request);
    return page(request, reply, previews.cached(exercise));
  });

  app.post<{ Params: Params }>('/exercises/:slug/preview', { preHandler: [app.requireUser, app.csrfProtection] }, async (request, reply) => {
    const { exercise } = await published(request);
    const preview = await previews.run(exercise);
    request.log.info({ exercise: exercise.slug, runs: preview.runs.length }, 'exercise previewed');
    return page(request, reply, preview);
  });
};

export default previewRoutes;
