import { performance } from 'node:perf_hooks';
import ivm from 'isolated-vm';
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

/** `program`: the module is a program run for its effects (a socket server); nothing is called. */
export type CallStyle = 'function' | 'stream-reader' | 'named-calls' | 'program';

interface EntryPoints {
  load: ivm.Reference<(script: string) => string>;
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
 * One student module loaded into a fresh V8 context. Nothing of the host is reachable from inside:
 * the context gets a console that writes to a capped in-context buffer, and every value crosses
 * the boundary as a string serialized inside the isolate, under the call's time limit.
 *
 * The context's isolate is either its own (`create`) or a warm one that earlier submissions'
 * contexts used (`createIn`, see sandbox-reserve.ts). Whatever might make an isolate unfit for
 * another submission marks the sandbox `tainted`: any limit reached, any failure crossing the
 * boundary, and any host function granted.
 *
 * It uses isolated-vm's synchronous calls, which keep the same time limits: a grading worker runs
 * one submission at a time, and the asynchronous calls spent most of a grading hopping threads.
 */
export class SubmissionSandbox {
  private readonly isolate: ivm.Isolate;
  private readonly memoryLimitBytes: number;
  private readonly entryPoints: EntryPoints;
  private readonly context: ivm.Context;
  private target: CallTarget = { name: '', style: 'function' };
  private taintedBy?: string;

  private constructor(isolate: ivm.Isolate, memoryMb: number, entryPoints: EntryPoints, context: ivm.Context) {
    this.isolate = isolate;
    this.memoryLimitBytes = memoryMb * 1024 * 1024;
    this.entryPoints = entryPoints;
    this.context = context;
  }

  /** A sandbox in an isolate of its own. */
  static async create(limits: SandboxLimits): Promise<SubmissionSandbox> {
    return SubmissionSandbox.createIn(new ivm.Isolate({ memoryLimit: limits.memoryMb }), limits);
  }

  /** A sandbox in a new context of `isolate`, whose memory limit must be `limits.memoryMb`. */
  static createIn(isolate: ivm.Isolate, limits: SandboxLimits): SubmissionSandbox {
    const context = isolate.createContextSync();
    context.evalSync(buildBootstrapScript(limits), { timeout: 1000 });
    // The entry points are taken out of the global scope before student code runs, so the student
    // cannot replace the functions that serialize their results.
    const take = <T>(name: string) => {
      const reference = context.global.getSync(name, { reference: true }) as ivm.Reference<T>;
      context.global.deleteSync(name);
      return reference;
    };
    return new SubmissionSandbox(isolate, limits.memoryMb, {
      load: take('__netgradeLoad'),
      call: take('__netgradeCall'),
      batch: take('__netgradeBatch'),
      progress: take('__netgradeProgress'),
    }, context);
  }

  /** Why this sandbox's isolate must not host another submission; undefined when nothing did. */
  get tainted(): string | undefined {
    return this.isolate.isDisposed ? 'disposed' : this.taintedBy;
  }

  /** The isolate, for the reserve to keep or dispose once this sandbox is released. */
  get hostIsolate(): ivm.Isolate {
    return this.isolate;
  }

  /** The bytes the isolate's heap and its external buffers hold now. */
  heapInUse(): number {
    const heap = this.isolate.getHeapStatisticsSync();
    return heap.used_heap_size + heap.externally_allocated_size;
  }

  /** Lets go of the context and the references into it; the isolate stays as it is. */
  releaseContext(): void {
    if (this.isolate.isDisposed) return;
    for (const reference of Object.values(this.entryPoints)) reference.release();
    this.context.release();
  }

  private taint(reason: string): void {
    this.taintedBy ??= reason;
  }

  /**
   * Before the module loads: hands the isolate the host functions in `hostFunctions` (as globals
   * that `setupScript`, trusted code, takes and deletes), runs the script, and takes out the one
   * function it leaves at `exported`. Host functions get and return copies of primitives only.
   */
  grant(setupScript: string, hostFunctions: Record<string, (...args: never[]) => unknown>, exported: string): ivm.Reference<(...args: unknown[]) => string> {
    // Host functions may leave work scheduled in the isolate (socket events): never reused.
    this.taint('host functions granted');
    for (const [name, fn] of Object.entries(hostFunctions)) this.context.global.setSync(name, new ivm.Callback(fn));
    this.context.evalSync(setupScript, { timeout: 1000 });
    const reference = this.context.global.getSync(exported, { reference: true }) as ivm.Reference<(...args: unknown[]) => string>;
    this.context.global.deleteSync(exported);
    return reference;
  }

