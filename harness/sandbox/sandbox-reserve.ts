import ivm from 'isolated-vm';
import { SubmissionSandbox, type SandboxLimits } from './submission-sandbox.js';

/**
 * Keeps a warm isolate and a fresh context in it prepared ahead of the next submission, so that
 * neither creating an isolate (about 3 ms) nor the first, cold runs of the grader's own code in it
 * are on a grading's critical path.
 *
 * Every submission gets a context no code ran in before; its isolate may have hosted earlier
 * submissions' contexts, one at a time, never two at once. Contexts share no objects: built-ins,
 * prototypes, globals and stack-trace hooks are the context's own, so what one submission changes
 * the next cannot see. What an isolate does share is work scheduled outside a call; the bootstrap
 * removes the built-ins that schedule it (FinalizationRegistry, WeakRef, Atomics.waitAsync,
 * WebAssembly), and microtasks are drained before each call returns. An isolate is kept only
 * when its last submission ended cleanly: no limit reached, no failure across the boundary, no
 * host functions granted (socket programs), little heap left in use. Otherwise it is disposed and
 * the next submission gets a new one.
 */
export class SandboxReserve {
  private warm?: WarmIsolate;
  private prepared?: { key: string; sandbox: SubmissionSandbox };
  private preparing = false;
  private readonly counts = { isolatesCreated: 0, contextsCreated: 0 };

  /** How many isolates and contexts this reserve made: how often isolates were reused. */
  get stats(): Readonly<{ isolatesCreated: number; contextsCreated: number }> {
    return { ...this.counts };
  }

  /**
   * A sandbox for one grading. While another grading of this process holds a context of the warm
   * isolate (gradings run concurrently in one process only in tests and tools), this one gets an
   * isolate of its own.
   */
  take(limits: SandboxLimits): SubmissionSandbox {
    if (this.warm?.inUse) return this.ownIsolate(limits);
    const key = keyOf(limits);
    const prepared = this.prepared;
    this.prepared = undefined;
    let sandbox: SubmissionSandbox;
    if (prepared?.key === key && !prepared.sandbox.tainted) sandbox = prepared.sandbox;
    else {
      prepared?.sandbox.releaseContext();
      sandbox = this.sandboxFor(limits);
    }
    this.warm!.inUse = true;
    this.warm!.contexts += 1;
    return sandbox;
  }

  /**
   * Takes a sandbox back after its grading, at once (the next grading may start right after).
   * Its context is released; its isolate is kept for the next submission if the sandbox is
   * clean, else disposed, after the grading's answer is out. The next context is then prepared,
   * off the grading's path too.
   */
  giveBack(sandbox: SubmissionSandbox): void {
    const warm = this.warm?.isolate === sandbox.hostIsolate ? this.warm : undefined;
    const keep =
      warm !== undefined &&
      warm.contexts < MAX_CONTEXTS_PER_ISOLATE &&
      !sandbox.tainted &&
      sandbox.heapInUse() < warm.memoryMb * 1024 * 1024 * KEEP_HEAP_SHARE;
    if (warm) warm.inUse = false;
    if (keep) sandbox.releaseContext();
    else {
      if (warm) this.warm = undefined;
      setImmediate(() => sandbox.dispose());
    }
    if (warm) this.prepareSoon(warm.limits);
  }

  /** Disposes the warm isolate and the prepared context. */
  clear(): void {
    this.prepared = undefined;
    if (this.warm && !this.warm.isolate.isDisposed) this.warm.isolate.dispose();
    this.warm = undefined;
  }

  private ownIsolate(limits: SandboxLimits): SubmissionSandbox {
    return this.contextIn(this.newIsolate(limits), limits);
  }

  /** A new context in the warm isolate, which is made first if there is none for this memory limit. */
  private sandboxFor(limits: SandboxLimits): SubmissionSandbox {
    if (!this.warm || this.warm.isolate.isDisposed || this.warm.memoryMb !== limits.memoryMb) {
      const replaced = this.warm?.isolate;
      if (replaced && !replaced.isDisposed) setImmediate(() => replaced.dispose());
      this.warm = { isolate: this.newIsolate(limits), memoryMb: limits.memoryMb, limits, contexts: 0, inUse: false };
    }
    this.warm.limits = limits;
    return this.contextIn(this.warm.isolate, limits);
  }

  private newIsolate(limits: SandboxLimits): ivm.Isolate {
    this.counts.isolatesCreated += 1;
    return new ivm.Isolate({ memoryLimit: limits.memoryMb });
  }

  private contextIn(isolate: ivm.Isolate, limits: SandboxLimits): SubmissionSandbox {
    this.counts.contextsCreated += 1;
    return SubmissionSandbox.createIn(isolate, limits);
  }

  private prepareSoon(limits: SandboxLimits): void {
    if (this.preparing) return;
    this.preparing = true;
    setImmediate(() => {
      this.preparing = false;
      if (this.prepared || this.warm?.inUse) return;
      try {
        this.prepared = { key: keyOf(limits), sandbox: this.sandboxFor(limits) };
      } catch {
        // The next take makes its own; a failure here has no grading to report to.
      }
    });
  }
}

interface WarmIsolate {
  isolate: ivm.Isolate;
  memoryMb: number;
  /** The limits of the last sandbox made in it, for the context prepared next. */
  limits: SandboxLimits;
  /** Contexts handed out in it so far. */
  contexts: number;
  /** A grading holds one of its contexts now. */
  inUse: boolean;
}

/** After this many submissions an isolate is replaced anyway, so that nothing it caches grows without end. */
const MAX_CONTEXTS_PER_ISOLATE = 200;

/** An isolate whose heap still holds more than this share of its limit after a grading is not kept:
 *  the next submission starts with its whole memory limit free. */
const KEEP_HEAP_SHARE = 0.25;

function keyOf(limits: SandboxLimits): string {
  return `${limits.memoryMb}/${limits.resultMaxBytes}/${limits.outputMaxBytes}`;
}

/** The reserve of this process: a worker grades one submission at a time. */
export const sandboxReserve = new SandboxReserve();
