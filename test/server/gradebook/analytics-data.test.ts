import { describe, expect, it } from 'vitest';
import { scoreDistribution, submissionsOverTime } from '../../../server/gradebook/analytics-data.js';

describe('scoreDistribution', () => {
  it('puts only full scores in 100% and students without a score apart', () => {
    const { bins, withoutScore } = scoreDistribution([10, 9.99, 0, 4.5, null], 10);
    const counts = Object.fromEntries(bins.map((bin) => [bin.label, bin.students]));
    expect(counts).toMatchObject({ '100%': 1, '90–99%': 1, '0–9%': 1, '40–49%': 1 });
    expect(bins.reduce((sum, bin) => sum + bin.students, 0)).toBe(4);
    expect(withoutScore).toBe(1);
  });
});

describe('submissionsOverTime', () => {
  const due = new Date('2026-03-20T22:59:00Z');

  it('counts per day in the course time zone when the span is longer than three days', () => {
    const times = [new Date('2026-03-10T23:30:00Z'), new Date('2026-03-11T00:30:00Z'), new Date('2026-03-20T22:00:00Z'), new Date('2026-03-21T10:00:00Z')];
    const result = submissionsOverTime(times, due, 'Europe/Madrid');
    expect(result.granularity).toBe('day');
    expect(result.afterDeadline).toBe(1);
    // 23:30 UTC on the 10th is already the 11th in Madrid (UTC+1).
    expect(result.buckets[0]).toEqual({ label: '2026-03-11', submissions: 2 });
    expect(result.buckets.at(-1)).toEqual({ label: '2026-03-20', submissions: 1 });
    expect(result.buckets).toHaveLength(10);
  });

  it('has no buckets when nothing came before the deadline', () => {
    expect(submissionsOverTime([new Date('2026-03-21T00:00:00Z')], due, 'UTC')).toEqual({ granularity: 'day', buckets: [], afterDeadline: 1 });
  });
});
