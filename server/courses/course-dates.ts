/**
 * Dates as a course shows and takes them: wall-clock times in the course's IANA time zone, in
 * the `YYYY-MM-DDTHH:mm` form of `<input type="datetime-local">`. Stored dates are instants (UTC).
 *
 * Converting a wall-clock time to an instant needs the zone's offset at that instant, which
 * depends on the answer itself around a daylight-saving change. Two cases have no single answer:
 * - a time skipped when clocks go forward (02:30 on a spring-forward night in Europe) is moved
 *   forward by the length of the gap, as a clock that was not changed yet would read it;
 * - a time that happens twice when clocks go back is taken at its first occurrence (the earlier
 *   instant), so a deadline is never later than the instructor could have meant.
 * (These are the "compatible" rules of ECMAScript Temporal's disambiguation.)
 */

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const MINUTE_MS = 60_000;

/** Whether `Intl` knows the zone, e.g. "Europe/Madrid" or "UTC". */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '' || timeZone !== timeZone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(instantMs: number, timeZone: string): WallClock {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(instantMs)).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

function wallClockAsUtcMs(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

/** The zone's offset from UTC at an instant, in milliseconds (Madrid in summer: +2 h). */
export function offsetMsAt(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return wallClockAsUtcMs(wallClockAt(whole, timeZone)) - whole;
}

/**
 * The instant a wall-clock time `YYYY-MM-DDTHH:mm` in `timeZone` names, or null when the text is
 * not such a time (or names a day that does not exist, like February 30).
 */
export function zonedLocalToInstant(local: string, timeZone: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(local.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(asUtc).getUTCDate() !== day) return null;

  // The offsets in force a day either side cover every real zone's change (none moves by more than a day).
  const offsets = new Set([offsetMsAt(asUtc - 24 * 60 * MINUTE_MS, timeZone), offsetMsAt(asUtc + 24 * 60 * MINUTE_MS, timeZone)]);
  const candidates = [...offsets]
    .map((offset) => asUtc - offset)
    .filter((instant) => asUtc - offsetMsAt(instant, timeZone) === instant)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]!);

  // Skipped by a forward change: read with the offset from before the change, which lands the
  // same distance after the change as the time was after its start.
  const before = Math.min(...offsets);
  return new Date(asUtc - before);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The wall-clock time `YYYY-MM-DDTHH:mm` in `timeZone` at an instant (seconds dropped). */
export function instantToZonedLocal(instant: Date, timeZone: string): string {
  const clock = wallClockAt(instant.getTime(), timeZone);
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}T${pad(clock.hour)}:${pad(clock.minute)}`;
}

/** "2026-03-29 14:00 (Europe/Madrid)", for pages. */
export function formatCourseDate(instant: Date | null, timeZone: string): string {
  if (!instant) return '';
  return `${instantToZonedLocal(instant, timeZone).replace('T', ' ')} (${timeZone})`;
}
