/**
 * What the regrade tests share: an exercises folder of their own (so a test can change a vector
 * and restart), a grader that grades at once in the test's process, and a course with an
 * instructor, a TA, students and the exercise assigned.
 */
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadExerciseCatalog } from '../../../harness/exercises/catalog.js';
import type { Exercise } from '../../../harness/exercises/types.js';
import { gradeSubmission } from '../../../harness/grading/grade-submission.js';
import type { GradeJob } from '../../../harness/pool/grading-pool.js';
import type { GradingResult } from '../../../harness/result-schema.js';
import type { Grader } from '../../../server/grading-queue.js';
import { createCourse } from '../../support/accounts.js';
import { InjectBrowser } from '../../support/inject-browser.js';
import { EXERCISE_SLUG, EXERCISES_DIR } from '../../support/solutions.js';
import { createUser, type TestUser } from '../../support/test-app.js';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * An exercises folder holding a copy of one exercise, and its path. An exercise's modules import
 * `../../harness/…`, `../../reference/…` and packages, so the copy sits two levels below a
 * temporary root that links those folders back to the project.
 */
export async function copyExercise(slug = EXERCISE_SLUG): Promise<{ exercisesDir: string; remove(): Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'netgrade-exercises-'));
  for (const linked of ['harness', 'reference', 'node_modules']) await symlink(path.join(PROJECT_ROOT, linked), path.join(root, linked), 'dir');
  const exercisesDir = path.join(root, 'exercises');
  await cp(path.join(EXERCISES_DIR, slug), path.join(exercisesDir, slug), { recursive: true });
  return { exercisesDir, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Grades in this process with the real harness, against the folder as it is when first used. */
export class InProcessGrader implements Grader {
  private catalog: Promise<Map<string, Exercise>> | undefined;
  jobs = 0;

  constructor(private readonly exercisesDir: string) {}

  async grade(job: GradeJob): Promise<GradingResult> {
    this.jobs += 1;
    this.catalog ??= loadExerciseCatalog(this.exercisesDir).then((exercises) => new Map(exercises.map((exercise) => [exercise.slug, exercise])));
    const exercise = (await this.catalog).get(job.exerciseSlug);
    if (!exercise) throw new Error(`unknown exercise ${job.exerciseSlug}`);
    return gradeSubmission(exercise, job);
  }

  async close(): Promise<void> {}
}

export interface CourseWithStaff {
  courseId: string;
  slug: string;
  instructor: TestUser;
  ta: TestUser;
  students: TestUser[];
  assignmentId: string;
}

export async function enroll(app: FastifyInstance, courseId: string, userId: string, role: 'student' | 'ta' | 'instructor'): Promise<void> {
  await app.db.enrollment.create({ data: { courseId, userId, role } });
}

/** A course assigning `exerciseSlug`, with an instructor, a TA and `studentCount` students. */
export async function courseWithStaff(app: FastifyInstance, exerciseSlug = EXERCISE_SLUG, studentCount = 2): Promise<CourseWithStaff> {
  const course = await createCourse(app);
  const { slug } = await app.db.course.findUniqueOrThrow({ where: { id: course.id }, select: { slug: true } });
  const instructor = await createUser(app, { name: 'Ada Instructor' });
  const ta = await createUser(app, { name: 'Tom Assistant' });
  await enroll(app, course.id, instructor.id, 'instructor');
  await enroll(app, course.id, ta.id, 'ta');
  const students: TestUser[] = [];
  for (let index = 0; index < studentCount; index += 1) {
    const student = await createUser(app);
    await enroll(app, course.id, student.id, 'student');
    students.push(student);
  }
  const exercise = await app.db.exercise.findUniqueOrThrow({ where: { slug: exerciseSlug } });
  const assignment = await app.db.assignment.create({ data: { courseId: course.id, exerciseId: exercise.id, dueAt: new Date(Date.now() + 7 * 86_400_000) } });
  return { courseId: course.id, slug, instructor, ta, students, assignmentId: assignment.id };
}

export async function signedIn(app: FastifyInstance, user: TestUser): Promise<InjectBrowser> {
  const browser = new InjectBrowser(app);
  const response = await browser.signIn(user.email, user.password);
  if (response.statusCode !== 303 && response.statusCode !== 302) throw new Error(`sign-in answered ${response.statusCode}`);
  return browser;
}

/** A submission stored as graded with an earlier version, as if graded before the exercise changed. */
export async function storedGradedSubmission(app: FastifyInstance, userId: string, code: string, exerciseHash: string, score = 10): Promise<string> {
  const exercise = await app.db.exercise.findUniqueOrThrow({ where: { slug: EXERCISE_SLUG } });
  const grading = { status: 'graded', gradable: true, score, maxScore: 200, resultJson: null, exerciseHash };
  const submission = await app.db.submission.create({ data: { userId, exerciseId: exercise.id, language: 'ts', filename: 'solution.ts', code, ...grading, gradedAt: new Date() } });
  await app.db.grading.create({ data: { ...grading, submissionId: submission.id, cause: 'submission' } });
  return submission.id;
}
