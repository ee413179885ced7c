import type { SourceLanguage } from '../compile.js';
import type { GradingResult } from '../result-schema.js';

/** A submission to grade, as the pool receives it. */
export interface GradeJob {
  exerciseSlug: string;
  language: SourceLanguage;
  filename: string;
  code: string;
  /** Run only the public vectors (a student's local check); the result then omits hidden ones. */
  publicOnly?: boolean;
}

/** Messages between the pool (parent) and a grading worker process, over the IPC channel. */
export type ToWorker = { type: 'grade'; jobId: number; job: GradeJob };

export type FromWorker =
  | { type: 'ready'; exercises: { slug: string; contentHash: string; maxScore: number }[] }
  | { type: 'result'; jobId: number; result: GradingResult }
  | { type: 'job-error'; jobId: number; message: string };
