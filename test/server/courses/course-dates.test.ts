import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCourseDate, instantToZonedLocal, isValidTimeZone, offsetMsAt, zonedLocalToInstant } from '../../../server/courses/course-dates.js';

const HOUR_MS = 3_600_000;

describe('zonedLocalToInstant', () => {
  it('reads a winter and a summer time in Madrid with their own offsets', () => {
    expect(zonedLocalToInstant('2026-01-15T09:00', 'Europe/Madrid')?.toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedLocalToInstant('2026-07-15T09:00', 'Europe/Madrid')?.toISOString()).toBe('2026-07-15T07:00:00.000Z');
  });

  it('reads the times either side of the spring-forward change in Madrid (2026-03-29, 02:00 → 03:00)', () => {
    expect(zonedLocalToInstant('2026-03-29T01:59', 'Europe/Madrid')?.toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(zonedLocalToInstant('2026-03-29T03:00', 'Europe/Madrid')?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('moves a time skipped by the spring-forward change forward by the gap', () => {
    const instant = zonedLocalToInstant('2026-03-29T02:30', 'Europe/Madrid')!;
    expect(instant.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(instantToZonedLocal(instant, 'Europe/Madrid')).toBe('2026-03-29T03:30');
    expect(zonedLocalToInstant('2026-03-08T02:30', 'America/New_York')?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('takes a time that happens twice at the fall-back change at its first occurrence', () => {
    // 02:30 on 2026-10-25 in Madrid is first 00:30Z (summer time), then 01:30Z (winter time).
    expect(zonedLocalToInstant('2026-10-25T02:30', 'Europe/Madrid')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedLocalToInstant('2026-11-01T01:30', 'America/New_York')?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('keeps a deadline the same wall-clock time on both sides of a change, 23 hours apart', () => {
    const before = zonedLocalToInstant('2026-03-28T23:59', 'Europe/Madrid')!;
    const after = zonedLocalToInstant('2026-03-29T23:59', 'Europe/Madrid')!;
    expect(after.getTime() - before.getTime()).toBe(23 * HOUR_MS);
  });

  it('handles zones with half-hour offsets and half-hour changes', () => {
    expect(zonedLocalToInstant('2026-01-01T00:00', 'Asia/Kolkata')?.toISOString()).toBe('2025-12-31T18:30:00.000Z');
    // Lord Howe Island goes back from +11:00 to +10:30 at 02:00 on 2026-04-05.
    expect(zonedLocalToInstant('2026-04-05T01:45', 'Australia/Lord_Howe')?.toISOString()).toBe('2026-04-04T14:45:00.000Z');
  });

  it.each(['', '2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01 10:00:00', 'tomorrow'])('refuses %j', (text) => {
    expect(zonedLocalToInstant(text, 'UTC')).toBeNull();
  });

  it('gives back the wall-clock time it was given, for any time that exists once', () => {
    const zones = ['Europe/Madrid', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC', 'America/Santiago'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const instant = new Date(Math.floor(ms / 60_000) * 60_000);
        const local = instantToZonedLocal(instant, zone);
        const back = zonedLocalToInstant(local, zone)!;
        // At a fall-back change the local time names two instants and the earlier is chosen.
        expect(back.getTime() === instant.getTime() || instantToZonedLocal(back, zone) === local).toBe(true);
        expect(back.getTime()).toBeLessThanOrEqual(instant.getTime());
      }),
    );
  });
});

describe('offsetMsAt', () => {
  it('is +1 h in Madrid in winter and +2 h in summer', () => {
    expect(offsetMsAt(Date.UTC(2026, 0, 1), 'Europe/Madrid')).toBe(HOUR_MS);
    expect(offsetMsAt(Date.UTC(2026, 6, 1), 'Europe/Madrid')).toBe(2 * HOUR_MS);
  });
});

describe('isValidTimeZone', () => {
  it('knows IANA names and refuses others', () => {
    expect(isValidTimeZone('Europe/Madrid')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(' UTC')).toBe(false);
  });
});

describe('formatCourseDate', () => {
  it('shows the wall-clock time with the zone, and nothing for no date', () => {
    expect(formatCourseDate(new Date('2026-03-30T21:59:00Z'), 'Europe/Madrid')).toBe('2026-03-30 23:59 (Europe/Madrid)');
    expect(formatCourseDate(null, 'UTC')).toBe('');
  });
});
