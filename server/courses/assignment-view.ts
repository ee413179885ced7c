/**
 * A student's assignments as the course home, the exercise page, the submission page and the API
 * show them: dates in the course's time zone (the student's extended ones when they have an
 * extension), time left, the late policy and best-or-last scoring in words, and the counted score.
 * Every score comes from `countedScore` (server/grades/counted-score.ts); this file only loads
 * the rows and puts the answers into words.
 */
import type { PrismaClient } from '../db/generated/client.js';
import {
  countedScore,
  countsAt,
  deadlinesFor,
  latePolicyOf,
  scoringOf,
  type AssignmentPhase,
  type AssignmentRules,
  type AssignmentStatus,
  type ExtensionRules,
  type LatePolicy,
  type OverrideRules,
  type Scoring,
  type SubmissionForScore,
} from '../grades/counted-score.js';
import { formatCourseDate } from './course-dates.js';
import { timeLeft } from './time-left.js';

/** One assignment with what belongs to one student: their extension, override and submissions. */
export interface StudentAssignment {
  rules: AssignmentRules & { submissionsPerHour: number | null };
  course: { slug: string; title: string; timeZone: string };
  exercise: { id: string; slug: string; title: string };
  extension: ExtensionRules | null;
  override: OverrideRules | null;
  submissions: SubmissionForScore[];
}

const SUBMISSION_FIELDS = { id: true, createdAt: true, status: true, gradable: true, score: true, maxScore: true, exerciseHash: true, exerciseId: true } as const;

/**
 * The assignments `userId` has: those of one course (`courseId`, any member), or those of one
 * exercise in every course where the user is a student (`exerciseId`). Soonest due first.
 */
export async function loadStudentAssignments(
  db: PrismaClient,
  userId: string,
  where: { courseId: string } | { exerciseId: string },
): Promise<StudentAssignment[]> {
  const rows = await db.assignment.findMany({
    where: 'courseId' in where ? { courseId: where.courseId } : { exerciseId: where.exerciseId, course: { enrollments: { some: { userId, role: 'student' } } } },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    include: {
      course: { select: { slug: true, title: true, timeZone: true } },
      exercise: { select: { id: true, slug: true, title: true } },
      extensions: { where: { userId }, select: { dueAt: true, lateUntil: true } },
      overrides: { where: { userId }, select: { score: true, reason: true } },
    },
  });
  const exerciseIds = [...new Set(rows.map((row) => row.exerciseId))];
  const submissions = exerciseIds.length === 0 ? [] : await db.submission.findMany({ where: { userId, exerciseId: { in: exerciseIds } }, select: SUBMISSION_FIELDS });
  return rows.map((row) => ({
    rules: row,
    course: row.course,
    exercise: row.exercise,
    extension: row.extensions[0] ?? null,
    override: row.overrides[0] ?? null,
    submissions: submissions.filter((submission) => submission.exerciseId === row.exerciseId),
  }));
}

export interface AssignmentView {
  course: { slug: string; title: string; timeZone: string };
  exercise: { slug: string; title: string };
  /** Dates as the course shows them, the student's extension applied. */
  dates: { opensAt: string | null; dueAt: string; lateUntil: string | null };
  /** The same moments as ISO 8601 instants, for scripts and <time datetime>. */
  instants: { opensAt: string | null; dueAt: string; lateUntil: string | null };
  /** Set when an extension moved the dates: the course's own due date. */
  extendedFrom: string | null;
  phase: AssignmentPhase;
  timeLeft: string;
  latePolicy: LatePolicy;
  latePercent: number;
  latePolicyText: string;
  scoring: Scoring;
  scoringText: string;
  submissionsPerHour: number | null;
  /** Points counted so far (null: nothing counts yet), out of maxPoints. */
  points: number | null;
  maxPoints: number;
  overridden: boolean;
  attempts: number;
  status: AssignmentStatus;
  statusLabel: string;
  /** What a submission sent now does, when the window is not open: one sentence. */
  windowNote: string | null;
}

