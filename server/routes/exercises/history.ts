/**
 * `GET /exercises/:slug/submissions`: every submission the signed-in student sent to one exercise,
 * newest first, marking the one that counts; and `GET /exercises/:slug/compare`, where the
 * history's form (a plain GET form, so it works without JavaScript) sends the two submissions to
 * compare, redirecting to their diff.
 */
import type { FastifyPluginAsync } from 'fastify';
import { serviceError } from '../../errors.js';
import { SubmissionStatus } from '../../grading-queue.js';
import type { PublishedExercise } from '../../plugins/exercises.js';

export interface HistoryEntry {
  id: string;
  createdAt: Date;
  filename: string;
  language: string;
  status: string;
  gradable: boolean | null;
  score: number | null;
  maxScore: number | null;
}

/**
 * The submission that counts: the best score among graded submissions that could run. On a tie
 * the earliest wins (the first time the student reached that score). Undefined when none counts.
 */
export function countingSubmission(entries: readonly HistoryEntry[]): HistoryEntry | undefined {
  let best: HistoryEntry | undefined;
  for (const entry of entries) {
    if (entry.status !== SubmissionStatus.graded || entry.gradable === false || entry.score === null) continue;
    const better = !best || entry.score > best.score! || (entry.score === best.score && entry.createdAt < best.createdAt);
    if (better) best = entry;
  }
  return best;
}

interface CompareQuery {
  from?: string;
  to?: string;
}

const exerciseHistoryRoutes: FastifyPluginAsync = async (app) => {
  const published = (slug: string): PublishedExercise => {
    const found = app.exercises.find(slug);
    if (!found) throw serviceError('NG_ERR_EXERCISE_NOT_FOUND', slug);
    return found;
  };

  app.get<{ Params: { slug: string } }>('/exercises/:slug/submissions', { preHandler: app.requireUser }, async (request, reply) => {
    const { exercise, rowId } = published(request.params.slug);
    const entries: HistoryEntry[] = await app.db.submission.findMany({
      where: { userId: request.user!.id, exerciseId: rowId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, createdAt: true, filename: true, language: true, status: true, gradable: true, score: true, maxScore: true },
    });
    const counting = countingSubmission(entries);
    return reply.page('history', {
      title: `Your submissions · ${exercise.title} · netgrade`,
      exercise: { slug: exercise.slug, title: exercise.title, maxScore: exercise.maxScore },
      entries,
      countingId: counting?.id,
      // The form starts on the latest change: the one before the newest, to the newest.
      compareFrom: entries[1]?.id,
      compareTo: entries[0]?.id,
    });
  });

  app.get<{ Params: { slug: string }; Querystring: CompareQuery }>('/exercises/:slug/compare', { preHandler: app.requireUser }, async (request, reply) => {
    published(request.params.slug);
    const { from, to } = request.query;
    if (typeof from !== 'string' || typeof to !== 'string' || from === '' || to === '') throw serviceError('NG_ERR_COMPARE_TWO');
    // The diff page checks that both are the student's; this only builds its address.
    return reply.redirect(`/submissions/${encodeURIComponent(from)}/diff/${encodeURIComponent(to)}`, 303);
  });
};

export default exerciseHistoryRoutes;
