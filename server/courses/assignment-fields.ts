/**
 * An assignment's fields as an instructor gives them, checked once for the form and the API. The
 * form takes wall-clock times in the course's time zone; the API takes ISO instants; both become
 * the same `AssignmentData`, or the first problem found, as a catalogue error.
 */
import { serviceError } from '../errors.js';
import { instantToZonedLocal, zonedLocalToInstant } from './course-dates.js';

export const LATE_POLICIES = ['none', 'percent-per-day', 'fixed-credit'] as const;
export const SCORINGS = ['best', 'last'] as const;
export const POINTS_MAX = 10_000;
export const SUBMISSIONS_PER_HOUR_MAX = 1000;

export interface AssignmentData {
  points: number;
  opensAt: Date | null;
  dueAt: Date;
  lateUntil: Date | null;
  latePolicy: (typeof LATE_POLICIES)[number];
  latePercent: number;
  submissionsPerHour: number | null;
  scoring: (typeof SCORINGS)[number];
}

/** The fields as typed: every value a string (a blank one means "not set"). */
export interface AssignmentInput {
  points: string;
  opensAt: string;
  dueAt: string;
  lateUntil: string;
  latePolicy: string;
  latePercent: string;
  submissionsPerHour: string;
  scoring: string;
}

/** Reads one date field; `label` words the error. */
export type DateReader = (text: string, label: string) => Date;

/** Form dates: wall-clock times in the course's zone. */
export function courseZoneDates(timeZone: string): DateReader {
  return (text, label) => {
    const instant = zonedLocalToInstant(text, timeZone);
    if (!instant) throw serviceError('NG_ERR_DATE_INVALID', label);
    return instant;
  };
}

/** API dates: RFC 3339 instants with an offset, e.g. 2026-03-30T23:59:00+02:00. */
export const isoDates: DateReader = (text, label) => {
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text) ? new Date(text) : null;
  if (!instant || Number.isNaN(instant.getTime())) throw serviceError('NG_ERR_DATE_INVALID', label);
  return instant;
};

function number(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text.trim());
}

export function parseAssignmentInput(input: AssignmentInput, readDate: DateReader): AssignmentData {
  const points = number(input.points);
  if (!Number.isFinite(points) || points <= 0 || points > POINTS_MAX) throw serviceError('NG_ERR_ASSIGNMENT_POINTS_INVALID');

  const opensAt = input.opensAt.trim() === '' ? null : readDate(input.opensAt, 'opening date');
  if (input.dueAt.trim() === '') throw serviceError('NG_ERR_DATE_INVALID', 'due date');
  const dueAt = readDate(input.dueAt, 'due date');
  const lateUntil = input.lateUntil.trim() === '' ? null : readDate(input.lateUntil, 'end of the late period');
  if (opensAt && dueAt <= opensAt) throw serviceError('NG_ERR_DUE_BEFORE_OPENS');
  if (lateUntil && lateUntil <= dueAt) throw serviceError('NG_ERR_LATE_BEFORE_DUE');

  const latePolicy = LATE_POLICIES.find((policy) => policy === input.latePolicy);
  if (!latePolicy) throw serviceError('NG_ERR_LATE_POLICY_INVALID');
  let latePercent = 0;
  if (latePolicy !== 'none') {
    latePercent = number(input.latePercent);
    if (!Number.isFinite(latePercent) || latePercent < 0 || latePercent > 100) throw serviceError('NG_ERR_LATE_PERCENT_RANGE');
  }

  let submissionsPerHour: number | null = null;
  if (input.submissionsPerHour.trim() !== '') {
    submissionsPerHour = number(input.submissionsPerHour);
    if (!Number.isInteger(submissionsPerHour) || submissionsPerHour < 1 || submissionsPerHour > SUBMISSIONS_PER_HOUR_MAX) throw serviceError('NG_ERR_SUBMISSIONS_PER_HOUR_INVALID');
  }

  const scoring = SCORINGS.find((value) => value === input.scoring);
  if (!scoring) throw serviceError('NG_ERR_SCORING_INVALID');

  return { points, opensAt, dueAt, lateUntil, latePolicy, latePercent, submissionsPerHour, scoring };
}

/** An assignment's fields as the form shows them, in the course's zone. */
export function assignmentFormValues(assignment: AssignmentData, timeZone: string): AssignmentInput {
  const local = (date: Date | null) => (date ? instantToZonedLocal(date, timeZone) : '');
  return {
    points: String(assignment.points),
    opensAt: local(assignment.opensAt),
    dueAt: local(assignment.dueAt),
    lateUntil: local(assignment.lateUntil),
    latePolicy: assignment.latePolicy,
    latePercent: String(assignment.latePercent),
    submissionsPerHour: assignment.submissionsPerHour === null ? '' : String(assignment.submissionsPerHour),
    scoring: assignment.scoring,
  };
}

/** A blank form: due a week from now at 23:59, 100 points, no late submissions. */
export function newAssignmentValues(timeZone: string, now = new Date()): AssignmentInput {
  const inAWeek = instantToZonedLocal(new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000), timeZone).slice(0, 10);
  return { points: '100', opensAt: '', dueAt: `${inAWeek}T23:59`, lateUntil: '', latePolicy: 'none', latePercent: '0', submissionsPerHour: '', scoring: 'best' };
}
