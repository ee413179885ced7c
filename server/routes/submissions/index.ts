import type { FastifyPluginAsync } from 'fastify';
import { serviceError } from '../../errors.js';
import { submissionStanding } from '../../courses/assignment-view.js';
import { canViewSubmission, staffSubmissionView } from '../../courses/submission-access.js';
import { submissionsAhead } from '../../queue-position.js';
import { submissionGradings } from '../../regrades/submission-gradings.js';
import { aheadNote, isPending, submissionView } from '../../result-view.js';

export interface SubmissionRoutesOptions {
  pendingWaitMs: number;
}

/** Seconds between reloads of a page whose submission is still being graded. */
const REFRESH_SECONDS = 1;

const submissionRoutes: FastifyPluginAsync<SubmissionRoutesOptions> = async (app, { pendingWaitMs }) => {
  app.get<{ Params: { id: string } }>('/submissions/:id', { preHandler: app.requireUser }, async (request, reply) => {
    const where = { id: request.params.id };
    let submission = await app.db.submission.findFirst({ where, include: { exercise: { select: { slug: true, title: true } } } });
    // Someone else's submission gets the same answer as a missing one, unless the viewer is on its course's staff.
    const access = submission ? await canViewSubmission(app.db, request.user!.id, submission) : null;
    if (!submission || !access) throw serviceError('NG_ERR_SUBMISSION_NOT_FOUND');

    if (isPending(submission.status)) {
      // Most gradings take milliseconds: waiting here a little usually saves the student a reload.
      await app.grading.waitFor(submission.id, pendingWaitMs);
      submission = (await app.db.submission.findFirst({ where, include: { exercise: { select: { slug: true, title: true } } } })) ?? submission;
    }

    // The author learns how it counts in their courses, and sees after-due tests once every due date has passed.
    const standing = access === 'author' ? await submissionStanding(app.db, submission, new Date()) : null;
    const view =
      access === 'staff'
        ? staffSubmissionView(submission.status, submission.resultJson)
        : submissionView(submission.status, submission.resultJson, { afterDue: standing?.afterDue ?? false });
    return reply.page('submission', {
      title: `${view.pending ? 'Grading' : 'Submission'} · ${submission.exercise.title} · netgrade`,
      // Pending: with JavaScript, the live-status script follows the submission's events and reloads
      // once it is graded; without, the layout's <noscript> refresh reloads every REFRESH_SECONDS.
      refreshSeconds: view.pending ? REFRESH_SECONDS : undefined,
      scripts: view.pending ? [app.assets.url('live-status')] : [],
      submission: {
        id: submission.id,
        filename: submission.filename,
        language: submission.language,
        code: submission.code,
        createdAt: submission.createdAt.toISOString(),
        gradingMs: submission.gradingMs,
      },
      exercise: submission.exercise,
      view,
      counts: standing?.counts ?? [],
      aheadNote: view.pending ? aheadNote(await submissionsAhead(app.db, submission)) : '',
      // Staff see every grading and the exercise version it used; the author sees the newest only.
      gradings: access === 'staff' ? await submissionGradings(app.db, submission) : undefined,
    });
  });
};

export default submissionRoutes;
