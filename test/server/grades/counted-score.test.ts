import { describe, expect, it } from 'vitest';
import { countedScore, deadlinesFor, lateFactor, phaseAt, type AssignmentRules, type SubmissionForScore } from '../../../server/grades/counted-score.js';

const due = new Date('2026-12-01T23:59:00Z');
const hours = (n: number) => new Date(due.getTime() + n * 3_600_000);

const assignment: AssignmentRules = {
  points: 10,
  opensAt: new Date('2026-11-20T00:00:00Z'),
  dueAt: due,
  lateUntil: hours(72),
  latePolicy: 'percent-per-day',
  latePercent: 20,
  scoring: 'best',
};

let counter = 0;
function graded(at: Date, score: number, fields: Partial<SubmissionForScore> = {}): SubmissionForScore {
  counter += 1;
  return { id: `s${counter}`, createdAt: at, status: 'graded', gradable: true, score, maxScore: 100, exerciseHash: 'h1', ...fields };
}

describe('countedScore', () => {
  it('counts nothing and says not started when there are no submissions', () => {
    const result = countedScore(assignment, []);
    expect(result).toMatchObject({ points: null, maxPoints: 10, counted: null, attempts: 0, lastActivityAt: null, status: 'not-started' });
  });

  it('scales the exercise score to the assignment points', () => {
    const result = countedScore(assignment, [graded(hours(-5), 75)]);
    expect(result.points).toBe(7.5);
    expect(result.counted).toMatchObject({ fraction: 0.75, late: false, daysLate: 0, lateFactor: 1 });
    expect(result.status).toBe('attempted');
  });

  it('takes the best counted submission under best scoring, the earliest on a tie', () => {
    const first = graded(hours(-10), 80);
    const result = countedScore(assignment, [graded(hours(-20), 40), first, graded(hours(-1), 80), graded(hours(-2), 60)]);
    expect(result.counted?.id).toBe(first.id);
    expect(result.points).toBe(8);
  });

  it('takes the newest counted submission under last scoring, even when it is worse', () => {
    const last = graded(hours(-1), 30);
    const result = countedScore({ ...assignment, scoring: 'last' }, [graded(hours(-10), 100), last]);
    expect(result.counted?.id).toBe(last.id);
    expect(result.points).toBe(3);
    expect(result.status).toBe('passed');
  });

  it('takes a percentage off per started day late', () => {
    expect(countedScore(assignment, [graded(hours(1), 100)]).points).toBe(8);
    expect(countedScore(assignment, [graded(hours(25), 100)]).points).toBe(6);
    const result = countedScore(assignment, [graded(hours(0.0003), 50)]);
    expect(result.counted).toMatchObject({ late: true, daysLate: 1, lateFactor: 0.8, points: 4 });
  });

  it('never takes off more than the whole score', () => {
    expect(lateFactor({ latePolicy: 'percent-per-day', latePercent: 40 }, 5)).toBe(0);
  });

  it('keeps a fixed share of a late score under fixed credit', () => {
    const fixed = { ...assignment, latePolicy: 'fixed-credit', latePercent: 50 };
    expect(countedScore(fixed, [graded(hours(70), 100)]).points).toBe(5);
    expect(countedScore(fixed, [graded(hours(-1), 100)]).points).toBe(10);
  });

  it('prefers an on-time score to a better late one when the penalty makes it worth less', () => {
    const onTime = graded(hours(-1), 70);
    const result = countedScore(assignment, [onTime, graded(hours(30), 80)]);
    expect(result.counted?.id).toBe(onTime.id);
  });

  it('does not count submissions before the opening or after the late-until date', () => {
    const result = countedScore(assignment, [graded(new Date('2026-11-19T00:00:00Z'), 100), graded(hours(73), 100)]);
    expect(result.points).toBeNull();
    expect(result.attempts).toBe(0);
    expect(result.status).toBe('attempted');
    expect(result.lastActivityAt).toEqual(hours(73));
  });

  it('does not count late submissions when the assignment takes none', () => {
    const strict = { ...assignment, lateUntil: null };
    expect(countedScore(strict, [graded(hours(0.5), 100)]).points).toBeNull();
  });

  it('does not count a submission that could not run, nor one still being graded, as an attempt or a score', () => {
    const result = countedScore(assignment, [
      graded(hours(-3), 0, { gradable: false, score: 0 }),
      graded(hours(-2), 0, { status: 'queued', gradable: null, score: null, maxScore: null }),
    ]);
    expect(result).toMatchObject({ points: null, attempts: 0, status: 'attempted' });
  });

  it('moves the due and late-until dates with an extension', () => {
    const extension = { dueAt: hours(48), lateUntil: null };
    const result = countedScore(assignment, [graded(hours(47), 100)], { extension });
    expect(result.counted).toMatchObject({ late: false, points: 10 });
    expect(result.deadlines).toMatchObject({ dueAt: hours(48), closesAt: hours(48), extended: true });
    expect(countedScore(assignment, [graded(hours(49), 100)], { extension }).points).toBeNull();
  });

  it('replaces the computed score with an override and keeps the reason', () => {
    const result = countedScore(assignment, [graded(hours(-1), 100)], { override: { score: 4.5, reason: 'copied code' } });
    expect(result).toMatchObject({ points: 4.5, counted: null, override: { reason: 'copied code' }, status: 'passed' });
  });
});

describe('phaseAt', () => {
  it('places moments before opening, before the due date, in the late period and after it', () => {
    const deadlines = deadlinesFor(assignment);
    expect(phaseAt(deadlines, new Date('2026-11-01T00:00:00Z'))).toBe('not-open');
    expect(phaseAt(deadlines, hours(-1))).toBe('open');
    expect(phaseAt(deadlines, due)).toBe('open');
    expect(phaseAt(deadlines, hours(1))).toBe('late');
    expect(phaseAt(deadlines, hours(100))).toBe('closed');
  });
});
