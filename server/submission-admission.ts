/**
 * Admission control for new submissions, in one place for the exercise page's form and the API:
 * a submission is stored and queued only if the grading queue has room and the student is within
 * the submissions-per-hour limit of every assignment of that exercise in their courses. A refusal
 * stores nothing and says when to try again (the route sends it as `Retry-After`, RFC 9110 §10.2.3),
 * so a student is never silently dropped.
 */
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { PrismaClient } from './db/generated/client.js';
import { serviceError, type ServiceError } from './errors.js';
import { SubmissionStatus, type GradingQueue } from './grading-queue.js';
import { unfinishedCount } from './queue-position.js';
import type { SubmittedSource } from './routes/exercises/submission-form.js';

declare module 'fastify' {
  interface FastifyInstance {
    admission: SubmissionAdmission;
  }
}

export type AdmissionOutcome =
  | { admitted: true; submissionId: string }
  | { admitted: false; error: ServiceError; retryAfterSeconds: number };

export interface NewSubmission {
  userId: string;
  /** The Exercise row's id. */
  exerciseId: string;
  source: SubmittedSource;
}

export interface SubmissionAdmissionOptions {
  /** Unfinished submissions (queued or grading) at which new ones are refused. */
  queueLimit: number;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
}

const HOUR_MS = 60 * 60 * 1000;
/** Gradings finished in this window give the rate used to estimate when a full queue has room. */
const RATE_WINDOW_MS = 60 * 1000;
/** When no grading finished within the window, the rate is unknown: ask for a modest pause. */
const UNKNOWN_RATE_RETRY_SECONDS = 60;
const MAX_QUEUE_RETRY_SECONDS = 600;

export class SubmissionAdmission {
  private readonly now: () => number;
  /** When each recent grading finished, oldest first. */
  private readonly finishedAt: number[] = [];
  /** Per student, the admission in progress: check-then-store runs one at a time per student. */
  private readonly inProgress = new Map<string, Promise<unknown>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: PrismaClient,
    private readonly grading: GradingQueue,
    private readonly options: SubmissionAdmissionOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.unsubscribe = grading.onStatusChange((_id, status) => {
      if (status === SubmissionStatus.graded || status === SubmissionStatus.failed) this.finishedAt.push(this.now());
    });
  }

  /** Stores and queues the submission, or says why not and when to try again. */
  submit(submission: NewSubmission): Promise<AdmissionOutcome> {
    return this.oneAtATimeFor(submission.userId, () => this.admit(submission));
  }

  /** Gradings finished per second over the last minute (0 when none). */
  gradingsPerSecond(): number {
    const since = this.now() - RATE_WINDOW_MS;
    while (this.finishedAt.length > 0 && this.finishedAt[0]! <= since) this.finishedAt.shift();
    return this.finishedAt.length / (RATE_WINDOW_MS / 1000);
  }

  close(): void {
    this.unsubscribe();
  }

  private async admit({ userId, exerciseId, source }: NewSubmission): Promise<AdmissionOutcome> {
    const depth = await unfinishedCount(this.db);
    if (depth >= this.options.queueLimit) {
      const retryAfterSeconds = this.secondsUntilQueueHasRoom(depth);
      return { admitted: false, error: serviceError('NG_ERR_QUEUE_FULL', formatWait(retryAfterSeconds)), retryAfterSeconds };
    }
    const overLimit = await this.hourlyLimitRefusal(userId, exerciseId);
    if (overLimit) return overLimit;

    // Stored before grading starts: if the process stops now, the next start grades it.
    const stored = await this.db.submission.create({ data: { userId, exerciseId, ...source }, select: { id: true } });
    this.grading.enqueue(stored.id);
    return { admitted: true, submissionId: stored.id };
  }

  /**
   * The strictest `submissionsPerHour` among the assignments of this exercise in the courses the
   * user takes as a student, applied to their submissions to the exercise in the last 60 minutes.
   */
  private async hourlyLimitRefusal(userId: string, exerciseId: string): Promise<AdmissionOutcome | undefined> {
    const assignments = await this.db.assignment.findMany({
      where: { exerciseId, submissionsPerHour: { not: null }, course: { enrollments: { some: { userId, role: 'student' } } } },
      select: { submissionsPerHour: true, course: { select: { timeZone: true } } },
      orderBy: { submissionsPerHour: 'asc' },
      take: 1,
    });
    const strictest = assignments[0];
    if (!strictest || strictest.submissionsPerHour === null) return undefined;
    const limit = strictest.submissionsPerHour;
    const now = this.now();
    const inWindow = await this.db.submission.findMany({
      where: { userId, exerciseId, createdAt: { gt: new Date(now - HOUR_MS) } },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true },
    });
    if (inWindow.length < limit) return undefined;
    // Room comes back when enough of the oldest have left the window to bring the count under the limit.
    const leaving = inWindow[inWindow.length - limit]!.createdAt.getTime() + HOUR_MS;
    const retryAfterSeconds = Math.max(1, Math.ceil((leaving - now) / 1000));
    const error = serviceError('NG_ERR_SUBMISSION_LIMIT', limit, clockTime(now + retryAfterSeconds * 1000, strictest.course.timeZone), formatWait(retryAfterSeconds));
    return { admitted: false, error, retryAfterSeconds };
  }

  /** How long until the graders, at their recent pace, bring the queue under its limit. */
  private secondsUntilQueueHasRoom(depth: number): number {
    const perSecond = this.gradingsPerSecond();
    if (perSecond === 0) return UNKNOWN_RATE_RETRY_SECONDS;
    const excess = depth - this.options.queueLimit + 1;
    return Math.min(MAX_QUEUE_RETRY_SECONDS, Math.max(1, Math.ceil(excess / perSecond)));
  }

  private async oneAtATimeFor<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.inProgress.get(userId) ?? Promise.resolve();
    const current = previous.then(work, work);
    const settled = current.then(
      () => undefined,
      () => undefined,
    );
    this.inProgress.set(userId, settled);
    try {
      return await current;
    } finally {
      if (this.inProgress.get(userId) === settled) this.inProgress.delete(userId);
    }
  }
}

/** "45 seconds", "1 minute", "12 minutes": a wait as a person says it, rounded up. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** "14:06 Europe/Madrid": the moment, rounded up to the minute, on the course's clock. */
export function clockTime(epochMs: number, timeZone: string): string {
  const minute = new Date(Math.ceil(epochMs / 60_000) * 60_000);
  const format = (zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(minute);
  try {
    return `${format(timeZone)} ${timeZone}`;
  } catch {
    // A time zone this Node does not know: UTC is still a correct answer.
    return `${format('UTC')} UTC`;
  }
}

export interface AdmissionPluginOptions {
  queueLimit: number;
}

const admissionPlugin: FastifyPluginAsync<AdmissionPluginOptions> = async (app, { queueLimit }) => {
  const admission = new SubmissionAdmission(app.db, app.grading, { queueLimit });
  app.decorate('admission', admission);
  app.addHook('onClose', async () => admission.close());
};

export default fp(admissionPlugin, { name: 'admission', fastify: '5.x', dependencies: ['db', 'grading'] });
