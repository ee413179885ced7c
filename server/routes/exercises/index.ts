import type { FastifyPluginAsync } from 'fastify';
import { serviceError } from '../../errors.js';
import { SubmissionStatus } from '../../grading-queue.js';
import type { PublishedExercise } from '../../plugins/exercises.js';
import { renderExercisePage } from './exercise-page.js';
import { languageOf } from '../../../harness/compile.js';
import { readSubmissionForm } from './submission-form.js';

export interface ExerciseRoutesOptions {
  submissionMaxBytes: number;
}

interface SlugParams {
  slug: string;
}

const exerciseRoutes: FastifyPluginAsync<ExerciseRoutesOptions> = async (app, { submissionMaxBytes }) => {
  const published = (slug: string): PublishedExercise => {
    const found = app.exercises.find(slug);
    if (!found) throw serviceError('NG_ERR_EXERCISE_NOT_FOUND', slug);
    return found;
  };

  app.get('/exercises', { preHandler: app.requireUser }, async (request, reply) => {
    const best = await app.db.submission.groupBy({
      by: ['exerciseId'],
      where: { userId: request.user!.id, status: SubmissionStatus.graded },
      _max: { score: true },
    });
    const bestByRow = new Map(best.map((entry) => [entry.exerciseId, entry._max.score]));
    const exercises = app.exercises.all().map((exercise) => ({
      slug: exercise.slug,
      title: exercise.title,
      summary: exercise.summary,
      maxScore: exercise.maxScore,
      bestScore: bestByRow.get(app.exercises.find(exercise.slug)!.rowId) ?? null,
    }));
    return reply.page('exercises', { title: 'Exercises · netgrade', exercises });
  });

  app.get<{ Params: SlugParams }>('/exercises/:slug', { preHandler: app.requireUser }, async (request, reply) => {
    const found = published(request.params.slug);
    const language = languageOf(found.exercise.starterFilename) ?? 'ts';
    return renderExercisePage(request, reply, found, { code: found.exercise.starterSource, language });
  });

  app.post<{ Params: SlugParams }>(
    '/exercises/:slug/submissions',
    { preHandler: [app.requireUser, app.csrfProtection] },
    async (request, reply) => {
      const found = published(request.params.slug);
      const form = readSubmissionForm(request.body, submissionMaxBytes);
      if (!form.ok) return renderExercisePage(request, reply, found, form);

      const outcome = await app.admission.submit({ userId: request.user!.id, exerciseId: found.rowId, source: form.source });
      if (!outcome.admitted) {
        // The form comes back with the code as sent and the refusal above it; nothing was stored.
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        return renderExercisePage(request, reply, found, { code: form.source.code, language: form.source.language, error: outcome.error });
      }
      request.log.info({ submissionId: outcome.submissionId, exercise: found.exercise.slug }, 'submission received');
      return reply.redirect(`/submissions/${outcome.submissionId}`, 303);
    },
  );
};

export default exerciseRoutes;
