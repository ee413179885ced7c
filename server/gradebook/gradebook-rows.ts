/**
 * The gradebook of one course: every student (course role "student") against every assignment,
 * each cell counted by `countedScore` with the student's extension and override. The page, its CSV
 * export, the student page and the JSON API all read from here, so they always show the same numbers.
 */
import type { PrismaClient } from '../db/generated/client.js';
import { countedScore, type AssignmentRules, type CountedScore, type SubmissionForScore } from '../grades/counted-score.js';

/** How many hex digits of an exercise version a person is shown (like a short git hash). */
export const SHORT_HASH_LENGTH = 8;

export interface GradebookAssignment {
  id: string;
  exerciseId: string;
  exerciseSlug: string;
  exerciseTitle: string;
  /** The exercise's current contentHash. */
  currentHash: string;
  rules: AssignmentRules;
}

export interface GradebookCell {
  assignmentId: string;
  score: CountedScore;
  /** The short exercise version the counted submission was graded with; null when none counts. */
  countedVersion: string | null;
  /** Whether that version is the exercise's current one; null when no submission counts. */
  currentVersion: boolean | null;
}

export interface GradebookStudent {
  userId: string;
  name: string;
  email: string;
  studentNumber: string | null;
  cells: GradebookCell[];
  /** Sum of the counted points; assignments where nothing counts add nothing. */
  total: number;
  lastActivityAt: Date | null;
}

export interface Gradebook {
  assignments: GradebookAssignment[];
  students: GradebookStudent[];
  maxTotal: number;
}

export function shortHash(hash: string | null): string | null {
  return hash === null ? null : hash.slice(0, SHORT_HASH_LENGTH);
}

function roundPoints(points: number): number {
  return Math.round(points * 100) / 100;
}

/**
 * Loads and counts the gradebook of a course; with `userId`, only that student's row (the student
 * page), which is empty when the user is not a student of the course.
 */
export async function loadGradebook(db: PrismaClient, courseId: string, options: { userId?: string } = {}): Promise<Gradebook> {
  const assignmentRows = await db.assignment.findMany({
    where: { courseId },
    include: { exercise: { select: { slug: true, title: true, contentHash: true } } },
    orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }],
  });
  const assignments: GradebookAssignment[] = assignmentRows.map((row) => ({
    id: row.id,
    exerciseId: row.exerciseId,
    exerciseSlug: row.exercise.slug,
    exerciseTitle: row.exercise.title,
    currentHash: row.exercise.contentHash,
    rules: {
      points: row.points,
      opensAt: row.opensAt,
      dueAt: row.dueAt,
      lateUntil: row.lateUntil,
      latePolicy: row.latePolicy,
      latePercent: row.latePercent,
      scoring: row.scoring,
    },
  }));

  const enrollments = await db.enrollment.findMany({
    where: { courseId, role: 'student', ...(options.userId ? { userId: options.userId } : {}) },
    include: { user: { select: { id: true, name: true, email: true } } },
  });
  const userIds = enrollments.map((enrollment) => enrollment.userId);
  const assignmentIds = assignments.map((assignment) => assignment.id);

  const [submissions, extensions, overrides] = await Promise.all([
    db.submission.findMany({
      where: { userId: { in: userIds }, exerciseId: { in: assignments.map((assignment) => assignment.exerciseId) } },
      select: { id: true, userId: true, exerciseId: true, createdAt: true, status: true, gradable: true, score: true, maxScore: true, exerciseHash: true },
    }),
    db.extension.findMany({ where: { assignmentId: { in: assignmentIds }, userId: { in: userIds } } }),
    db.gradeOverride.findMany({ where: { assignmentId: { in: assignmentIds }, userId: { in: userIds } } }),
  ]);

  const submissionsOf = new Map<string, SubmissionForScore[]>();
  for (const submission of submissions) {
    const key = `${submission.userId}/${submission.exerciseId}`;
    const list = submissionsOf.get(key) ?? [];
    list.push(submission);
    submissionsOf.set(key, list);
  }
  const extensionOf = new Map(extensions.map((extension) => [`${extension.userId}/${extension.assignmentId}`, extension]));
  const overrideOf = new Map(overrides.map((override) => [`${override.userId}/${override.assignmentId}`, override]));

  const students = enrollments.map((enrollment): GradebookStudent => {
    const cells = assignments.map((assignment): GradebookCell => {
      const score = countedScore(assignment.rules, submissionsOf.get(`${enrollment.userId}/${assignment.exerciseId}`) ?? [], {
        extension: extensionOf.get(`${enrollment.userId}/${assignment.id}`) ?? null,
        override: overrideOf.get(`${enrollment.userId}/${assignment.id}`) ?? null,
      });
      const hash = score.counted?.exerciseHash ?? null;
      return {
        assignmentId: assignment.id,
        score,
        countedVersion: shortHash(hash),
        currentVersion: score.counted ? hash === assignment.currentHash : null,
      };
    });
    const activity = cells.map((cell) => cell.score.lastActivityAt).filter((at) => at !== null);
    return {
      userId: enrollment.userId,
      name: enrollment.user.name,
      email: enrollment.user.email,
      studentNumber: enrollment.studentNumber,
      cells,
      total: roundPoints(cells.reduce((sum, cell) => sum + (cell.score.points ?? 0), 0)),
      lastActivityAt: activity.length === 0 ? null : new Date(Math.max(...activity.map((at) => at.getTime()))),
    };
  });

  return { assignments, students, maxTotal: roundPoints(assignments.reduce((sum, assignment) => sum + assignment.rules.points, 0)) };
}
