import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import type { GradeJob } from '../harness/pool/grading-pool.js';
import type { GradingResult } from '../harness/result-schema.js';
import type { PrismaClient } from './db/generated/client.js';

/**
 * Names one grading: `submission:<id>` for a submission's first grading, `regrade-item:<id>` for a
 * regrade. A grader that hands jobs to other machines uses it so that asking twice grades once.
 */
export interface GradingRef {
  key: string;
}

/** What grades a submission: the worker pool in the service, anything with the same shape in tests. */
export interface Grader {
  /** Resolves with a verdict for anything a student wrote; rejects only when no verdict could be produced. */
  grade(job: GradeJob, ref?: GradingRef): Promise<GradingResult>;
  close(): Promise<void>;
}

/** Submission.status values (prisma/schema.prisma). */
export const SubmissionStatus = {
  queued: 'queued',
  grading: 'grading',
  graded: 'graded',
  failed: 'failed',
} as const;

const UNFINISHED = [SubmissionStatus.queued, SubmissionStatus.grading];

/** Told the new status of a submission once it is recorded in the database. */
export type StatusListener = (submissionId: string, status: string) => void;

/**
 * Grades stored submissions off the request path. A submission is written to the database as
 * `queued` before it is enqueued, so nothing is lost if the process stops: on the next start
 * `resumeUnfinished` enqueues every row still `queued` or `grading`.
 *
 * Each submission moves queued → grading → graded (a verdict, whatever the code did) or failed
 * (the grader itself could not produce one). The queue keeps no order of its own: the pool hands
 * jobs to free workers first come, first served.
 */
export class GradingQueue {
  private readonly running = new Map<string, Promise<void>>();
  private readonly listeners = new Set<StatusListener>();
  private closing = false;

  constructor(
    private readonly db: PrismaClient,
    private readonly grader: Grader,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Starts grading a stored submission; returns at once. Enqueuing one already running does nothing. */
  enqueue(submissionId: string): void {
    if (this.closing || this.running.has(submissionId)) return;
    const run = this.run(submissionId)
      .catch((error: unknown) => this.log.error({ err: error, submissionId }, 'grading could not be recorded'))
      .finally(() => this.running.delete(submissionId));
    this.running.set(submissionId, run);
  }

  /** Resolves when the submission's grading is recorded, or after `timeoutMs`, whichever comes first. */
  async waitFor(submissionId: string, timeoutMs: number): Promise<void> {
    const run = this.running.get(submissionId);
    if (!run || timeoutMs <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    try {
      await Promise.race([run, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Calls `listener` after every status this queue records (grading, graded, failed, or queued
   * again at shutdown), so live pages need not poll. Returns the function that unsubscribes.
   */
  onStatusChange(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Enqueues the submissions a previous process left unfinished; returns how many. */
  async resumeUnfinished(): Promise<number> {
    const rows = await this.db.submission.findMany({
      where: { status: { in: UNFINISHED } },
      orderBy: { createdAt: 'asc' },
      select: { id: true },
    });
    for (const row of rows) this.enqueue(row.id);
    return rows.length;
  }

  /** Stops taking work, stops the grader, and waits until every running grading is recorded. */
  async close(): Promise<void> {
    this.closing = true;
    await this.grader.close();
    await Promise.allSettled([...this.running.values()]);
  }

  private async run(submissionId: string): Promise<void> {
    const submission = await this.db.submission.findUnique({
      where: { id: submissionId },
      include: { exercise: { select: { slug: true } } },
    });
    if (!submission || !(UNFINISHED as string[]).includes(submission.status)) return;
    await this.db.submission.update({ where: { id: submissionId }, data: { status: SubmissionStatus.grading, startedAt: new Date() } });
    this.announce(submissionId, SubmissionStatus.grading);

    const started = performance.now();
    let result: GradingResult;
    try {
      result = await this.grader.grade({
        exerciseSlug: submission.exercise.slug,
        language: submission.language === 'js' ? 'js' : 'ts',
        filename: submission.filename,
        code: submission.code,
      }, { key: `submission:${submissionId}` });
    } catch (error) {
      if (this.closing) {
        // Stopped by a shutdown, not by the submission: the next start grades it again.
        await this.db.submission.update({ where: { id: submissionId }, data: { status: SubmissionStatus.queued, startedAt: null } });
        this.announce(submissionId, SubmissionStatus.queued);
        return;
      }
      this.log.error({ err: error, submissionId }, 'grading failed');
      await this.db.submission.update({ where: { id: submissionId }, data: { status: SubmissionStatus.failed, gradedAt: new Date() } });
      this.announce(submissionId, SubmissionStatus.failed);
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
    // The submission's columns show its newest grading; the Grading row keeps this one for good,
    // with the exercise version it used, so a later regrade never erases what was counted.
    await this.db.$transaction([
      this.db.submission.update({ where: { id: submissionId }, data: { ...grading, gradedAt: new Date() } }),
      this.db.grading.create({ data: { ...grading, submissionId, cause: 'submission' } }),
    ]);
    this.announce(submissionId, SubmissionStatus.graded);
  }

  private announce(submissionId: string, status: string): void {
    for (const listener of this.listeners) {
      try {
        listener(submissionId, status);
      } catch (error) {
        this.log.warn({ err: error, submissionId }, 'a status listener failed');
      }
    }
  }
}
