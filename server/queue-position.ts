/**
 * Where submissions stand in the grading queue, read from the database so that every process
 * serving pages agrees: the queue's depth, and how many submissions are ahead of a given one.
 * Both queries use the `(status, createdAt)` index of Submission.
 */
import type { PrismaClient } from './db/generated/client.js';
import { SubmissionStatus } from './grading-queue.js';

const UNFINISHED = [SubmissionStatus.queued, SubmissionStatus.grading];

/** Submissions stored and not yet graded (queued or grading), everyone's. */
export function unfinishedCount(db: PrismaClient): Promise<number> {
  return db.submission.count({ where: { status: { in: UNFINISHED } } });
}

/**
 * How many unfinished submissions (anyone's) were sent before this one: the grader takes them
 * first come, first served, so 0 means it is next or already being graded. Two submissions stored
 * in the same millisecond are ordered by id, so every submission has a position of its own.
 */
export function submissionsAhead(db: PrismaClient, submission: { id: string; createdAt: Date }): Promise<number> {
  return db.submission.count({
    where: {
      status: { in: UNFINISHED },
      OR: [{ createdAt: { lt: submission.createdAt } }, { createdAt: submission.createdAt, id: { lt: submission.id } }],
    },
  });
}
