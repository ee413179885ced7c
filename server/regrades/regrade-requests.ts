/**
 * Which submissions a regrade takes, and the regrade's creation. A course's regrade covers the
 * submissions its students made to one exercise assigned in the course: all of them, only those
 * graded with an older version of the exercise, or a selection. A submission still waiting for its
 * first grading is not regraded (the grading queue owns it); its item is created already
 * `skipped`, so the regrade's totals say what was left out.
 */
import type { PrismaClient } from '../db/generated/client.js';
import { SubmissionStatus } from '../grading-queue.js';

export type RegradeMode = 'all' | 'outdated' | 'selected';
export const REGRADE_MODES: readonly RegradeMode[] = ['all', 'outdated', 'selected'];

/** RegradeItem.status values; "skipped" and "cancelled" join the schema's queued/done/failed. */
export const RegradeItemStatus = {
  queued: 'queued',
  done: 'done',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
} as const;

/** Regrade.status values (prisma/schema.prisma). */
export const RegradeStatus = {
  running: 'running',
  finished: 'finished',
  cancelled: 'cancelled',
} as const;

export function isRegradeMode(value: unknown): value is RegradeMode {
  return typeof value === 'string' && (REGRADE_MODES as readonly string[]).includes(value);
}

/** A submission that is waiting for its first grading. */
export function isFirstGradingPending(status: string): boolean {
  return status === SubmissionStatus.queued || status === SubmissionStatus.grading;
}

export interface CourseSubmission {
  id: string;
  userId: string;
  userName: string;
  status: string;
  score: number | null;
  maxScore: number | null;
  exerciseHash: string | null;
  createdAt: Date;
}

/** Every submission the course's students made to the exercise, newest first. */
export async function courseSubmissions(db: PrismaClient, courseId: string, exerciseId: string): Promise<CourseSubmission[]> {
  const rows = await db.submission.findMany({
    where: { exerciseId, user: { enrollments: { some: { courseId, role: 'student' } } } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, userId: true, status: true, score: true, maxScore: true, exerciseHash: true, createdAt: true, user: { select: { name: true } } },
  });
  return rows.map(({ user, ...row }) => ({ ...row, userName: user.name }));
}

/** Graded with a version of the exercise other than `currentHash`. */
export function isOutdated(submission: Pick<CourseSubmission, 'exerciseHash'>, currentHash: string): boolean {
  return submission.exerciseHash !== null && submission.exerciseHash !== currentHash;
}

/** The submissions a regrade in `mode` takes; `selectedIds` only counts in "selected" mode, and only ids of `submissions`. */
export function submissionsToRegrade(submissions: CourseSubmission[], mode: RegradeMode, currentHash: string, selectedIds: ReadonlySet<string> = new Set()): CourseSubmission[] {
  if (mode === 'outdated') return submissions.filter((submission) => isOutdated(submission, currentHash));
  if (mode === 'selected') return submissions.filter((submission) => selectedIds.has(submission.id));
  return submissions;
}

export interface NewRegrade {
  exerciseId: string;
  courseId: string;
  requestedById: string;
  exerciseHash: string;
  submissions: Pick<CourseSubmission, 'id' | 'status'>[];
}

/** Creates the regrade and its items in one transaction; returns the regrade's id. */
export async function createRegrade(db: PrismaClient, request: NewRegrade): Promise<string> {
  const regrade = await db.$transaction(async (tx) => {
    const created = await tx.regrade.create({
      data: {
        exerciseId: request.exerciseId,
        courseId: request.courseId,
        requestedById: request.requestedById,
        exerciseHash: request.exerciseHash,
        total: request.submissions.length,
        status: RegradeStatus.running,
      },
    });
    await tx.regradeItem.createMany({
      data: request.submissions.map((submission) => ({
        regradeId: created.id,
        submissionId: submission.id,
        status: isFirstGradingPending(submission.status) ? RegradeItemStatus.skipped : RegradeItemStatus.queued,
      })),
    });
    return created;
  });
  return regrade.id;
}
