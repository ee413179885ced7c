/**
 * Grades a regrade's items through the grader, a few at a time (as many as there are workers),
 * off the request path. Durable like the grading queue: the items are in the database before the
 * runner takes them, so items a stopped process left `queued` are taken again by
 * `resumeUnfinished` on the next start.
 *
 * Each regraded submission gets a new Grading row (cause "regrade") and its mirrored columns
 * updated, in one transaction; the earlier Grading rows stay, so what a student was once given is
 * never erased. A changed score also writes an AuditEvent with the score and version before and
 * after.
 */
import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import type { GradingResult } from '../../harness/result-schema.js';
import { writeAuditEvent } from '../courses/audit-log.js';
import type { PrismaClient } from '../db/generated/client.js';
import { SubmissionStatus, type Grader } from '../grading-queue.js';
import { isFirstGradingPending, RegradeItemStatus, RegradeStatus } from './regrade-requests.js';

/** Told the id of a regrade whenever one of its items or its status changes. */
export type RegradeListener = (regradeId: string) => void;

export class RegradeRunner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly listeners = new Set<RegradeListener>();
  private closing = false;

  constructor(
    private readonly db: PrismaClient,
    private readonly grader: Grader,
    /** Items graded at once per regrade: the grader's workers. */
    private readonly concurrency: number,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Starts (or resumes) grading a stored regrade's queued items; returns at once. */
  start(regradeId: string): void {
    if (this.closing || this.running.has(regradeId)) return;
    const run = this.run(regradeId)
      .catch((error: unknown) => this.log.error({ err: error, regradeId }, 'the regrade could not be recorded'))
      .finally(() => {
        this.running.delete(regradeId);
        this.announce(regradeId);
      });
    this.running.set(regradeId, run);
  }

  /** Resolves once the regrade's runner stopped (at once when none is running). */
  async settled(regradeId: string): Promise<void> {
    await this.running.get(regradeId);
  }

  /** Marks the regrade cancelled and its queued items cancelled; items being graded finish. */
  async cancel(regradeId: string): Promise<void> {
    await this.db.$transaction([
      this.db.regrade.updateMany({ where: { id: regradeId, status: RegradeStatus.running }, data: { status: RegradeStatus.cancelled, finishedAt: new Date() } }),
      this.db.regradeItem.updateMany({ where: { regradeId, status: RegradeItemStatus.queued }, data: { status: RegradeItemStatus.cancelled } }),
    ]);
    this.announce(regradeId);
  }

  onProgress(listener: RegradeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts every regrade a previous process left running; returns how many. */
  async resumeUnfinished(): Promise<number> {
    const rows = await this.db.regrade.findMany({ where: { status: RegradeStatus.running }, orderBy: { createdAt: 'asc' }, select: { id: true } });
    for (const row of rows) this.start(row.id);
    return rows.length;
  }

  /**
   * Stops taking items. Call before the grader closes: an item the closing grader then rejects
   * stays queued for the next start instead of being marked failed.
   */
  close(): void {
    this.closing = true;
  }

  private async run(regradeId: string): Promise<void> {
    const regrade = await this.db.regrade.findUnique({ where: { id: regradeId }, include: { exercise: { select: { slug: true } } } });
    if (!regrade || regrade.status !== RegradeStatus.running) return;
    const assignment = regrade.courseId
      ? await this.db.assignment.findUnique({ where: { courseId_exerciseId: { courseId: regrade.courseId, exerciseId: regrade.exerciseId } }, select: { id: true } })
      : null;
    const context: ItemContext = { regradeId, courseId: regrade.courseId, actorId: regrade.requestedById, assignmentId: assignment?.id ?? null, exerciseSlug: regrade.exercise.slug };

    const items = await this.db.regradeItem.findMany({ where: { regradeId, status: RegradeItemStatus.queued }, orderBy: { id: 'asc' }, select: { id: true, submissionId: true } });
    let next = 0;
    const lane = async () => {
      while (next < items.length && !this.closing) {
        const item = items[next++]!;
        // A cancel between two items stops the rest.
        const current = await this.db.regradeItem.findUnique({ where: { id: item.id }, select: { status: true } });
        if (current?.status !== RegradeItemStatus.queued) continue;
        await this.gradeItem(context, item.id, item.submissionId);
        this.announce(regradeId);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.concurrency) }, lane));
    if (this.closing) return;
    await this.db.regrade.updateMany({ where: { id: regradeId, status: RegradeStatus.running }, data: { status: RegradeStatus.finished, finishedAt: new Date() } });
  }

  private async gradeItem(context: ItemContext, itemId: string, submissionId: string): Promise<void> {
    const submission = await this.db.submission.findUnique({ where: { id: submissionId } });
    if (!submission || isFirstGradingPending(submission.status)) {
      await this.setItemStatus(itemId, RegradeItemStatus.skipped);
      return;
    }
    const started = performance.now();
    let result: GradingResult;
    try {
      result = await this.grader.grade({
        exerciseSlug: context.exerciseSlug,
        language: submission.language === 'js' ? 'js' : 'ts',
        filename: submission.filename,
        code: submission.code,
      });
    } catch (error) {
      // Stopped by a shutdown: the item stays queued and the next start grades it.
      if (this.closing) return;
      this.log.error({ err: error, submissionId, regradeId: context.regradeId }, 'regrading failed');
      await this.setItemStatus(itemId, RegradeItemStatus.failed);
      return;
    }
    const grading = {
      status: SubmissionStatus.graded,
      gradable: result.gradable,
      score: result.score,
      maxScore: result.maxScore,
      resultJson: JSON.stringify(result),
      exerciseHash: result.exercise.contentHash,
      gradingMs: Math.round((performance.now() - started) * 10) / 10,
    };
    const changed = submission.score !== grading.score || submission.maxScore !== grading.maxScore;
    const { courseId } = context;
    await this.db.$transaction(async (tx) => {
      await tx.grading.create({ data: { ...grading, submissionId, cause: 'regrade', regradeId: context.regradeId } });
      await tx.submission.update({ where: { id: submissionId }, data: { ...grading, gradedAt: new Date() } });
      await tx.regradeItem.update({ where: { id: itemId }, data: { status: RegradeItemStatus.done } });
      if (changed && courseId) {
        await writeAuditEvent(tx, {
          courseId,
          actorId: context.actorId,
          kind: 'regrade',
          subjectUserId: submission.userId,
          assignmentId: context.assignmentId,
          submissionId,
          reason: 'Regraded with the current version of the exercise',
          before: { score: submission.score, maxScore: submission.maxScore, exerciseHash: submission.exerciseHash },
          after: { score: grading.score, maxScore: grading.maxScore, exerciseHash: grading.exerciseHash },
        });
      }
    });
  }

  private async setItemStatus(itemId: string, status: string): Promise<void> {
    await this.db.regradeItem.update({ where: { id: itemId }, data: { status } });
  }

  private announce(regradeId: string): void {
    for (const listener of this.listeners) {
      try {
        listener(regradeId);
      } catch (error) {
        this.log.warn({ err: error, regradeId }, 'a regrade listener failed');
      }
    }
  }
}

interface ItemContext {
  regradeId: string;
  courseId: string | null;
  actorId: string | null;
  assignmentId: string | null;
  exerciseSlug: string;
}
