/**
 * How long a student has, in words: "due in 2 days 3 hours", "late period: ends in 5 hours",
 * "closed". Two units are enough to plan an evening; seconds would only make the page look busy
 * and stale a moment after it loads.
 */
import { phaseAt, type AssignmentPhase, type Deadlines } from '../grades/counted-score.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function unit(count: number, name: string): string {
  return `${count} ${name}${count === 1 ? '' : 's'}`;
}

/**
 * A duration as its two largest units, rounded down: "2 days 3 hours", "5 hours", "1 hour 20
 * minutes", "12 minutes"; under a minute, "less than a minute". A zero second unit is left out.
 */
export function durationText(ms: number): string {
  if (ms < MINUTE_MS) return 'less than a minute';
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((ms % HOUR_MS) / MINUTE_MS);
  if (days > 0) return hours > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0) return minutes > 0 ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour');
  return unit(minutes, 'minute');
}

export interface TimeLeft {
  phase: AssignmentPhase;
  /** The sentence for the page. */
  text: string;
}

/** Where `now` falls in the student's window, and the time to its next edge in words. */
export function timeLeft(deadlines: Deadlines, now: Date): TimeLeft {
  const phase = phaseAt(deadlines, now);
  const until = (edge: Date) => durationText(edge.getTime() - now.getTime());
  switch (phase) {
    case 'not-open':
      return { phase, text: `opens in ${until(deadlines.opensAt!)}` };
    case 'open':
      return { phase, text: `due in ${until(deadlines.dueAt)}` };
    case 'late':
      return { phase, text: `late period: ends in ${until(deadlines.closesAt)}` };
    case 'closed':
      return { phase, text: 'closed' };
  }
}
