/**
 * The numbers behind an exercise's analytics page in one course: how the counted scores spread,
 * which test vectors students fail most, how many attempts a full score takes, and when students
 * submit before the deadline. Every student's score comes from the gradebook (`countedScore`);
 * per-test results come from the submission that counts for each student.
 */
import type { GradingResult, TestVisibility } from '../../harness/result-schema.js';
import type { PrismaClient } from '../db/generated/client.js';
import { countsAt } from '../grades/counted-score.js';
import { loadGradebook, type GradebookAssignment, type GradebookStudent } from './gradebook-rows.js';

export interface ScoreBin {
  /** "0–9%", …, "90–99%", "100%". */
  label: string;
  students: number;
}

export interface TestPassRate {
  id: string;
  name: string;
  rfc: string | null;
  visibility: TestVisibility;
  passed: number;
  total: number;
  /** passed / total, from 0 to 1. */
  rate: number;
}

export interface AttemptsBin {
  /** "1", "2", …, "10+" attempts, or "not yet". */
  label: string;
  students: number;
}

export interface TimeBucket {
  /** Course-local "YYYY-MM-DD" or "YYYY-MM-DD HH:00". */
  label: string;
  submissions: number;
}

export interface ExerciseAnalytics {
  assignment: GradebookAssignment;
  students: number;
  scoreDistribution: { bins: ScoreBin[]; withoutScore: number };
  testPassRates: TestPassRate[];
  attemptsUntilFullScore: AttemptsBin[];
  submissionsOverTime: { granularity: 'hour' | 'day'; buckets: TimeBucket[]; afterDeadline: number };
}

export interface SubmissionForAnalytics {
  id: string;
  userId: string;
  createdAt: Date;
  status: string;
  gradable: boolean | null;
  score: number | null;
  maxScore: number | null;
}

const ATTEMPTS_CAP = 10;
const HOUR_MS = 60 * 60 * 1000;
/** Up to this span between the first submission and the deadline, submissions are counted per hour. */
const HOURLY_SPAN_MS = 72 * HOUR_MS;
/** The time chart reaches back at most this far before the deadline. */
const TIME_CHART_MAX_MS = 180 * 24 * HOUR_MS;

export function scoreDistribution(points: (number | null)[], maxPoints: number): ExerciseAnalytics['scoreDistribution'] {
  const bins: ScoreBin[] = [...Array.from({ length: 10 }, (_, i) => ({ label: `${i * 10}–${i * 10 + 9}%`, students: 0 })), { label: '100%', students: 0 }];
  let withoutScore = 0;
  for (const value of points) {
    if (value === null) {
      withoutScore += 1;
      continue;
    }
    const fraction = maxPoints > 0 ? Math.min(Math.max(value / maxPoints, 0), 1) : 0;
    // Only a full score lands in "100%"; 99.9% is still "90–99%".
    bins[fraction >= 1 ? 10 : Math.floor(fraction * 10)]!.students += 1;
  }
  return { bins, withoutScore };
}

/** Pass rate of every test over the given results, the most failed first. */
export function testPassRates(results: GradingResult[]): TestPassRate[] {
  const byId = new Map<string, TestPassRate>();
  for (const result of results) {
    for (const test of result.tests) {
      const entry = byId.get(test.id) ?? { id: test.id, name: test.name, rfc: test.rfc ?? null, visibility: test.visibility, passed: 0, total: 0, rate: 0 };
      entry.total += 1;
      if (test.status === 'passed') entry.passed += 1;
      byId.set(test.id, entry);
    }
  }
  return [...byId.values()]
    .map((entry) => ({ ...entry, rate: entry.total === 0 ? 0 : entry.passed / entry.total }))
    .sort((a, b) => a.rate - b.rate || a.name.localeCompare(b.name, 'en'));
}

/**
 * For each student, the number of attempts (gradable submissions in the window, as the gradebook
 * counts them) up to and including the first full score.
 */
