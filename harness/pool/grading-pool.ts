import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RESULT_SCHEMA_VERSION, type GradingResult } from '../result-schema.js';
import type { FromWorker, GradeJob, ToWorker } from './protocol.js';

export type { GradeJob } from './protocol.js';

export interface GradingPoolOptions {
  exercisesDir: string;
  /** Worker processes; each grades one submission at a time. */
  workers: number;
  /** Wall time after which a worker still busy with one job is killed and replaced. */
  jobWallTimeoutMs?: number;
}

/** Node flags of a process that runs this project's TypeScript and hosts isolates. */
export function tsNodeExecArgv(): string[] {
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  // isolated-vm requires the startup snapshot off on Node 20 and later.
  return ['--no-node-snapshot', '--import', pathToFileURL(tsxLoader).href];
}

/**
 * V8 flags of a grading worker. Every submission's code is new to V8 and runs for milliseconds, so
 * optimizing it with TurboFan costs more than it saves: with V8's default budget the optimizing
 * compiler's background threads used about twice the CPU time of the grading itself (HTTP parser,
 * full suite: 56 ms of CPU per grading, 20 ms with this budget). An eight times larger budget
 * (1 MiB of bytecode executed, the default is 132 KiB) still lets long-running loops be optimized.
 * `npm run bench` runs with the same flag, so its in-process figures are a worker's.
 */
export const GRADING_V8_FLAGS = ['--interrupt-budget=1048576'];

interface PendingJob {
  jobId: number;
  job: GradeJob;
  resolve: (result: GradingResult) => void;
  reject: (error: Error) => void;
  /** Times its worker was killed from outside while running it. */
  kills: number;
}

/**
 * A worker killed with SIGKILL by something other than the pool (an operator's `kill -9`, the
 * kernel's OOM killer) did not fail because of the submission, so its job runs again, once. V8
 * stops a process that exhausts its own heap with SIGABRT or SIGTRAP, and the pool's own wall-time
 * kill is marked `timedOut`: those are the submission's verdict at once.
 */
const RERUNS_AFTER_OUTSIDE_KILL = 1;

interface Worker {
  process: ChildProcess;
  ready: boolean;
  current?: PendingJob;
  watchdog?: NodeJS.Timeout;
  /** Set when the supervisor killed the worker for running past the wall time. */
  timedOut?: boolean;
  exercises: Map<string, { contentHash: string; maxScore: number }>;
}

const WORKER_SCRIPT = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
/** A worker that keeps dying before it is ready points at a broken installation, not at a submission. */
const MAX_CONSECUTIVE_START_FAILURES = 5;

/**
 * Supervises the grading worker processes: hands each a job when it is free, and when one dies or
 * hangs mid-job, gives that submission a verdict instead of leaving it stuck, and starts another.
 */
export class GradingPool {
  private readonly options: Required<GradingPoolOptions>;
  private readonly workers = new Set<Worker>();
  private readonly queue: PendingJob[] = [];
  private nextJobId = 1;
  private startFailures = 0;
  private closed = false;
  /** Worker restarts since the pool started: crashes and hangs. */
  restarts = 0;

  constructor(options: GradingPoolOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new Error('GradingPool: workers must be a positive integer');
    this.options = { jobWallTimeoutMs: 30_000, ...options };
    for (let i = 0; i < options.workers; i += 1) this.spawn();
  }

  /** Grades a submission. Resolves with a verdict for anything the student did; rejects only for
   *  caller errors (an unknown exercise) or when no worker can start. */
  grade(job: GradeJob): Promise<GradingResult> {
    if (this.closed) return Promise.reject(new Error('GradingPool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ jobId: this.nextJobId++, job, resolve, reject, kills: 0 });
      this.dispatch();
    });
  }

  /** Process ids of the live workers, for health reports and fault tests. */
  get workerPids(): number[] {
    return [...this.workers].flatMap((worker) => (worker.process.pid === undefined ? [] : [worker.process.pid]));
  }

  /** The workers running a job now. */
  get busyWorkerPids(): number[] {
    return [...this.workers].flatMap((worker) => (worker.current && worker.process.pid !== undefined ? [worker.process.pid] : []));
  }

