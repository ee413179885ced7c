import { SubmissionSandbox, type SandboxLimits } from './submission-sandbox.js';

/**
 * Keeps one fresh sandbox prepared ahead of the next submission, so creating an isolate (about
 * 2 ms) is off the grading's critical path. Every submission still gets an isolate no code ran in
 * before: a prepared sandbox is handed out once, and its replacement is made after.
 */
export class SandboxReserve {
  private prepared?: { key: string; sandbox: Promise<SubmissionSandbox> };

  async take(limits: SandboxLimits): Promise<SubmissionSandbox> {
    const key = `${limits.memoryMb}/${limits.resultMaxBytes}/${limits.outputMaxBytes}`;
    const ready = this.prepared?.key === key ? this.prepared.sandbox : undefined;
    const stale = this.prepared?.key !== key ? this.prepared : undefined;
    this.prepared = undefined;
    if (stale) void stale.sandbox.then((sandbox) => sandbox.dispose(), () => {});
    const sandbox = (await ready?.catch(() => undefined)) ?? (await SubmissionSandbox.create(limits));
    // Prepare the next one once this grading has started, not in its way.
    setImmediate(() => {
      if (!this.prepared) this.prepared = { key, sandbox: SubmissionSandbox.create(limits) };
    });
    return sandbox;
  }
}

/** The reserve of this process: a worker grades one submission at a time. */
export const sandboxReserve = new SandboxReserve();
