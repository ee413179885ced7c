/**
 * How a student's submissions to an assignment become the one score the gradebook counts: the
 * assignment's window (with the student's extension), the late policy, best-or-last scoring and a
 * manual override. Pure: the routes load the rows, this decides. The course home, the gradebook,
 * its CSV export and the submission page all count through here, so they never disagree.
 */

export type LatePolicy = 'none' | 'percent-per-day' | 'fixed-credit';
export type Scoring = 'best' | 'last';
export type AssignmentStatus = 'not-started' | 'attempted' | 'passed';

/** Where a moment falls in an assignment's window. */
export type AssignmentPhase = 'not-open' | 'open' | 'late' | 'closed';

export interface AssignmentRules {
  points: number;
  opensAt: Date | null;
  dueAt: Date;
  lateUntil: Date | null;
  latePolicy: string;
  /** percent-per-day: percent taken off per started day late; fixed-credit: percent of the score kept. */
  latePercent: number;
  scoring: string;
}

export interface ExtensionRules {
  dueAt: Date;
  lateUntil: Date | null;
}

export interface OverrideRules {
  score: number;
  reason: string;
}

export interface SubmissionForScore {
  id: string;
  createdAt: Date;
  status: string;
  gradable: boolean | null;
  score: number | null;
  maxScore: number | null;
  exerciseHash: string | null;
}

export interface Deadlines {
  opensAt: Date | null;
  dueAt: Date;
  /** The last moment a submission counts: lateUntil, or dueAt when late submissions are not taken. */
  closesAt: Date;
  extended: boolean;
}

export interface CountedSubmission {
  id: string;
  /** The score the harness gave, as a fraction of the exercise's maximum. */
  fraction: number;
  /** Points towards the assignment after the late penalty. */
  points: number;
  late: boolean;
  /** Started days after the due date (0 when on time). */
  daysLate: number;
  /** What the late policy kept: 1 on time. */
  lateFactor: number;
  exerciseHash: string | null;
}

export interface CountedScore {
  /** The points the gradebook counts, out of maxPoints; null when nothing counts yet. */
  points: number | null;
  maxPoints: number;
  /** The submission the points come from; null with an override or when nothing counts. */
  counted: CountedSubmission | null;
  override: OverrideRules | null;
  /** Gradable submissions in the window (a syntax error is not an attempt). */
  attempts: number;
  lastActivityAt: Date | null;
  status: AssignmentStatus;
  deadlines: Deadlines;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function latePolicyOf(value: string): LatePolicy {
  return value === 'percent-per-day' || value === 'fixed-credit' ? value : 'none';
}

export function scoringOf(value: string): Scoring {
  return value === 'last' ? 'last' : 'best';
}

/** The assignment's dates for one student: an extension replaces the due and late-until dates. */
export function deadlinesFor(assignment: AssignmentRules, extension: ExtensionRules | null = null): Deadlines {
  const dueAt = extension?.dueAt ?? assignment.dueAt;
  const lateUntil = extension ? extension.lateUntil : assignment.lateUntil;
  const closesAt = lateUntil && lateUntil > dueAt ? lateUntil : dueAt;
  return { opensAt: assignment.opensAt, dueAt, closesAt, extended: extension !== null };
}

export function phaseAt(deadlines: Deadlines, now: Date): AssignmentPhase {
  if (deadlines.opensAt && now < deadlines.opensAt) return 'not-open';
  if (now <= deadlines.dueAt) return 'open';
  if (now <= deadlines.closesAt) return 'late';
  return 'closed';
}

/** Whether a submission made at `at` counts at all: inside the window, late period included. */
export function countsAt(deadlines: Deadlines, at: Date): boolean {
  const phase = phaseAt(deadlines, at);
  return phase === 'open' || phase === 'late';
}

/** The share of a late submission's score the policy keeps, from 0 to 1. */
export function lateFactor(assignment: Pick<AssignmentRules, 'latePolicy' | 'latePercent'>, daysLate: number): number {
  if (daysLate <= 0) return 1;
  const percent = Math.min(Math.max(assignment.latePercent, 0), 100);
  switch (latePolicyOf(assignment.latePolicy)) {
    case 'percent-per-day':
      return Math.max(0, 1 - (percent / 100) * daysLate);
    case 'fixed-credit':
      return percent / 100;
    case 'none':
      return 1;
  }
}

/** Started days after the due date: one second late is one day late. */
export function daysLateAt(deadlines: Deadlines, at: Date): number {
  const late = at.getTime() - deadlines.dueAt.getTime();
  return late <= 0 ? 0 : Math.ceil(late / DAY_MS);
}

function roundPoints(points: number): number {
  return Math.round(points * 100) / 100;
}

function countSubmission(assignment: AssignmentRules, deadlines: Deadlines, submission: SubmissionForScore): CountedSubmission | null {
  if (submission.status !== 'graded' || submission.gradable !== true) return null;
  if (submission.score === null || !submission.maxScore) return null;
  if (!countsAt(deadlines, submission.createdAt)) return null;
  const fraction = Math.min(Math.max(submission.score / submission.maxScore, 0), 1);
  const daysLate = daysLateAt(deadlines, submission.createdAt);
  const factor = lateFactor(assignment, daysLate);
  return {
    id: submission.id,
    fraction,
    points: roundPoints(fraction * factor * assignment.points),
    late: daysLate > 0,
    daysLate,
    lateFactor: factor,
    exerciseHash: submission.exerciseHash,
  };
}

/**
 * The score that counts for one student on one assignment. Submissions outside the window, still
 * being graded, or that could not run do not count; of the rest, `best` takes the most points
 * (the earliest on a tie) and `last` the newest. An override replaces the result, not the record.
 */
export function countedScore(
  assignment: AssignmentRules,
  submissions: readonly SubmissionForScore[],
  options: { extension?: ExtensionRules | null; override?: OverrideRules | null } = {},
): CountedScore {
  const deadlines = deadlinesFor(assignment, options.extension ?? null);
  const inWindow = submissions
    .filter((submission) => !(deadlines.opensAt && submission.createdAt < deadlines.opensAt))
    .slice()
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const countable = inWindow.map((submission) => countSubmission(assignment, deadlines, submission)).filter((c) => c !== null);

  let counted: CountedSubmission | null = null;
  if (scoringOf(assignment.scoring) === 'last') {
    counted = countable.at(-1) ?? null;
  } else {
    for (const candidate of countable) if (!counted || candidate.points > counted.points) counted = candidate;
  }

  const attempts = inWindow.filter((submission) => submission.gradable === true && countsAt(deadlines, submission.createdAt)).length;
  const passed = countable.some((candidate) => candidate.fraction === 1);
  const override = options.override ?? null;
  return {
    points: override ? roundPoints(override.score) : (counted?.points ?? null),
    maxPoints: assignment.points,
    counted: override ? null : counted,
    override,
    attempts,
    lastActivityAt: inWindow.at(-1)?.createdAt ?? null,
    status: passed ? 'passed' : inWindow.length > 0 ? 'attempted' : 'not-started',
    deadlines,
  };
}
