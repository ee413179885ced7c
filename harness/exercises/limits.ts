import type { ExerciseLimits } from './types.js';

/** Limits an exercise gets unless its exercise.json says otherwise. */
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