  /** Jobs waiting for a free worker. */
  get queued(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('GradingPool closed before the job ran'));
    const exits = [...this.workers].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.process.exitCode !== null || worker.process.signalCode !== null) return resolve();
          worker.process.once('exit', () => resolve());
          worker.process.kill('SIGKILL');
        }),
    );
    await Promise.all(exits);
  }

  private spawn(): void {
    const child = fork(WORKER_SCRIPT, [], {
      execArgv: [...tsNodeExecArgv(), ...GRADING_V8_FLAGS],
      env: { ...process.env, NETGRADE_EXERCISES_DIR: this.options.exercisesDir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    const worker: Worker = { process: child, ready: false, exercises: new Map() };
    this.workers.add(worker);
    child.on('message', (message: FromWorker) => this.onMessage(worker, message));
    child.on('exit', (code, signal) => this.onExit(worker, code, signal));
    child.on('error', () => {
      // 'exit' follows and handles the replacement.
    });
  }

  private onMessage(worker: Worker, message: FromWorker): void {
    if (message.type === 'ready') {
      worker.ready = true;
      this.startFailures = 0;
      for (const exercise of message.exercises) worker.exercises.set(exercise.slug, exercise);
      this.dispatch();
      return;
    }
    const pending = worker.current;
    if (!pending || pending.jobId !== message.jobId) return;
    this.finishJob(worker);
    if (message.type === 'result') pending.resolve(message.result);
    else pending.reject(new Error(`grading ${pending.job.exerciseSlug} failed: ${message.message}`));
    this.dispatch();
  }

  private onExit(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    this.workers.delete(worker);
    const pending = worker.current;
    this.finishJob(worker);
    if (this.closed) {
      pending?.reject(new Error('GradingPool closed while the job ran'));
      return;
    }
    if (!worker.ready) this.startFailures += 1;
    this.restarts += 1;
    if (pending && signal === 'SIGKILL' && !worker.timedOut && pending.kills < RERUNS_AFTER_OUTSIDE_KILL) {
      pending.kills += 1;
      this.queue.unshift(pending);
    } else if (pending) {
      const message = worker.timedOut
        ? `Grading did not finish within ${this.options.jobWallTimeoutMs} ms and was stopped.`
        : `The grading process stopped (${signal ?? `exit code ${code}`}) while running this submission; most often the code used too much memory.`;
      pending.resolve(crashResult(pending.job, worker, worker.timedOut ? 'SANDBOX_TIMEOUT' : 'SANDBOX_CRASHED', message));
    }
    if (this.startFailures >= MAX_CONSECUTIVE_START_FAILURES) {
      const error = new Error(`grading workers fail to start (last exit: ${signal ?? code}); check the installation`);
      for (const queued of this.queue.splice(0)) queued.reject(error);
      // Try again later rather than never: the cause may be transient (memory pressure).
      setTimeout(() => {
        if (!this.closed && this.workers.size < this.options.workers) this.spawn();
      }, 1000).unref();
      this.startFailures = 0;
      return;
    }
    this.spawn();
  }

  private dispatch(): void {
    for (const worker of this.workers) {
      if (this.queue.length === 0) return;
      if (!worker.ready || worker.current) continue;
      const pending = this.queue.shift()!;
      worker.current = pending;
      worker.watchdog = setTimeout(() => {
        // A job over its wall time means the worker is stuck (the isolate's own timeouts failed):
        // kill it; onExit gives the job its verdict and starts a replacement.
        worker.timedOut = true;
        worker.process.kill('SIGKILL');
      }, this.options.jobWallTimeoutMs);
      const message: ToWorker = { type: 'grade', jobId: pending.jobId, job: pending.job };
      worker.process.send(message);
    }
  }

  private finishJob(worker: Worker): void {
    if (worker.watchdog) clearTimeout(worker.watchdog);
    worker.watchdog = undefined;
    worker.current = undefined;
  }
}

function crashResult(job: GradeJob, worker: Worker, code: string, message: string): GradingResult {
  const exercise = worker.exercises.get(job.exerciseSlug);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    exercise: { slug: job.exerciseSlug, contentHash: exercise?.contentHash ?? '' },
    gradable: true,
    score: 0,
    maxScore: exercise?.maxScore ?? 0,
    error: { code, message },
    tests: [],
    durationMs: 0,
  };
}
