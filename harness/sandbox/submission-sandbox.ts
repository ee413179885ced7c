import { performance } from 'node:perf_hooks';
import ivm from 'isolated-vm';
import { SUBMISSION_GLOBAL } from '../compile.js';
import { buildBootstrapScript } from './bootstrap.js';

/** What one call into the student's code produced, as seen from outside the isolate. Calls made
 *  in a batch carry the milliseconds they took, measured inside the isolate. */
export type CallOutcome = { elapsedMs?: number } & (
  | { kind: 'returned'; json: string | undefined; output: string; outputTruncated: boolean }
  | { kind: 'threw'; error: string; output: string; outputTruncated: boolean }
  | { kind: 'result-too-large'; bytes: number; output: string; outputTruncated: boolean }
  | { kind: 'not-serializable'; error: string; output: string; outputTruncated: boolean }
  | { kind: 'time-limit' }
  | { kind: 'memory-limit' }
);

export interface SandboxLimits {
  memoryMb: number;
  resultMaxBytes: number;
  outputMaxBytes: number;
}

/** What the grader calls: the export's name, and how an input is handed to it
 *  (`function`: `name(input)`; `stream-reader`: `new name()`, `push` per chunk, then `end`;
 *  `named-calls`: the input is `[exportName, ...args]`, and `name` is only checked at load). */
export interface CallTarget {
  name: string;
  style: CallStyle;
}

export type CallStyle = 'function' | 'stream-reader' | 'named-calls';

interface EntryPoints {
  call: ivm.Reference<(target: CallTarget, input: unknown) => string>;
  batch: ivm.Reference<(target: CallTarget, inputs: unknown[], testTimeoutMs: number) => string>;
  progress: ivm.Reference<() => string>;
}

export type LoadOutcome =
  | { kind: 'loaded' }
  | { kind: 'missing-export'; exported: string[] }
  | { kind: 'threw'; error: string }
  | { kind: 'time-limit' }
  | { kind: 'memory-limit' };

/**
 * One student module loaded into a fresh V8 isolate. Nothing of the host is reachable from inside:
 * the isolate gets a console that writes to a capped in-isolate buffer, and every value crosses
 * the boundary as a string serialized inside the isolate, under the call's time limit.
 *
 * It uses isolated-vm's synchronous calls, which keep the same time limits: a grading worker runs
 * one submission at a time, and the asynchronous calls spent most of a grading hopping threads.
 */
export class SubmissionSandbox {
  private readonly isolate: ivm.Isolate;
  private readonly context: ivm.Context;
  private readonly entryPoints: EntryPoints;
  private target: CallTarget = { name: '', style: 'function' };

  private constructor(isolate: ivm.Isolate, context: ivm.Context, entryPoints: EntryPoints) {
    this.isolate = isolate;
    this.context = context;
    this.entryPoints = entryPoints;
  }

