/**
 * `netgrade worker`: grades the jobs a netgrade service (started with REDIS_URL) puts in Redis,
 * with a local pool of grading processes. Start as many as there are machines to grade on; each
 * must hold the same exercises folder, at the same version, as the service.
 *
 * The service records every result; a worker only returns verdicts. A worker that dies mid-job
 * stops renewing its job's lock, and after `--stalled-after-ms` another worker's stalled-job check
 * hands the job to a worker that is alive. SIGTERM or SIGINT stops taking jobs, lets the running
 * ones finish, then exits.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { pino } from 'pino';
import { GRADING_QUEUE_NAME, redisConnection } from '../../server/distributed/grading-jobs.js';
import { loadExerciseCatalog } from '../exercises/catalog.js';
import { GradingPool, type GradeJob } from '../pool/grading-pool.js';
import type { GradingResult } from '../result-schema.js';

export const WORKER_USAGE = `Usage:
  netgrade worker [--redis URL] [--concurrency N] [--exercises DIR] [--stalled-after-ms MS]
Grades the jobs a netgrade service started with REDIS_URL puts in Redis.
Options:
  --redis <url>            Redis, as redis://host:port (default: $REDIS_URL)
  --concurrency <n>        submissions graded at once, one grading process each (default: one per core)
  --exercises <dir>        the exercises folder; the same version as the service's
  --stalled-after-ms <ms>  a job whose worker stopped answering this long goes to another worker (default 30000)
`;

export interface WorkerOptions {
  redisUrl: string;
  concurrency: number;
  exercisesDir: string;
  stalledAfterMs: number;
}

export const DEFAULT_STALLED_AFTER_MS = 30_000;

export function defaultConcurrency(): number {
  return Math.max(1, os.availableParallelism());
}

/** Runs until SIGTERM or SIGINT; resolves with the exit code. */
export async function runWorker(options: WorkerOptions): Promise<number> {
  const log = pino({ name: 'netgrade-worker', level: process.env.LOG_LEVEL || 'info' });
  // The worker checks a job's exercise itself: a job it cannot grade fails at once with a reason
  // the service records, instead of being retried on a machine that lacks the same folder.
  const catalog = new Map((await loadExerciseCatalog(options.exercisesDir)).map((exercise) => [exercise.slug, exercise.contentHash]));
  const pool = new GradingPool({ exercisesDir: options.exercisesDir, workers: options.concurrency });

  const grade = async (job: Job<GradeJob, GradingResult>): Promise<GradingResult> => {
    const { exerciseSlug } = job.data;
    if (!catalog.has(exerciseSlug)) {
      throw new UnrecoverableError(`this worker has no exercise "${exerciseSlug}" in ${options.exercisesDir}; give every worker the service's exercises folder`);
    }
    log.info({ jobId: job.id, exercise: exerciseSlug }, 'grading started');
    return pool.grade(job.data);
  };

  const worker = new Worker<GradeJob, GradingResult>(GRADING_QUEUE_NAME, grade, {
    connection: redisConnection(options.redisUrl),
    concurrency: options.concurrency,
    // The lock is renewed every half of its duration while a job runs; grading happens in child
    // processes, so this event loop stays free to renew it.
    lockDuration: options.stalledAfterMs,
    stalledInterval: options.stalledAfterMs,
    // A job whose worker died is given to another worker; only one that stalls again is failed.
    maxStalledCount: 2,
  });
  worker.on('completed', (job, result) => {
    log.info({ jobId: job.id, exercise: job.data.exerciseSlug, score: result.score, maxScore: result.maxScore }, 'graded');
  });
  worker.on('failed', (job, error) => log.warn({ jobId: job?.id, exercise: job?.data.exerciseSlug, err: error }, 'grading failed'));
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'a job stalled (its worker stopped answering); it goes back to the queue'));
  worker.on('error', (error: NodeJS.ErrnoException) => {
    // The connection retries on its own; an unreachable Redis is a state to report, not a failure per attempt.
    if (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET') log.warn({ code: error.code }, `Redis unreachable at ${redactedUrl(options.redisUrl)}; retrying`);
    else log.error({ err: error }, 'worker error');
  });

  await worker.waitUntilReady();
  log.info({ concurrency: options.concurrency, exercises: catalog.size }, 'worker ready');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping: finishing the jobs in hand');
      // close() waits for the running jobs; nothing new is taken meanwhile.
      worker
        .close()
        .then(() => pool.close())
        .then(
          () => {
            log.info('stopped');
            resolve(0);
          },
          (error: unknown) => {
            log.error({ err: error }, 'could not stop cleanly');
            resolve(1);
          },
        );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/** `netgrade worker …`: reads the options, then runs the worker; resolves with the exit code. */
export async function workerCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      redis: { type: 'string' },
      concurrency: { type: 'string' },
      exercises: { type: 'string', default: path.join(projectRoot, 'exercises') },
      'stalled-after-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(WORKER_USAGE);
    return 0;
  }
  const redisUrl = values.redis ?? process.env.REDIS_URL?.trim();
  if (!redisUrl) return workerUsageError('worker needs Redis: pass --redis redis://host:port or set REDIS_URL');
  if (!/^redis:\/\/\S+$/.test(redisUrl)) return workerUsageError(`--redis must look like redis://host:port, not "${redisUrl}"`);
  const concurrency = positiveInteger(values.concurrency, defaultConcurrency());
  const stalledAfterMs = positiveInteger(values['stalled-after-ms'], DEFAULT_STALLED_AFTER_MS);
  if (concurrency === undefined) return workerUsageError(`--concurrency takes a positive whole number, not "${values.concurrency}"`);
  if (stalledAfterMs === undefined) return workerUsageError(`--stalled-after-ms takes a positive whole number, not "${values['stalled-after-ms']}"`);
  return runWorker({ redisUrl, concurrency, exercisesDir: path.resolve(values.exercises), stalledAfterMs });
}

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The URL without its password, for logs. */
function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function positiveInteger(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  return /^[1-9]\d*$/.test(text) ? Number(text) : undefined;
}

function workerUsageError(message: string): number {
  process.stderr.write(`netgrade: ${message}\n\n${WORKER_USAGE}`);
  return 2;
}