export function attemptsUntilFullScore(students: GradebookStudent[], assignmentIndex: number, submissions: SubmissionForAnalytics[]): AttemptsBin[] {
  const counts = new Map<string, number>();
  const bump = (label: string) => counts.set(label, (counts.get(label) ?? 0) + 1);
  for (const student of students) {
    const deadlines = student.cells[assignmentIndex]!.score.deadlines;
    const attempts = submissions
      .filter((submission) => submission.userId === student.userId && submission.gradable === true && countsAt(deadlines, submission.createdAt))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const first = attempts.findIndex((submission) => submission.status === 'graded' && submission.maxScore !== null && submission.maxScore > 0 && submission.score === submission.maxScore);
    if (first < 0) bump('not yet');
    else bump(first + 1 >= ATTEMPTS_CAP ? `${ATTEMPTS_CAP}+` : String(first + 1));
  }
  const labels = [...Array.from({ length: ATTEMPTS_CAP - 1 }, (_, i) => String(i + 1)), `${ATTEMPTS_CAP}+`, 'not yet'];
  return labels.map((label) => ({ label, students: counts.get(label) ?? 0 }));
}

function localKey(at: Date, timeZone: string, granularity: 'hour' | 'day'): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return granularity === 'day' ? day : `${day} ${parts.hour}:00`;
}

/** Submissions per hour or per day (in the course's time zone) from the first one to the deadline, empty buckets included. */
export function submissionsOverTime(createdAt: Date[], dueAt: Date, timeZone: string): ExerciseAnalytics['submissionsOverTime'] {
  const before = createdAt.filter((at) => at <= dueAt);
  const afterDeadline = createdAt.length - before.length;
  if (before.length === 0) return { granularity: 'day', buckets: [], afterDeadline };
  const first = new Date(Math.max(Math.min(...before.map((at) => at.getTime())), dueAt.getTime() - TIME_CHART_MAX_MS));
  const granularity = dueAt.getTime() - first.getTime() <= HOURLY_SPAN_MS ? 'hour' : 'day';
  const counts = new Map<string, number>();
  // Walking hour by hour and keeping each new key fills the empty buckets and follows daylight saving changes.
  for (let at = Math.floor(first.getTime() / HOUR_MS) * HOUR_MS; at <= dueAt.getTime(); at += HOUR_MS) counts.set(localKey(new Date(at), timeZone, granularity), 0);
  for (const at of before) {
    const key = localKey(at < first ? first : at, timeZone, granularity);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { granularity, buckets: [...counts].map(([label, submissions]) => ({ label, submissions })), afterDeadline };
}

/** The analytics of one assigned exercise; null when the exercise is not assigned in the course. */
export async function loadExerciseAnalytics(db: PrismaClient, course: { id: string; timeZone: string }, exerciseSlug: string): Promise<ExerciseAnalytics | null> {
  const gradebook = await loadGradebook(db, course.id);
  const index = gradebook.assignments.findIndex((assignment) => assignment.exerciseSlug === exerciseSlug);
  if (index < 0) return null;
  const assignment = gradebook.assignments[index]!;
  const students = gradebook.students;
  const submissions = await db.submission.findMany({
    where: { exerciseId: assignment.exerciseId, userId: { in: students.map((student) => student.userId) } },
    select: { id: true, userId: true, createdAt: true, status: true, gradable: true, score: true, maxScore: true },
  });
  const countedIds = students.map((student) => student.cells[index]!.score.counted?.id).filter((id) => id !== undefined);
  const countedRows = await db.submission.findMany({ where: { id: { in: countedIds } }, select: { resultJson: true } });
  const results = countedRows.flatMap((row) => (row.resultJson === null ? [] : [JSON.parse(row.resultJson) as GradingResult]));

  return {
    assignment,
    students: students.length,
    scoreDistribution: scoreDistribution(students.map((student) => student.cells[index]!.score.points), assignment.rules.points),
    testPassRates: testPassRates(results),
    attemptsUntilFullScore: attemptsUntilFullScore(students, index, submissions),
    submissionsOverTime: submissionsOverTime(submissions.map((submission) => submission.createdAt), assignment.rules.dueAt, course.timeZone),
  };
}
