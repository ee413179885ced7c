/**
 * Every grading of one submission, oldest first, with the exercise version each used: what staff
 * read to tell which version a counted score came from, and what a regrade changed.
 */
import type { PrismaClient } from '../db/generated/client.js';
import { exerciseVersions } from './exercise-versions.js';

export interface GradingRow {
  createdAt: string;
  /** "submission" (graded when it arrived) or "regrade". */
  cause: string;
  status: string;
  score: number | null;
  maxScore: number | null;
  /** e.g. "v2 · 1a2b3c4". */
  version: string;
  /** Graded with the exercise's current version. */
  current: boolean;
  /** The newest grading: the one the submission's score shows. */
  newest: boolean;
}

export async function submissionGradings(db: PrismaClient, submission: { id: string; exerciseId: string }): Promise<GradingRow[]> {
  const [gradings, versions] = await Promise.all([
    db.grading.findMany({
      where: { submissionId: submission.id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { createdAt: true, cause: true, status: true, score: true, maxScore: true, exerciseHash: true },
    }),
    exerciseVersions(db, submission.exerciseId),
  ]);
  return gradings.map((grading, index) => ({
    createdAt: grading.createdAt.toISOString(),
    cause: grading.cause,
    status: grading.status,
    score: grading.score,
    maxScore: grading.maxScore,
    version: versions.label(grading.exerciseHash),
    current: versions.isCurrent(grading.exerciseHash),
    newest: index === gradings.length - 1,
  }));
}
