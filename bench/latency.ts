export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Completed runs per second of wall time, over the whole measurement. */
  perSecond: number;
}

/** Percentiles by the nearest-rank method over the samples, in milliseconds. */
export function latencySummary(samplesMs: number[], wallMs: number): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return { count: sorted.length, p50Ms: rank(50), p95Ms: rank(95), p99Ms: rank(99), perSecond: (sorted.length / wallMs) * 1000 };
}
