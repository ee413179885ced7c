import { describe, expect, it } from 'vitest';
import { deadlinesFor } from '../../../server/grades/counted-score.js';
import { durationText, timeLeft } from '../../../server/courses/time-left.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('durationText', () => {
  it.each([
    [2 * DAY + 3 * HOUR + 59 * MINUTE, '2 days 3 hours'],
    [DAY, '1 day'],
    [DAY + 30 * MINUTE, '1 day'],
    [5 * HOUR, '5 hours'],
    [HOUR + MINUTE, '1 hour 1 minute'],
    [12 * MINUTE + 59_000, '12 minutes'],
    [59_999, 'less than a minute'],
    [0, 'less than a minute'],
  ])('words %i ms as "%s", its two largest units rounded down', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });
});

describe('timeLeft', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const rules = (fields: { opensAt?: Date | null; dueAt: Date; lateUntil?: Date | null }) =>
    deadlinesFor({ points: 10, opensAt: fields.opensAt ?? null, dueAt: fields.dueAt, lateUntil: fields.lateUntil ?? null, latePolicy: 'none', latePercent: 0, scoring: 'best' });

  it('counts down to the opening before the assignment opens', () => {
    expect(timeLeft(rules({ opensAt: new Date(now.getTime() + 2 * HOUR), dueAt: new Date(now.getTime() + 9 * DAY) }), now)).toEqual({ phase: 'not-open', text: 'opens in 2 hours' });
  });

  it('counts down to the due date while open, the due moment included', () => {
    expect(timeLeft(rules({ dueAt: new Date(now.getTime() + 2 * DAY + 3 * HOUR) }), now).text).toBe('due in 2 days 3 hours');
    expect(timeLeft(rules({ dueAt: now }), now)).toEqual({ phase: 'open', text: 'due in less than a minute' });
  });

  it('counts down to the late-until date in the late period', () => {
    expect(timeLeft(rules({ dueAt: new Date(now.getTime() - HOUR), lateUntil: new Date(now.getTime() + 5 * HOUR) }), now)).toEqual({ phase: 'late', text: 'late period: ends in 5 hours' });
  });

  it('says closed after the last moment a submission counts', () => {
    expect(timeLeft(rules({ dueAt: new Date(now.getTime() - HOUR) }), now)).toEqual({ phase: 'closed', text: 'closed' });
    expect(timeLeft(rules({ dueAt: new Date(now.getTime() - 2 * DAY), lateUntil: new Date(now.getTime() - DAY) }), now).text).toBe('closed');
  });
});
