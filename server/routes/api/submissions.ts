import type { FastifyPluginAsync } from 'fastify';
import type { GradingResult } from '../../../harness/result-schema.js';
import { resultForStudent } from '../../../harness/reports/student-view.js';
import { submissionStanding } from '../../courses/assignment-view.js';
import { serviceError } from '../../errors.js';
import { errorResponses } from '../../plugins/openapi.js';
import { submissionsAhead } from '../../queue-position.js';
import { isPending } from '../../result-view.js';
import { submissionCountSchema } from './courses-assignments.js';
import { submissionDetailSchema } from './schemas.js';

/** The longest a client may ask the server to hold the answer while a submission is graded. */
export const MAX_WAIT_MS = 10_000;

interface SubmissionQuery {
  waitMs?: number;
}

const detailWithPositionSchema = {
  ...submissionDetailSchema,
  required: [...submissionDetailSchema.required, 'ahead'],
  properties: {
    ...submissionDetailSchema.properties,
    ahead: {
      type: ['integer', 'null'],
      description: 'While queued or grading: how many submissions (anyone\'s) sent before this one are still unfinished; 0 means next or being graded. Null once finished.',
    },
  },
} as const;

const detailWithStandingSchema = {
  ...detailWithPositionSchema,
  required: [...detailWithPositionSchema.required, 'howItCounts'],
  properties: {
    ...detailWithPositionSchema.properties,
    howItCounts: { type: 'array', items: submissionCountSchema, description: 'How it counts in each of my courses that assign its exercise.' },
  },
} as const;

/**
 * GET /api/submissions/:id: a submission's state and its result document as a student may see it
 * (hidden tests reduced to passed or failed), for scripts. Only its owner may read it; anyone else
 * gets the same 404 as for a missing one. With `?waitMs=`, a pending submission's answer is held
 * until its grading is recorded or the time runs out, which spares scripts a polling loop.
 */
const submissionApiRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string }; Querystring: SubmissionQuery }>(
    '/api/submissions/:id',
    {
      onRequest: app.requireUser,
      schema: {
        tags: ['submissions'],
        summary: 'One of my submissions, with its result once graded',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
        querystring: {
          type: 'object',
          properties: { waitMs: { type: 'integer', minimum: 0, maximum: MAX_WAIT_MS, description: 'Wait up to this long for a pending grading to finish before answering.' } },
        },
        response: { 200: detailWithStandingSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const where = { id: request.params.id, userId: request.user!.id };
      const include = { exercise: { select: { slug: true } } };
      let submission = await app.db.submission.findFirst({ where, include });
      if (!submission) throw serviceError('NG_ERR_SUBMISSION_NOT_FOUND');
      const waitMs = request.query.waitMs ?? 0;
      if (isPending(submission.status) && waitMs > 0) {
        await app.grading.waitFor(submission.id, waitMs);
        submission = (await app.db.submission.findFirst({ where, include })) ?? submission;
      }
      // after-due tests are shown in full once every due date of the exercise in my courses has passed.
      const standing = await submissionStanding(app.db, submission, new Date());
      reply.header('cache-control', 'no-store');
      return {
        id: submission.id,
        exercise: submission.exercise.slug,
        status: submission.status,
        ahead: isPending(submission.status) ? await submissionsAhead(app.db, submission) : null,
        language: submission.language,
        filename: submission.filename,
        createdAt: submission.createdAt.toISOString(),
        gradedAt: submission.gradedAt?.toISOString() ?? null,
        gradable: submission.gradable,
        score: submission.score,
        maxScore: submission.maxScore,
        result: submission.resultJson === null ? null : resultForStudent(JSON.parse(submission.resultJson) as GradingResult, { afterDue: standing.afterDue }),
        howItCounts: standing.counts,
      };
    },
  );
};

export default submissionApiRoutes;
