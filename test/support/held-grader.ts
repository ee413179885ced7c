/**
 * A grader a test controls: it holds every job until the test releases it, then grades it in
 * this process with the real harness (so results are real), or fails it. It lets a test observe a
 * submission while it is still pending, or what happens when grading cannot produce a verdict.
 */
import { loadExerciseCatalog } from '../../harness/exercises/catalog.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import type { GradeJob } from '../../harness/pool/grading-pool.js';
import type { GradingResult } from '../../harness/result-schema.js';
import type { Grader } from '../../server/grading-queue.js';

interface HeldJob {
  job: GradeJob;
  resolve: (result: GradingResult) => void;
  reject: (error: Error) => void;
}

export class HeldGrader implements Grader {
  private held: HeldJob[] = [];
  private waiters: (() => void)[] = [];
  closed = false;

  constructor(private readonly exercisesDir: string) {}

  grade(job: GradeJob): Promise<GradingResult> {
    return new Promise((resolve, reject) => {
      this.held.push({ job, resolve, reject });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  get heldJobs(): GradeJob[] {
    return this.held.map((entry) => entry.job);
  }

  /** Resolves once at least `count` jobs are held. */
  async waitForJobs(count: number): Promise<void> {
    while (this.held.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Grades every held job with the real harness. */
  async releaseAll(): Promise<void> {
    const catalog = new Map((await loadExerciseCatalog(this.exercisesDir)).map((exercise) => [exercise.slug, exercise]));
    for (const { job, resolve, reject } of this.held.splice(0)) {
      const exercise = catalog.get(job.exerciseSlug);
      if (!exercise) reject(new Error(`unknown exercise ${job.exerciseSlug}`));
      else resolve(await gradeSubmission(exercise, job));
    }
  }

  failAll(message: string): void {
    for (const { reject } of this.held.splice(0)) reject(new Error(message));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failAll('grader closed');
  }
}
