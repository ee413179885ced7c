/**
 * The grading result document, version 1. Every grading produces one; it is stored as JSON with
 * the submission, rendered on the submission page and printed by the CLI. docs/result-schema.md
 * describes it for people who consume it.
 *
 * A result never carries a hidden test's input, expected output or actual output: a hidden
 * test is reported as its name, status and points only. An `after-due` test carries its evidence
 * like a public one; `resultForStudent` reduces it to a hidden test's verdict until the due date
 * has passed, so the stored document is the one that may be shown later.
 *
 * Version 1 still: `after-due` adds a value to `visibility`, no field changes meaning, and a
 * student's copy before the due date reads exactly as before.
 */
export const RESULT_SCHEMA_VERSION = 1;

/** A test's visibility in a result: the vector's (harness/exercises/types.ts `Visibility`). */
export type TestVisibility = 'public' | 'hidden' | 'after-due';

/** Whether a result records a test's evidence: public tests and after-due ones, never hidden ones. */
export function recordsEvidence(visibility: TestVisibility): boolean {
  return visibility !== 'hidden';
}

/** Why a test earned no points. `passed` is the only status that earns points. */
export type TestStatus =
  | 'passed'
  | 'failed' // ran, returned a wrong answer
  | 'runtime-error' // threw, or returned something that cannot be read as an answer
  | 'time-limit' // exceeded its CPU or wall time
  | 'memory-limit' // the sandbox ran out of memory
  | 'output-limit' // the returned value or the console output was too large
  | 'not-run'; // an earlier failure stopped the run (the sandbox died)

export interface TestResult {
  /** Stable id of the case, unique within the exercise. */
  id: string;
  /** Human name of the case (the vector's heading). */
  name: string;
  /** Where the case is defined: its vector file and the line of its heading, e.g. "vectors/content-length.md:42". */
  source: string;
  visibility: TestVisibility;
  status: TestStatus;
  points: number;
  maxPoints: number;
  /** The RFC section the case checks, e.g. "RFC 9112 §5.1". */
  rfc?: string;
  /** One sentence: what went wrong. Absent when passed. For hidden tests, only the verdict. */
  message?: string;
  /** Public and after-due tests only: the input, rendered as escaped text. */
  input?: string;
  /** Visible tests only: expected and actual answers, as pretty JSON, bounded in size. */
  expected?: string;
  actual?: string;
  /** Visible tests only: the first differing position in `actual`, as a path such as "request.headers[1][0]". */
  firstDifference?: string;
  /** Visible tests only: what the submission printed with console.log, capped. */
  output?: string;
  /** Property tests only: the seed the inputs were generated from (`--seed` on the command line). */
  seed?: number;
  /** Visible failed property tests only: fast-check's replay path of the shrunk counterexample
   *  (`input`), e.g. "41:3:0", the failing run's index then each shrinking step. */
  counterexamplePath?: string;
  durationMs: number;
}

export interface GradingResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  exercise: { slug: string; contentHash: string };
  /** False when the code could not run at all (does not compile, or does not export the
   *  required function): it costs the student nothing and does not count as an attempt. */
  gradable: boolean;
  score: number;
  maxScore: number;
  /** Set when gradable is false, or when the whole submission hit a limit. */
  error?: {
    code: string; // e.g. "COMPILE_ERROR", "MISSING_EXPORT", "SANDBOX_CRASHED"
    message: string;
    line?: number;
    column?: number;
  };
  tests: TestResult[];
  /** Wall time spent grading inside the worker, milliseconds. */
  durationMs: number;
}