const STATUS_LABELS: Record<AssignmentStatus, string> = { 'not-started': 'not started', attempted: 'attempted', passed: 'passed' };

function percentText(value: number): string {
  return `${Math.round(value * 100) / 100}%`;
}

/** The late policy as a sentence; `lateUntil` is already formatted, null when late work is not taken. */
export function latePolicyText(policy: LatePolicy, latePercent: number, lateUntil: string | null): string {
  if (lateUntil === null) return 'No late submissions: after the due date, submissions are graded as practice and do not count.';
  const percent = percentText(Math.min(Math.max(latePercent, 0), 100));
  switch (policy) {
    case 'percent-per-day':
      return `Late submissions count until ${lateUntil}, with ${percent} off for each started day late.`;
    case 'fixed-credit':
      return `Late submissions count until ${lateUntil}, for ${percent} of their score.`;
    case 'none':
      return `Late submissions count in full until ${lateUntil}.`;
  }
}

export function scoringText(scoring: Scoring): string {
  return scoring === 'last' ? 'Your last counted submission gives the grade.' : 'Your best counted submission gives the grade.';
}

function windowNote(phase: AssignmentPhase, opensAt: string | null): string | null {
  if (phase === 'not-open') return `Not open yet: submissions before ${opensAt} are graded as practice and do not count.`;
  if (phase === 'closed') return 'Closed: submissions are still graded, as practice, but they no longer count.';
  return null;
}

export function assignmentView(assignment: StudentAssignment, now: Date): AssignmentView {
  const { rules, course } = assignment;
  const score = countedScore(rules, assignment.submissions, { extension: assignment.extension, override: assignment.override });
  const { deadlines } = score;
  const zone = course.timeZone;
  const lateUntil = deadlines.closesAt > deadlines.dueAt ? deadlines.closesAt : null;
  const dates = { opensAt: deadlines.opensAt ? formatCourseDate(deadlines.opensAt, zone) : null, dueAt: formatCourseDate(deadlines.dueAt, zone), lateUntil: lateUntil ? formatCourseDate(lateUntil, zone) : null };
  const left = timeLeft(deadlines, now);
  const policy = latePolicyOf(rules.latePolicy);
  const scoring = scoringOf(rules.scoring);
  return {
    course,
    exercise: { slug: assignment.exercise.slug, title: assignment.exercise.title },
    dates,
    instants: { opensAt: deadlines.opensAt?.toISOString() ?? null, dueAt: deadlines.dueAt.toISOString(), lateUntil: lateUntil?.toISOString() ?? null },
    extendedFrom: deadlines.extended ? formatCourseDate(rules.dueAt, zone) : null,
    phase: left.phase,
    timeLeft: left.text,
    latePolicy: policy,
    latePercent: rules.latePercent,
    latePolicyText: latePolicyText(policy, rules.latePercent, dates.lateUntil),
    scoring,
    scoringText: scoringText(scoring),
    submissionsPerHour: rules.submissionsPerHour,
    points: score.points,
    maxPoints: score.maxPoints,
    overridden: score.override !== null,
    attempts: score.attempts,
    status: score.status,
    statusLabel: STATUS_LABELS[score.status],
    windowNote: windowNote(left.phase, dates.opensAt),
  };
}

/**
 * Whether a student may see the `after-due` tests of an exercise in full: it is assigned in at
 * least one of their courses, and every such assignment's due date (their extension applied) has
 * passed. An exercise assigned nowhere keeps them hidden.
 */
export function isAfterDue(assignments: readonly StudentAssignment[], now: Date): boolean {
  return assignments.length > 0 && assignments.every((assignment) => now > deadlinesFor(assignment.rules, assignment.extension).dueAt);
}

export type CountVerdict = 'pending' | 'not-graded' | 'not-an-attempt' | 'outside-window' | 'overridden' | 'counts' | 'superseded';