  static async create(limits: SandboxLimits): Promise<SubmissionSandbox> {
    const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb });
    const context = isolate.createContextSync();
    context.evalSync(buildBootstrapScript(limits), { timeout: 1000 });
    // The entry points are taken out of the global scope before student code runs, so the student
    // cannot replace the functions that serialize their results.
    const take = async <T>(name: string) => {
      const reference = context.global.getSync(name, { reference: true }) as ivm.Reference<T>;
      context.global.deleteSync(name);
      return reference;
    };
    return new SubmissionSandbox(isolate, context, {
      call: await take('__netgradeCall'),
      batch: await take('__netgradeBatch'),
      progress: await take('__netgradeProgress'),
    });
  }

  /** Runs the compiled module's top-level code and checks that it exports the target as a function
   *  (a class is one); later calls go to that target. */
  async load(script: string, target: CallTarget, timeoutMs: number): Promise<LoadOutcome> {
    this.target = target;
    const entry = target.name;
    try {
      this.context.evalSync(script, { timeout: timeoutMs, filename: 'submission.js' });
      const exported = this.context.evalSync(
        `(() => { const m = globalThis.${SUBMISSION_GLOBAL}; return JSON.stringify(m && typeof m === 'object' ? Object.keys(m).filter((k) => typeof m[k] === 'function') : []); })()`,
        { timeout: timeoutMs, copy: true },
      );
      const functions = JSON.parse(String(exported)) as string[];
      return functions.includes(entry) ? { kind: 'loaded' } : { kind: 'missing-export', exported: functions };
    } catch (error) {
      return this.classifyFailure(error) ?? { kind: 'threw', error: errorText(error) };
    }
  }

  /** Calls the target with a copy of `input`. Never throws for anything the student did. */
  async invoke(input: unknown, timeoutMs: number): Promise<CallOutcome> {
    try {
      const raw = this.entryPoints.call.applySync(undefined, [this.target, input], {
        timeout: timeoutMs,
        arguments: { copy: true },
        result: { copy: true },
      });
      return JSON.parse(raw) as CallOutcome;
    } catch (error) {
      return this.classifyFailure(error) ?? { kind: 'threw', error: errorText(error), output: '', outputTruncated: false };
    }
  }

  /**
   * Calls the target once per input, all in one call into the isolate, each test's time measured
   * inside it. When the run passes `batchTimeoutMs` it is stopped; the tests that finished keep
   * their outcomes, the one running then gets `time-limit` if it ran past `testTimeoutMs` (else it
   * is run again alone), and the run resumes after it. The outcomes stop early at `deadline` (a
   * `performance.now()` value), or when the sandbox fails (out of memory): the caller then goes on
   * one test at a time, in a fresh sandbox if this one is disposed.
   */
  async invokeMany(
    inputs: unknown[],
    timing: { testTimeoutMs: number; batchTimeoutMs: number; deadline: number },
  ): Promise<{ outcomes: CallOutcome[]; stopped?: 'deadline' | 'sandbox-failure' }> {
    const { testTimeoutMs, batchTimeoutMs, deadline } = timing;
    const outcomes: CallOutcome[] = [];
    while (outcomes.length < inputs.length) {
      const remainingMs = deadline - performance.now();
      if (remainingMs < 1) return { outcomes, stopped: 'deadline' };
      const rest = inputs.slice(outcomes.length);
      try {
        const raw = this.entryPoints.batch.applySync(undefined, [this.target, rest, testTimeoutMs], {
          timeout: Math.ceil(Math.min(remainingMs, Math.max(batchTimeoutMs, testTimeoutMs))),
          arguments: { copy: true },
          result: { copy: true },
        });
        outcomes.push(...(JSON.parse(raw) as CallOutcome[]));
        continue;
      } catch (error) {
        const failure = this.classifyFailure(error);
        if (failure?.kind !== 'time-limit') return { outcomes, stopped: 'sandbox-failure' };
      }
      const progress = JSON.parse(
        this.entryPoints.progress.applySync(undefined, [], { timeout: 1000, result: { copy: true } }),
      ) as { done: CallOutcome[]; runningForMs: number };
      outcomes.push(...progress.done);
      if (outcomes.length >= inputs.length) break;
      if (progress.runningForMs >= testTimeoutMs) {
        outcomes.push({ kind: 'time-limit' });
      } else {
        const alone = await this.invoke(inputs[outcomes.length], testTimeoutMs);
        if (alone.kind === 'memory-limit') return { outcomes, stopped: 'sandbox-failure' };
        outcomes.push(alone);
      }
    }
    return { outcomes };
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  dispose(): void {
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }

  private classifyFailure(error: unknown): { kind: 'time-limit' } | { kind: 'memory-limit' } | undefined {
    const message = errorText(error);
    if (this.isolate.isDisposed || /memory limit/i.test(message)) return { kind: 'memory-limit' };
    if (/timed out/i.test(message)) return { kind: 'time-limit' };
    return undefined;
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