  /** Calls a function `grant` took out, with copies of `args`, under a wall-time limit. */
  callGranted(
    reference: ivm.Reference<(...args: unknown[]) => string>,
    args: unknown[],
    timeoutMs: number,
  ): { kind: 'returned'; value: string } | { kind: 'time-limit' } | { kind: 'memory-limit' } | { kind: 'threw'; error: string } {
    try {
      const value = reference.applySync(undefined, args, { timeout: timeoutMs, arguments: { copy: true }, result: { copy: true } });
      return { kind: 'returned', value: String(value) };
    } catch (error) {
      return this.classifyFailure(error) ?? { kind: 'threw', error: errorText(error) };
    }
  }

  /** Runs the compiled module's top-level code and checks that it exports the target as a function
   *  (a class is one); later calls go to that target. */
  async load(script: string, target: CallTarget, timeoutMs: number): Promise<LoadOutcome> {
    this.target = target;
    try {
      // The module runs inside the bootstrap's try/catch, so what it throws is described inside the
      // isolate under the time limit; only the isolate's own limits reach this side as errors.
      const raw = this.entryPoints.load.applySync(undefined, [script], { timeout: timeoutMs, arguments: { copy: true }, result: { copy: true } });
      const loaded = JSON.parse(raw) as { kind: 'exports'; functions: string[] } | Exclude<LoadOutcome, { kind: 'loaded' | 'missing-export' }>;
      if (loaded.kind !== 'exports') {
        if (loaded.kind !== 'threw') this.taint(`load: ${loaded.kind}`);
        return loaded;
      }
      if (target.style === 'program') return { kind: 'loaded' };
      return loaded.functions.includes(target.name) ? { kind: 'loaded' } : { kind: 'missing-export', exported: loaded.functions };
    } catch (error) {
      return this.classifyFailure(error) ?? { kind: 'threw', error: errorText(error) };
    }
  }