/** How one submission counts towards one assignment. */
export interface SubmissionCount {
  course: { slug: string; title: string };
  verdict: CountVerdict;
  /** One sentence for the page. */
  text: string;
  /** Points this submission earns towards the grade (0 when another one counts), null when it cannot count. */
  points: number | null;
  maxPoints: number;
  /** Set for a counted submission sent after the due date. */
  late: { daysLate: number; penaltyPercent: number } | null;
}

/** The share of a late score the policy takes, as a whole percent. */
function penaltyPercent(factor: number): number {
  return Math.round((1 - factor) * 10000) / 100;
}

/** The words for one submission's place in one assignment, decided by `countedScore`. */
export function howSubmissionCounts(submission: SubmissionForScore, assignment: StudentAssignment): SubmissionCount {
  const { rules, course } = assignment;
  const base = { course: { slug: course.slug, title: course.title }, maxPoints: rules.points, late: null };
  if (submission.status === 'queued' || submission.status === 'grading') return { ...base, verdict: 'pending', text: 'Still being graded.', points: null };
  if (submission.status !== 'graded') return { ...base, verdict: 'not-graded', text: 'Could not be graded, so it does not count.', points: null };
  if (submission.gradable !== true) {
    return { ...base, verdict: 'not-an-attempt', text: 'Does not count: the code could not run (a syntax error or a missing export), so it is not an attempt and costs you nothing.', points: null };
  }
  const deadlines = deadlinesFor(rules, assignment.extension);
  if (!countsAt(deadlines, submission.createdAt)) {
    const zone = course.timeZone;
    const text =
      deadlines.opensAt && submission.createdAt < deadlines.opensAt
        ? `Does not count: sent before the assignment opened (${formatCourseDate(deadlines.opensAt, zone)}).`
        : `Does not count: sent after ${formatCourseDate(deadlines.closesAt, zone)}, when the assignment closed. It was graded as practice.`;
    return { ...base, verdict: 'outside-window', text, points: null };
  }
  const own = countedScore(rules, [submission], { extension: assignment.extension }).counted;
  const all = countedScore(rules, assignment.submissions, { extension: assignment.extension, override: assignment.override });
  const late = own && own.late ? { daysLate: own.daysLate, penaltyPercent: penaltyPercent(own.lateFactor) } : null;
  const lateText = late ? ` Sent ${late.daysLate} day${late.daysLate === 1 ? '' : 's'} late: ${percentText(late.penaltyPercent)} off.` : '';
  if (all.override) {
    return { ...base, late, verdict: 'overridden', text: `Your instructor set your grade for this assignment: ${all.points} / ${rules.points} points.`, points: 0 };
  }
  if (own && all.counted?.id === submission.id) {
    return { ...base, late, verdict: 'counts', text: `This is the submission that counts: ${own.points} / ${rules.points} points.${lateText}`, points: own.points };
  }
  const winner = all.counted ? ` (${all.counted.points} / ${rules.points} points)` : '';
  const text =
    scoringOf(rules.scoring) === 'last'
      ? `Superseded: your last submission counts${winner}.${lateText}`
      : `Superseded: your best submission counts${winner}; this one would earn ${own?.points ?? 0}.${lateText}`;
  return { ...base, late, verdict: 'superseded', text, points: 0 };
}

export interface SubmissionStanding {
  /** Whether the submission's `after-due` tests may be shown in full to its author. */
  afterDue: boolean;
  /** How it counts in each of the author's courses that assign its exercise. */
  counts: SubmissionCount[];
}

/** What the submission page and the API say about a submission to its author. */
export async function submissionStanding(
  db: PrismaClient,
  submission: SubmissionForScore & { userId: string; exerciseId: string },
  now: Date,
): Promise<SubmissionStanding> {
  const assignments = await loadStudentAssignments(db, submission.userId, { exerciseId: submission.exerciseId });
  return { afterDue: isAfterDue(assignments, now), counts: assignments.map((assignment) => howSubmissionCounts(submission, assignment)) };
}
