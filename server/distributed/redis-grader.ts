/**
 * The service's Grader when REDIS_URL is set: each grading becomes a BullMQ job that a
 * `netgrade worker` on any machine takes, and `grade` resolves with the verdict that worker
 * returned. The service stays the only writer of the database; Redis only carries jobs.
 *
 * A grading's key (the submission, or the regrade item) gives the job its id, so adding the same
 * grading again, as the service does after a restart, waits for the job already in Redis instead
 * of grading twice. A job that stalls because its worker died is handed to another worker by
 * BullMQ; a job that fails (the worker lacks the exercise) rejects with the worker's reason.
 */
import type { EventEmitter } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { Queue, QueueEvents } from 'bullmq';
import type { GradeJob } from '../../harness/pool/protocol.js';
import type { GradingResult } from '../../harness/result-schema.js';
import type { Grader, GradingRef } from '../grading-queue.js';
import { FINISHED_JOB_RETENTION_SECONDS, GRADE_JOB_NAME, GRADING_QUEUE_NAME, gradingJobId, redisConnection } from './grading-jobs.js';

const REDIS_READY_TIMEOUT_MS = 10_000;
/** How often a grading that has heard nothing asks Redis for its job's state. */
const FINISH_CHECK_MS = 2_000;

/** The events stream carries the return value as JSON text; a job read back holds it parsed. */
function asResult(value: unknown): GradingResult {
  return (typeof value === 'string' ? JSON.parse(value) : value) as GradingResult;
}

export class RedisGrader implements Grader {
  private readonly queue: Queue<GradeJob, GradingResult>;
  private readonly events: QueueEvents;
  private closed = false;
  /** Rejects when the grader closes; every wait races it, as BullMQ's waits end only with their job. */
  private readonly closing: Promise<never>;
  private stopWaiting: (error: Error) => void = () => undefined;

  constructor(redisUrl: string) {
    const connection = redisConnection(redisUrl);
    this.queue = new Queue(GRADING_QUEUE_NAME, { connection });
    this.events = new QueueEvents(GRADING_QUEUE_NAME, { connection });
    // Errors reach the caller through the commands that fail; without listeners they would throw.
    this.queue.on('error', () => undefined);
    this.events.on('error', () => undefined);
    this.closing = new Promise<never>((_, reject) => {
      this.stopWaiting = reject;
    });
    this.closing.catch(() => undefined);
  }

  /** Resolves once Redis answers, so a wrong REDIS_URL stops the start instead of every grading. */
  async ready(timeoutMs = REDIS_READY_TIMEOUT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms; check REDIS_URL`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]), timeout]);
    } catch (error) {
      await this.close().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async grade(job: GradeJob, ref?: GradingRef): Promise<GradingResult> {
    if (this.closed) throw new Error('RedisGrader is closed');
    const added = await this.queue.add(GRADE_JOB_NAME, job, {
      ...(ref ? { jobId: gradingJobId(ref.key) } : {}),
      removeOnComplete: { age: FINISHED_JOB_RETENTION_SECONDS },
      removeOnFail: { age: FINISHED_JOB_RETENTION_SECONDS },
    });
    return this.waitForJob(added.id!);
  }

  /**
   * The job's result, from its finish event or, for a finish whose event went by before this
   * service listened (it had just started, or the job was added before a restart), from the job's
   * own state, asked at once and then every FINISH_CHECK_MS.
   */
  private async waitForJob(jobId: string): Promise<GradingResult> {
    let settle: (outcome: { value: unknown } | { error: Error }) => void = () => undefined;
    const heard = new Promise<{ value: unknown } | { error: Error }>((resolve) => (settle = resolve));
    const onCompleted = (event: { returnvalue: unknown }) => settle({ value: event.returnvalue });
    const onFailed = (event: { failedReason: string }) => settle({ error: new Error(event.failedReason) });
    // QueueEvents also emits `completed:<job id>` and `failed:<job id>`, which its types leave out.
    const events = this.events as unknown as EventEmitter;
    events.on(`completed:${jobId}`, onCompleted);
    events.on(`failed:${jobId}`, onFailed);
    try {
      for (;;) {
        const state = await this.queue.getJobState(jobId);
        if (state === 'completed' || state === 'failed') {
          const job = await this.queue.getJob(jobId);
          if (state === 'failed') throw new Error(job?.failedReason || 'the grading job failed');
          return asResult(job?.returnvalue);
        }
        const outcome = await Promise.race([heard, this.closing, delay(FINISH_CHECK_MS, undefined, { ref: false })]);
        if (outcome && 'error' in outcome) throw outcome.error;
        if (outcome) return asResult(outcome.value);
      }
    } finally {
      events.off(`completed:${jobId}`, onCompleted);
      events.off(`failed:${jobId}`, onFailed);
    }
  }

  /** Jobs in Redis not yet finished: waiting, delayed, or held by a worker. */
  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((sum, count) => sum + count, 0);
  }

  /** Stops waiting; jobs stay in Redis and workers go on grading them for the next start to collect. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Each waiting grade rejects; the grading queue then marks its submission queued again.
    this.stopWaiting(new Error('RedisGrader closed before the job finished'));
    await this.queue.close();
    await this.events.close();
  }
}
