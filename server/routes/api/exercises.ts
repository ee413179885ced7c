/**
 * The exercises in JSON, for scripts and `netgrade submit`: the list, one exercise (statement,
 * starter and public examples), the caller's submissions to it, and a new submission. The same
 * limits and errors as the exercise page's form; hidden vectors never leave the server.
 */
import type { FastifyPluginAsync } from 'fastify';
import { serviceError } from '../../errors.js';
import { SubmissionStatus } from '../../grading-queue.js';
import { errorResponses } from '../../plugins/openapi.js';
import type { PublishedExercise } from '../../plugins/exercises.js';
import { exerciseDetailSchema, exerciseSummarySchema, slugParamsSchema, submissionLinksSchema, submissionSummarySchema } from './schemas.js';
import { readSubmissionJson, submissionBodySchema, type SubmissionBody } from './submission-body.js';

export interface ExerciseApiRoutesOptions {
  submissionMaxBytes: number;
}

interface SlugParams {
  slug: string;
}

/** The history lists this many submissions, newest first. */
export const HISTORY_MAX_ENTRIES = 100;

export function submissionLinks(id: string): { self: string; page: string } {
  return { self: `/api/submissions/${id}`, page: `/submissions/${id}` };
}

const exerciseApiRoutes: FastifyPluginAsync<ExerciseApiRoutesOptions> = async (app, { submissionMaxBytes }) => {
  const published = (slug: string): PublishedExercise => {
    const found = app.exercises.find(slug);
    if (!found) throw serviceError('NG_ERR_EXERCISE_NOT_FOUND', slug);
    return found;
  };
  const tags = ['exercises'];

  app.get(
    '/api/exercises',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        summary: 'List the exercises',
        response: { 200: { type: 'object', required: ['exercises'], properties: { exercises: { type: 'array', items: exerciseSummarySchema } } }, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const best = await app.db.submission.groupBy({ by: ['exerciseId'], where: { userId: request.user!.id, status: SubmissionStatus.graded }, _max: { score: true } });
      const bestByRow = new Map(best.map((entry) => [entry.exerciseId, entry._max.score]));
      reply.header('cache-control', 'no-store');
      return {
        exercises: app.exercises.all().map((exercise) => ({
          slug: exercise.slug,
          title: exercise.title,
          summary: exercise.summary,
          maxScore: exercise.maxScore,
          bestScore: bestByRow.get(app.exercises.find(exercise.slug)!.rowId) ?? null,
          links: { self: `/api/exercises/${exercise.slug}`, submissions: `/api/exercises/${exercise.slug}/submissions`, page: `/exercises/${exercise.slug}` },
        })),
      };
    },
  );

  app.get<{ Params: SlugParams }>(
    '/api/exercises/:slug',
    {
      onRequest: app.requireUser,
      schema: { tags, summary: 'One exercise: statement, starter and public examples', params: slugParamsSchema, response: { 200: exerciseDetailSchema, ...errorResponses(401, 404) } },
    },
    async (request, reply) => {
      const { exercise } = published(request.params.slug);
      reply.header('cache-control', 'no-store');
      return {
        slug: exercise.slug,
        title: exercise.title,
        summary: exercise.summary,
        maxScore: exercise.maxScore,
        entry: exercise.config.entry,
        statementMarkdown: exercise.statementMarkdown,
        starter: { filename: exercise.starterFilename, source: exercise.starterSource },
        examples: exercise.vectors
          .filter((vector) => vector.visibility === 'public')
          .map(({ id, name, file, line, input, expected, points, rfc, note }) => ({ id, name, file, line, input, expected, points, rfc, ...(note ? { note } : {}) })),
        submissionMaxBytes,
      };
    },
  );

  app.get<{ Params: SlugParams }>(
    '/api/exercises/:slug/submissions',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        summary: `My submissions to an exercise, newest first (at most ${HISTORY_MAX_ENTRIES})`,
        params: slugParamsSchema,
        response: { 200: { type: 'object', required: ['submissions'], properties: { submissions: { type: 'array', items: submissionSummarySchema } } }, ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const found = published(request.params.slug);
      const rows = await app.db.submission.findMany({
        where: { userId: request.user!.id, exerciseId: found.rowId },
        orderBy: { createdAt: 'desc' },
        take: HISTORY_MAX_ENTRIES,
        select: { id: true, status: true, language: true, filename: true, createdAt: true, gradedAt: true, gradable: true, score: true, maxScore: true },
      });
      reply.header('cache-control', 'no-store');
      return {
        submissions: rows.map((row) => ({
          ...row,
          exercise: found.exercise.slug,
          createdAt: row.createdAt.toISOString(),
          gradedAt: row.gradedAt?.toISOString() ?? null,
          links: submissionLinks(row.id),
        })),
      };
    },
  );

  app.post<{ Params: SlugParams; Body: SubmissionBody }>(
    '/api/exercises/:slug/submissions',
    {
      onRequest: app.requireUser,
      preHandler: app.csrfUnlessToken,
      // JSON escaping can make a body up to twice as long as its code (quotes, backslashes).
      bodyLimit: submissionMaxBytes * 2 + 4096,
      schema: {
        tags,
        summary: 'Submit code for grading',
        description:
          'Stores the submission and queues it for grading; poll `links.self` until `status` is `graded` or `failed`. ' +
          'The language comes from the filename extension (.ts, .mts, .cts, .js, .mjs, .cjs), otherwise from `language`, otherwise TypeScript. ' +
          'A 429 stores nothing: `NG_ERR_QUEUE_FULL` when the grading queue is full, `NG_ERR_SUBMISSION_LIMIT` over an assignment\'s submissions per hour; ' +
          'the `Retry-After` header says in how many seconds to try again.',
        params: slugParamsSchema,
        body: submissionBodySchema,
        response: {
          202: {
            type: 'object',
            required: ['id', 'status', 'links'],
            properties: { id: { type: 'string' }, status: { type: 'string', enum: ['queued'] }, links: submissionLinksSchema },
          },
          ...errorResponses(400, 401, 403, 404, 413, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const found = published(request.params.slug);
      const source = readSubmissionJson(request.body, submissionMaxBytes);
      const outcome = await app.admission.submit({ userId: request.user!.id, exerciseId: found.rowId, source });
      if (!outcome.admitted) {
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        throw outcome.error;
      }
      const id = outcome.submissionId;
      request.log.info({ submissionId: id, exercise: found.exercise.slug, via: request.authenticatedBy }, 'submission received');
      reply.code(202).header('location', `/api/submissions/${id}`);
      return { id, status: SubmissionStatus.queued, links: submissionLinks(id) };
    },
  );
};

export default exerciseApiRoutes;