  /** Calls the target with a copy of `input`. Never throws for anything the student did. */
  async invoke(input: unknown, timeoutMs: number, heapFloor = Number.POSITIVE_INFINITY): Promise<CallOutcome> {
    // The limit is on CPU time, which a busy machine does not inflate; the wall clock only stops
    // code that blocks or is starved for far longer than its limit. A synchronous call runs the
    // isolate on this thread, and a worker process does nothing else meanwhile, so the process's
    // CPU time is the call's. (isolated-vm's own cpuTime counts blocked time too.)
    // What the heap held before: the lower of now and `heapFloor` (a batch that was stopped left
    // its garbage behind, which would hide how much this call takes).
    const heapBefore = Math.min(this.heapInUse(), heapFloor);
    const cpuBefore = process.cpuUsage();
    try {
      const raw = this.entryPoints.call.applySync(undefined, [this.target, input], {
        timeout: timeoutMs * WALL_TIME_FACTOR,
        arguments: { copy: true },
        result: { copy: true },
      });
      const used = process.cpuUsage(cpuBefore);
      const cpuMs = (used.user + used.system) / 1000;
      const outcome = JSON.parse(raw) as CallOutcome;
      // Running out of memory is the verdict even when filling it took longer than the time limit.
      if (outcome.kind === 'memory-limit') {
        this.taint('call: memory-limit');
        return outcome;
      }
      if (cpuMs > timeoutMs) return this.overLimit(heapBefore);
      return { ...outcome, elapsedMs: cpuMs };
    } catch (error) {
      return this.classifyFailure(error, heapBefore) ?? { kind: 'threw', error: errorText(error), output: '', outputTruncated: false };
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
      const heapAtStart = this.heapInUse();
      try {
        const raw = this.entryPoints.batch.applySync(undefined, [this.target, rest, testTimeoutMs], {
          timeout: Math.ceil(Math.min(remainingMs, Math.max(batchTimeoutMs, testTimeoutMs))),
          arguments: { copy: true },
          result: { copy: true },
        });
        const batch = JSON.parse(raw) as CallOutcome[];
        // The batch measures each call on the wall clock; one over its limit is judged again
        // alone, on CPU time, so a busy machine cannot turn a correct answer into a time-limit.
        for (let i = 0; i < batch.length; i += 1) {
          const outcome = batch[i]!;
          if (outcome.kind === 'memory-limit') this.taint('call: memory-limit');
          if (outcome.kind !== 'time-limit') outcomes.push(outcome);
          else {
            const alone = await this.invoke(rest[i], testTimeoutMs, heapAtStart);
            if (alone.kind === 'memory-limit' && this.disposed) return { outcomes, stopped: 'sandbox-failure' };
            outcomes.push(alone);
          }
        }
        continue;
      } catch (error) {
        const failure = this.classifyFailure(error);
        if (failure?.kind !== 'time-limit') return { outcomes, stopped: 'sandbox-failure' };
      }
      let progress: { done: CallOutcome[]; runningForMs: number };
      try {
        progress = JSON.parse(this.entryPoints.progress.applySync(undefined, [], { timeout: 1000, result: { copy: true } }));
      } catch {
        // Work the student left queued (a microtask flood) outlived the stopped call and ran past
        // this one's limit too: the isolate is not to be trusted with another call.
        this.dispose();
        return { outcomes, stopped: 'sandbox-failure' };
      }
      outcomes.push(...progress.done);
      if (outcomes.length >= inputs.length) break;
      // The call that was running when the batch stopped is judged alone, on CPU time.
      const alone = await this.invoke(inputs[outcomes.length], testTimeoutMs, heapAtStart);
      if (alone.kind === 'memory-limit' && this.disposed) return { outcomes, stopped: 'sandbox-failure' };
      outcomes.push(alone);
    }
    return { outcomes };
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  dispose(): void {
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }

  /** Every error that crosses the boundary taints the sandbox, whatever it turns out to be. */
  private classifyFailure(error: unknown, heapBefore?: number): { kind: 'time-limit' } | { kind: 'memory-limit' } | undefined {
    const message = errorText(error);
    this.taint(`call failed: ${message}`);
    if (this.isolate.isDisposed || /memory limit/i.test(message)) return { kind: 'memory-limit' };
    if (/timed out/i.test(message)) return this.overLimit(heapBefore);
    return undefined;
  }

  /**
   * The verdict for code stopped at its time limit. Near its heap limit V8 collects garbage again
   * and again before it gives up, and touching fresh memory costs page faults (filling 64 MiB of
   * ArrayBuffers takes about 200 ms of CPU here), so code filling memory is often stopped by the
   * clock first. It is told it ran out of memory when, as it was stopped, its heap (with its
   * ArrayBuffers) was almost at the limit, or the call had taken a quarter of it.
   */
  private overLimit(heapBefore?: number): { kind: 'time-limit' } | { kind: 'memory-limit' } {
    this.taint('limit reached');
    try {
      const inUse = this.heapInUse();
      if (inUse >= MEMORY_NEARLY_FULL * this.memoryLimitBytes) return { kind: 'memory-limit' };
      if (heapBefore !== undefined && inUse - heapBefore >= MEMORY_GROWN_IN_ONE_CALL * this.memoryLimitBytes) return { kind: 'memory-limit' };
    } catch {
      // A disposed isolate has no statistics; the time limit is what stopped it.
    }
    return { kind: 'time-limit' };
  }
}

/** How many times its CPU time limit a call may run on the wall clock before it is stopped anyway
 *  (code that blocks, or a machine so loaded that the call barely runs). */
const WALL_TIME_FACTOR = 4;

/** The share of the memory limit in use above which a stopped call is reported as out of memory. */
const MEMORY_NEARLY_FULL = 0.85;

/**
 * The share of the memory limit that one call stopped at its time limit must have taken to be
 * reported as out of memory: at about 2 ms of CPU per MiB of fresh memory touched (page faults on
 * a virtual machine), a call filling memory reaches a quarter of 64 MiB well within a 100 ms limit
 * even on a loaded machine, which half of it does not.
 */
const MEMORY_GROWN_IN_ONE_CALL = 0.25;

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
