import ivm from 'isolated-vm';
import { SUBMISSION_GLOBAL } from '../compile.js';
import { buildBootstrapScript } from './bootstrap.js';

/** What one call into the student's code produced, as seen from outside the isolate. */
export type CallOutcome =
  | { kind: 'returned'; json: string | undefined; output: string; outputTruncated: boolean }
  | { kind: 'threw'; error: string; output: string; outputTruncated: boolean }
  | { kind: 'result-too-large'; bytes: number; output: string; outputTruncated: boolean }
  | { kind: 'not-serializable'; error: string; output: string; outputTruncated: boolean }
  | { kind: 'time-limit' }
  | { kind: 'memory-limit' };

export interface SandboxLimits {
  memoryMb: number;
  resultMaxBytes: number;
  outputMaxBytes: number;
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
 */
export class SubmissionSandbox {
  private readonly isolate: ivm.Isolate;
  private readonly context: ivm.Context;
  private readonly call: ivm.Reference<(entry: string, input: unknown) => string>;

  private constructor(isolate: ivm.Isolate, context: ivm.Context, call: ivm.Reference<(entry: string, input: unknown) => string>) {
    this.isolate = isolate;
    this.context = context;
    this.call = call;
  }

  static async create(limits: SandboxLimits): Promise<SubmissionSandbox> {
    const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb });
    const context = await isolate.createContext();
    await context.eval(buildBootstrapScript(limits), { timeout: 1000 });
    // The entry point is taken out of the global scope before student code runs, so the student
    // cannot replace the function that serializes their results.
    const call = (await context.global.get('__netgradeCall', { reference: true })) as ivm.Reference<
      (entry: string, input: unknown) => string
    >;
    await context.global.delete('__netgradeCall');
    return new SubmissionSandbox(isolate, context, call);
  }

  /** Runs the compiled module's top-level code and checks that it exports `entry` as a function. */
  async load(script: string, entry: string, timeoutMs: number): Promise<LoadOutcome> {
    try {
      await this.context.eval(script, { timeout: timeoutMs, filename: 'submission.js' });
      const exported = await this.context.eval(
        `(() => { const m = globalThis.${SUBMISSION_GLOBAL}; return JSON.stringify(m && typeof m === 'object' ? Object.keys(m).filter((k) => typeof m[k] === 'function') : []); })()`,
        { timeout: timeoutMs, copy: true },
      );
      const functions = JSON.parse(String(exported)) as string[];
      return functions.includes(entry) ? { kind: 'loaded' } : { kind: 'missing-export', exported: functions };
    } catch (error) {
      return this.classifyFailure(error) ?? { kind: 'threw', error: errorText(error) };
    }
  }

  /** Calls the exported `entry` with a copy of `input`. Never throws for anything the student did. */
  async invoke(entry: string, input: unknown, timeoutMs: number): Promise<CallOutcome> {
    try {
      const raw = await this.call.apply(undefined, [entry, input], {
        timeout: timeoutMs,
        arguments: { copy: true },
        result: { copy: true },
      });
      return JSON.parse(raw) as CallOutcome;
    } catch (error) {
      return this.classifyFailure(error) ?? { kind: 'threw', error: errorText(error), output: '', outputTruncated: false };
    }
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
