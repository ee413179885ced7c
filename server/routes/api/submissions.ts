import type { FastifyPluginAsync } from 'fastify';
import type { GradingResult } from '../../../harness/result-schema.js';
import { resultForStudent } from '../../../harness/reports/student-view.js';
import { serviceError } from '../../errors.js';
import { errorResponses } from '../../plugins/openapi.js';
import { submissionDetailSchema } from './schemas.js';

/**
 * GET /api/submissions/:id: a submission's state and its result document as a student may see it
 * (hidden tests reduced to passed or failed), for scripts. Only its owner may read it; anyone else
 * gets the same 404 as for a missing one.
 */
const submissionApiRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string } }>(
    '/api/submissions/:id',
    {
      onRequest: app.requireUser,
      schema: {
        tags: ['submissions'],
        summary: 'One of my submissions, with its result once graded',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
        response: { 200: submissionDetailSchema, ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
    const submission = await app.db.submission.findFirst({
      where: { id: request.params.id, userId: request.user!.id },
      include: { exercise: { select: { slug: true } } },
    });
    if (!submission) throw serviceError('NG_ERR_SUBMISSION_NOT_FOUND');
    reply.header('cache-control', 'no-store');
    return {
      id: submission.id,
      exercise: submission.exercise.slug,
      status: submission.status,
      language: submission.language,
      filename: submission.filename,
      createdAt: submission.createdAt.toISOString(),
      gradedAt: submission.gradedAt?.toISOString() ?? null,
      gradable: submission.gradable,
      score: submission.score,
      maxScore: submission.maxScore,
      result: submission.resultJson === null ? null : resultForStudent(JSON.parse(submission.resultJson) as GradingResult),
    };
    },
  );
};

export default submissionApiRoutes;
