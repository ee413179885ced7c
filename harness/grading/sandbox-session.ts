import { performance } from 'node:perf_hooks';
import type { ExerciseLimits } from '../exercises/types.js';
import { sandboxReserve } from '../sandbox/sandbox-reserve.js';
import type { CallOutcome, CallTarget, LoadOutcome, SubmissionSandbox } from '../sandbox/submission-sandbox.js';

/** How long one batch call into the isolate may run before the host checks on its progress, in
 *  per-test time limits: a test that loops forever costs at most this, not a fixed second. */
const BATCH_TIMEOUT_TESTS = 2;

/**
 * A compiled submission loaded in a sandbox for the length of one grading. Test suites hand it
 * inputs; it runs them in batches (the fast path), goes on one input at a time in a fresh isolate
 * when the isolate dies of memory, and stops at the submission's deadline. Inputs that got no
 * outcome are left for the suite to report as not run.
 */
export class SandboxSession {
  private constructor(
    private sandbox: SubmissionSandbox,
    private readonly script: string,
    private readonly target: CallTarget,
    private readonly limits: ExerciseLimits,
    /** A `performance.now()` value: the submission's total time ends here. */
    readonly deadline: number,
  ) {}

  static async open(
    script: string,
    target: CallTarget,
    limits: ExerciseLimits,
    deadline: number,
  ): Promise<{ session: SandboxSession } | { failure: Exclude<LoadOutcome, { kind: 'loaded' }> }> {
    const sandbox = sandboxReserve.take(limits);
    // A program is loaded by its suite, which first grants it what it may use (launchProgram).
    if (target.style === 'program') return { session: new SandboxSession(sandbox, script, target, limits, deadline) };
    const loaded = await sandbox.load(script, target, limits.testTimeoutMs);
    if (loaded.kind !== 'loaded') {
      sandboxReserve.giveBack(sandbox);
      return { failure: loaded };
    }
    return { session: new SandboxSession(sandbox, script, target, limits, deadline) };
  }

  get timeIsUp(): boolean {
    return performance.now() > this.deadline;
  }

  /** Outcomes for a prefix of `inputs` (all of them unless time ran out or the sandbox could not restart). */
  async runAll(inputs: unknown[]): Promise<CallOutcome[]> {
    const { testTimeoutMs } = this.limits;
    const batch = await this.sandbox.invokeMany(inputs, { testTimeoutMs, batchTimeoutMs: BATCH_TIMEOUT_TESTS * testTimeoutMs, deadline: this.deadline });
    const outcomes = [...batch.outcomes];
    if (batch.stopped === 'deadline') return outcomes;
    for (const input of inputs.slice(outcomes.length)) {
      if (this.timeIsUp || !(await this.ensureAlive())) break;
      const started = performance.now();
      const outcome = await this.sandbox.invoke(input, testTimeoutMs);
      outcomes.push({ ...outcome, elapsedMs: performance.now() - started });
    }
    return outcomes;
  }

  /** For a program (call style `program`): lets `prepare` grant the fresh sandbox what the
   *  program may use, then runs the module's top-level code, once. */
  async launchProgram(prepare: (sandbox: SubmissionSandbox) => void): Promise<LoadOutcome> {
    prepare(this.sandbox);
    return this.sandbox.load(this.script, this.target, this.limits.testTimeoutMs);
  }

  /** Hands the sandbox back to the reserve, which keeps its isolate for the next submission only if it is clean. */
  close(): void {
    sandboxReserve.giveBack(this.sandbox);
  }

  private async ensureAlive(): Promise<boolean> {
    if (!this.sandbox.disposed) return true;
    sandboxReserve.giveBack(this.sandbox);
    this.sandbox = sandboxReserve.take(this.limits);
    return (await this.sandbox.load(this.script, this.target, this.limits.testTimeoutMs)).kind === 'loaded';
  }
}
