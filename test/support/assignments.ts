/** Assignments, enrollments and graded submissions written straight into a test app's database. */
import type { FastifyInstance } from 'fastify';
import type { GradingResult, TestResult } from '../../harness/result-schema.js';
import { createCourse } from './accounts.js';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export interface TestCourseRow {
  id: string;
  slug: string;
  title: string;
}

/** A course in `timeZone` with the given members (user id → role). */
export async function courseWith(app: FastifyInstance, members: Record<string, string>, timeZone = 'UTC'): Promise<TestCourseRow> {
  const created = await createCourse(app);
  const course = await app.db.course.update({ where: { id: created.id }, data: { timeZone } });
  for (const [userId, role] of Object.entries(members)) await app.db.enrollment.create({ data: { userId, courseId: course.id, role } });
  return { id: course.id, slug: course.slug, title: course.title };
}

export interface AssignmentFields {
  points?: number;
  opensAt?: Date | null;
  dueAt: Date;
  lateUntil?: Date | null;
  latePolicy?: string;
  latePercent?: number;
  submissionsPerHour?: number | null;
  scoring?: string;
}

export async function assign(app: FastifyInstance, courseId: string, exerciseSlug: string, fields: AssignmentFields): Promise<string> {
  const exerciseId = app.exercises.find(exerciseSlug)!.rowId;
  const assignment = await app.db.assignment.create({ data: { courseId, exerciseId, ...fields } });
  return assignment.id;
}

/**
 * Three failed tests, one of each visibility, as the grader stores them: the public and the
 * after-due one with their evidence, the hidden one with its verdict only.
 */
export function storedResult(slug: string, score: number, maxScore: number): GradingResult {
  const withEvidence = (id: string, visibility: TestResult['visibility'], line: number): TestResult => ({
    id,
    name: `Case named ${id}`,
    source: `vectors/topic.md:${line}`,
    visibility,
    status: 'failed',
    points: 0,
    maxPoints: 1,
    rfc: 'RFC 9110 §8.6',
    message: `Message of ${id}.`,
    input: `input of ${id}`,
    expected: `"expected of ${id}"`,
    actual: `"actual of ${id}"`,
    durationMs: 0.1,
  });
  const hidden: TestResult = { id: 'kept-case', name: 'Case named kept-case', source: 'vectors/topic.md:10', visibility: 'hidden', status: 'failed', points: 0, maxPoints: 1, message: 'Wrong answer.', durationMs: 0.1 };
  const tests = [withEvidence('shown-case', 'public', 3), hidden, withEvidence('later-case', 'after-due', 20)];
  return { schemaVersion: 1, exercise: { slug, contentHash: 'test' }, gradable: true, score, maxScore, tests, durationMs: 1 };
}

export interface SubmissionFields {
  createdAt: Date;
  score?: number;
  maxScore?: number;
  gradable?: boolean;
  status?: string;
}

/** A graded submission sent at `createdAt`, with `storedResult` as its result. */
export async function gradedSubmission(app: FastifyInstance, userId: string, exerciseSlug: string, fields: SubmissionFields): Promise<string> {
  const { rowId, exercise } = app.exercises.find(exerciseSlug)!;
  const maxScore = fields.maxScore ?? 10;
  const score = fields.score ?? 5;
  const gradable = fields.gradable ?? true;
  const result = gradable ? storedResult(exerciseSlug, score, maxScore) : { schemaVersion: 1, exercise: { slug: exerciseSlug, contentHash: 'test' }, gradable: false, score: 0, maxScore, error: { code: 'COMPILE_ERROR', message: 'Unexpected token.' }, tests: [], durationMs: 1 };
  const submission = await app.db.submission.create({
    data: {
      userId,
      exerciseId: rowId,
      language: 'ts',
      filename: 'solution.ts',
      code: 'export {};\n',
      status: fields.status ?? 'graded',
      gradable,
      score: gradable ? score : 0,
      maxScore,
      resultJson: JSON.stringify(result),
      exerciseHash: exercise.contentHash,
      createdAt: fields.createdAt,
      gradedAt: fields.createdAt,
    },
  });
  return submission.id;
}
