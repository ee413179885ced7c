/**
 * How far a regrade has come, and what it changed: the progress bar's numbers and, once it ends,
 * how many scores went up, down or stayed. A score's change compares the regrade's Grading of a
 * submission with the grading just before it.
 */
import type { PrismaClient } from '../db/generated/client.js';
import { RegradeItemStatus, RegradeStatus } from './regrade-requests.js';

export interface RegradeProgress {
  status: string;
  total: number;
  /** Items that got a new grading. */
  done: number;
  failed: number;
  skipped: number;
  cancelled: number;
  queued: number;
  /** done + failed + skipped + cancelled: what the bar shows as finished. */
  finished: number;
  /** True once nothing more will happen. */
  ended: boolean;
}

export interface ScoreChanges {
  up: number;
  down: number;
  unchanged: number;
}

export async function regradeProgress(db: PrismaClient, regradeId: string): Promise<RegradeProgress | undefined> {
  const regrade = await db.regrade.findUnique({ where: { id: regradeId }, select: { status: true, total: true } });
  if (!regrade) return undefined;
  const groups = await db.regradeItem.groupBy({ by: ['status'], where: { regradeId }, _count: { _all: true } });
  const count = (status: string) => groups.find((group) => group.status === status)?._count._all ?? 0;
  const done = count(RegradeItemStatus.done);
  const failed = count(RegradeItemStatus.failed);
  const skipped = count(RegradeItemStatus.skipped);
  const cancelled = count(RegradeItemStatus.cancelled);
  const queued = count(RegradeItemStatus.queued);
  return {
    status: regrade.status,
    total: regrade.total,
    done,
    failed,
    skipped,
    cancelled,
    queued,
    finished: done + failed + skipped + cancelled,
    ended: regrade.status !== RegradeStatus.running,
  };
}

/** Compares each of the regrade's gradings with the submission's grading just before it. */
export async function scoreChanges(db: PrismaClient, regradeId: string): Promise<ScoreChanges> {
  const regraded = await db.grading.findMany({ where: { regradeId }, select: { submissionId: true, score: true, createdAt: true } });
  const changes: ScoreChanges = { up: 0, down: 0, unchanged: 0 };
  for (const grading of regraded) {
    const before = await db.grading.findFirst({
      where: { submissionId: grading.submissionId, createdAt: { lt: grading.createdAt } },
      orderBy: { createdAt: 'desc' },
      select: { score: true },
    });
    const from = before?.score ?? null;
    const to = grading.score;
    if (from === null || to === null || from === to) changes.unchanged += 1;
    else if (to > from) changes.up += 1;
    else changes.down += 1;
  }
  return changes;
}
