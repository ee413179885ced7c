/**
 * A course with one assignment (http-request-parser, 10 points, due 2026-03-10 23:59 UTC, late
 * until 03-13 at 10% off per started day) and four students whose submissions carry results from
 * real gradings, so the gradebook, its exports and the analytics can be checked against numbers
 * worked out by hand:
 *
 * - Ada (S001): a wrong answer on 03-09 10:00, then a full score on 03-10 12:00 → 10 points.
 * - Bob (S002): a full score on 03-11 10:00, one day late, graded with an older exercise version → 9 points.
 * - "=Cleo" (S003): a wrong answer on 03-10 08:00 → the wrong answer's share of 10 points.
 * - Dan (no student id): nothing → no score.
 *
 * Staff: an instructor and a teaching assistant. Outsiders: a second course's instructor, whose
 * course has Ada as a student but does not assign the exercise.
 */
import type { FastifyInstance } from 'fastify';
import { loadExerciseCatalog } from '../../harness/exercises/catalog.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import type { GradingResult } from '../../harness/result-schema.js';
import { createCourse } from './accounts.js';
import { correctSolution, EXERCISE_SLUG, EXERCISES_DIR, wrongAnswerSolution } from './solutions.js';
import { createUser, type TestUser } from './test-app.js';

export const ASSIGNMENT_POINTS = 10;
export const DUE_AT = new Date('2026-03-10T23:59:00Z');
export const OLD_EXERCISE_HASH = 'a0a0a0a0b1b1b1b1c2c2c2c2d3d3d3d3';

export interface GradedCode {
  code: string;
  result: GradingResult;
}

export interface GradebookSeed {
  courseSlug: string;
  courseId: string;
  assignmentId: string;
  exerciseId: string;
  exerciseTitle: string;
  currentHash: string;
  instructor: TestUser;
  ta: TestUser;
  /** Ada, Bob, Cleo, Dan in that order. */
  students: [TestUser, TestUser, TestUser, TestUser];
  otherInstructor: TestUser;
  full: GradedCode;
  wrong: GradedCode;
  /** Cleo's counted points: the wrong answer's share of the assignment. */
  wrongPoints: number;
  submissionIds: { adaWrong: string; adaFull: string; bobLate: string; cleoWrong: string };
}

let graded: Promise<{ full: GradedCode; wrong: GradedCode }> | undefined;

/** Grades the two solutions once per test file, with the real harness. */
export function gradedSolutions(): Promise<{ full: GradedCode; wrong: GradedCode }> {
  graded ??= (async () => {
    const exercise = (await loadExerciseCatalog(EXERCISES_DIR)).find((candidate) => candidate.slug === EXERCISE_SLUG)!;
    const grade = async (code: string) => ({ code, result: await gradeSubmission(exercise, { language: 'ts', filename: 'solution.ts', code }) });
    return { full: await grade(correctSolution()), wrong: await grade(wrongAnswerSolution()) };
  })();
  return graded;
}

async function enroll(app: FastifyInstance, courseId: string, user: TestUser, role: string, studentNumber: string | null = null): Promise<void> {
  await app.db.enrollment.create({ data: { userId: user.id, courseId, role, studentNumber } });
}

export async function seedGradebook(app: FastifyInstance): Promise<GradebookSeed> {
  const { full, wrong } = await gradedSolutions();
  const published = app.exercises.find(EXERCISE_SLUG)!;
  const course = await createCourse(app);
  const courseSlug = (await app.db.course.findUniqueOrThrow({ where: { id: course.id } })).slug;
  const assignment = await app.db.assignment.create({
    data: {
      courseId: course.id,
      exerciseId: published.rowId,
      points: ASSIGNMENT_POINTS,
      dueAt: DUE_AT,
      lateUntil: new Date('2026-03-13T23:59:00Z'),
      latePolicy: 'percent-per-day',
      latePercent: 10,
      scoring: 'best',
    },
  });

  const instructor = await createUser(app, { name: 'Irene Instructor' });
  const ta = await createUser(app, { name: 'Tomas Assistant' });
  const ada = await createUser(app, { name: 'Ada Lovelace', email: `ada-${course.id}@example.test` });
  const bob = await createUser(app, { name: 'Bob Kahn', email: `bob-${course.id}@example.test` });
  const cleo = await createUser(app, { name: '=Cleo', email: `cleo-${course.id}@example.test` });
  const dan = await createUser(app, { name: 'Dan <b>Bold</b>', email: `dan-${course.id}@example.test` });
  await enroll(app, course.id, instructor, 'instructor');
  await enroll(app, course.id, ta, 'ta');
  await enroll(app, course.id, ada, 'student', 'S001');
  await enroll(app, course.id, bob, 'student', 'S002');
  await enroll(app, course.id, cleo, 'student', 'S003');
  await enroll(app, course.id, dan, 'student');

  const otherInstructor = await createUser(app, { name: 'Olga Other' });
  const otherCourse = await createCourse(app);
  await enroll(app, otherCourse.id, otherInstructor, 'instructor');
  await enroll(app, otherCourse.id, ada, 'student');

  const submit = async (user: TestUser, solution: GradedCode, createdAt: string, exerciseHash = published.exercise.contentHash) => {
    const row = await app.db.submission.create({
      data: {
        userId: user.id,
        exerciseId: published.rowId,
        language: 'ts',
        filename: 'solution.ts',
        code: solution.code,
        status: 'graded',
        gradable: solution.result.gradable,
        score: solution.result.score,
        maxScore: solution.result.maxScore,
        resultJson: JSON.stringify(solution.result),
        exerciseHash,
        createdAt: new Date(createdAt),
        gradedAt: new Date(createdAt),
      },
    });
    return row.id;
  };
  const submissionIds = {
    adaWrong: await submit(ada, wrong, '2026-03-09T10:00:00Z'),
    adaFull: await submit(ada, full, '2026-03-10T12:00:00Z'),
    bobLate: await submit(bob, full, '2026-03-11T10:00:00Z', OLD_EXERCISE_HASH),
    cleoWrong: await submit(cleo, wrong, '2026-03-10T08:00:00Z'),
  };

  return {
    courseSlug,
    courseId: course.id,
    assignmentId: assignment.id,
    exerciseId: published.rowId,
    exerciseTitle: published.exercise.title,
    currentHash: published.exercise.contentHash,
    instructor,
    ta,
    students: [ada, bob, cleo, dan],
    otherInstructor,
    full,
    wrong,
    wrongPoints: Math.round((wrong.result.score / wrong.result.maxScore) * ASSIGNMENT_POINTS * 100) / 100,
    submissionIds,
  };
}
