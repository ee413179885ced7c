/**
 * What the service reports to Prometheus: queue depth, grading latency, verdicts, and grading
 * worker restarts. Gradings are measured by wrapping the grader, so the queue and the pool stay
 * unaware of metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { GradeJob } from '../harness/pool/protocol.js';
import type { GradingResult } from '../harness/result-schema.js';
import type { Grader, GradingRef } from './grading-queue.js';

/** How a grading ended, as a label with few values. */
export type GradingOutcome = 'full-score' | 'partial-score' | 'ungradable' | 'sandbox-failure' | 'grader-error';

export interface MetricsSources {
  /** Submissions stored and not yet graded (queued or grading). */
  queueDepth(): Promise<number>;
}

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly latency: Histogram<'exercise'>;
  private readonly gradings: Counter<'exercise' | 'outcome'>;
  /** Grading worker processes replaced since start, when the grader is a worker pool. */
  private workerRestarts: () => number = () => 0;

  /** Where netgrade_queue_depth is read; `countQueueWith` replaces it when jobs wait in Redis. */
  private queueDepth: () => Promise<number>;

  constructor(sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'netgrade_' });
    this.queueDepth = () => sources.queueDepth();
    const queueDepth = () => this.queueDepth();
    new Gauge({
      name: 'netgrade_queue_depth',
      help: 'Gradings waiting or running: stored submissions, or with REDIS_URL the jobs in Redis.',
      registers: [this.registry],
      async collect() {
        this.set(await queueDepth());
      },
    });
    const restarts = () => this.workerRestarts();
    new Gauge({
      name: 'netgrade_worker_restarts',
      help: 'Grading worker processes replaced since the service started (crashes and hangs).',
      registers: [this.registry],
      collect() {
        this.set(restarts());
      },
    });
    this.latency = new Histogram({
      name: 'netgrade_grading_duration_seconds',
      help: 'Time from handing a submission to the grader until its verdict.',
      labelNames: ['exercise'],
      // Gradings take milliseconds; the upper buckets catch submissions that run into their limits.
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.gradings = new Counter({
      name: 'netgrade_gradings_total',
      help: 'Gradings finished, by exercise and outcome.',
      labelNames: ['exercise', 'outcome'],
      registers: [this.registry],
    });
  }

  /** Reads the queue depth from `source` from now on (the jobs a distributed grader keeps in Redis). */
  countQueueWith(source: () => Promise<number>): void {
    this.queueDepth = source;
  }

  /** A grader that records every grading it passes on; `workerRestarts` reads the pool's count. */
  measure(grader: Grader, workerRestarts?: () => number): Grader {
    if (workerRestarts) this.workerRestarts = workerRestarts;
    return {
      grade: async (job: GradeJob, ref?: GradingRef) => {
        const stop = this.latency.startTimer({ exercise: job.exerciseSlug });
        try {
          const result = await grader.grade(job, ref);
          this.gradings.inc({ exercise: job.exerciseSlug, outcome: outcomeOf(result) });
          return result;
        } catch (error) {
          this.gradings.inc({ exercise: job.exerciseSlug, outcome: 'grader-error' });
          throw error;
        } finally {
          stop();
        }
      },
      close: () => grader.close(),
    };
  }
}

export function outcomeOf(result: GradingResult): GradingOutcome {
  if (!result.gradable) return 'ungradable';
  if (result.error?.code === 'SANDBOX_CRASHED' || result.error?.code === 'SANDBOX_TIMEOUT') return 'sandbox-failure';
  return result.score === result.maxScore ? 'full-score' : 'partial-score';
}
