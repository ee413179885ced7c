import type { ExerciseLimits } from './types.js';

/**
 * Limits an exercise gets unless its exercise.json says otherwise, and what exceeding each gives.
 *
 * - `memoryMb`: the isolate's heap limit; ArrayBuffers count too. The test gets `memory-limit`
 *   when the isolate dies of it, when the allocator refuses a buffer, or when the code is stopped
 *   at its time limit with memory nearly full (near the limit V8 spends its time collecting
 *   garbage). The next test runs in a fresh isolate. One allocation far over the limit makes V8
 *   abort the whole worker process: the pool answers `SANDBOX_CRASHED` and starts another worker.
 * - `testTimeoutMs`: one test's time, serialization of its answer included; `time-limit`. It is
 *   wall time, measured inside the isolate with a clock the student cannot replace and enforced by
 *   isolated-vm's timeout. CPU time is not enforced separately: a worker runs one submission on one
 *   thread, so a test's CPU time cannot exceed its wall time, and a wall-time limit also stops code
 *   that blocks without using the CPU (`Atomics.wait`). Microtasks a test leaves queued run after
 *   the batch call returns and are stopped within two test limits; answers already given stand.
 * - `submissionTimeoutMs`: the whole grading; tests not reached get `not-run`. The pool kills a
 *   worker still busy after its own wall time (`SANDBOX_TIMEOUT`) if every other limit failed.
 * - `sourceMaxBytes`: refused before compiling (`SOURCE_TOO_LARGE`, not gradable).
 * - `resultMaxBytes`: one answer's JSON; `output-limit`.
 * - `outputMaxBytes`: console output kept per test; the rest is dropped and the cut is reported.
 */
export const DEFAULT_LIMITS: ExerciseLimits = {
  memoryMb: 64,
  testTimeoutMs: 100,
  submissionTimeoutMs: 10_000,
  sourceMaxBytes: 64 * 1024,
  resultMaxBytes: 64 * 1024,
  outputMaxBytes: 16 * 1024,
};

const BOUNDS: Record<keyof ExerciseLimits, [min: number, max: number]> = {
  memoryMb: [8, 1024],
  testTimeoutMs: [1, 60_000],
  submissionTimeoutMs: [100, 600_000],
  sourceMaxBytes: [1024, 16 * 1024 * 1024],
  resultMaxBytes: [256, 16 * 1024 * 1024],
  outputMaxBytes: [0, 16 * 1024 * 1024],
};

/** Merges an exercise's overrides onto the defaults, rejecting unknown keys and out-of-range values. */
export function resolveLimits(overrides: Record<string, unknown> | undefined, where: string): ExerciseLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (!(key in BOUNDS)) throw new Error(`${where}: unknown limit "${key}"`);
    const [min, max] = BOUNDS[key as keyof ExerciseLimits];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${where}: limit "${key}" must be an integer from ${min} to ${max}`);
    }
    limits[key as keyof ExerciseLimits] = value;
  }
  return limits;
}
