/** What an exercise folder (`exercises/<slug>/`) holds once loaded and checked. */

/**
 * Who sees a test's evidence (input, expected and actual answers, output). `public`: the student,
 * always. `hidden`: nobody but staff; the student sees only the verdict. `after-due`: like `hidden`
 * until the assignment's due date has passed, then like `public`, so a student can learn from a
 * case once it can no longer be copied into an answer.
 */
export type Visibility = 'public' | 'hidden' | 'after-due';

export const VISIBILITIES: readonly Visibility[] = ['public', 'hidden', 'after-due'];

/** One test vector: the input handed to the student's function, and what the contract expects. */
export interface VectorCase {
  /** Unique within the exercise, kebab-case. */
  id: string;
  /** The case's heading. */
  name: string;
  /** Path relative to the exercise folder, e.g. "vectors/request-line.md". */
  file: string;
  /** 1-based line of the case's heading in that file. */
  line: number;
  /** The input. For byte-stream exercises a byte string (one char per byte, 0–255). */
  input: string;
  /** The expected result, as parsed from the case's JSON block. */
  expected: unknown;
  visibility: Visibility;
  points: number;
  /** e.g. "RFC 9112 §3". */
  rfc: string;
  /** Free text: why the case exists, or where a real implementation disagrees. */
  note?: string;
}

export interface ExerciseLimits {
  /** Isolate heap limit. */
  memoryMb: number;
  /** CPU time one test may use; on the wall clock a call is stopped at four times this. */
  testTimeoutMs: number;
  /** Wall time the whole submission may use, compile included. */
  submissionTimeoutMs: number;
  /** Largest accepted source file. */
  sourceMaxBytes: number;
  /** Largest serialized result of one test. */
  resultMaxBytes: number;
  /** Largest console output kept per test. */
  outputMaxBytes: number;
}

/**
 * One test suite of an exercise. Suites that grade the vectors (`vectors`, and kinds that re-run
 * them differently, such as under every chunking) earn the vectors' points; every other kind
 * (property-based differential tests, simulations) states its own `points`. Other keys are the
 * kind's own options, checked by the kind.
 */
export interface SuiteConfig {
  kind: string;
  points?: number;
  [option: string]: unknown;
}

/** exercises/<slug>/exercise.json */
export interface ExerciseConfig {
  slug: string;
  title: string;
  /** One-line summary for the exercise list. */
  summary: string;
  /** The function (or class) the student module must export, e.g. "parseRequest". */
  entry: string;
  /** How the grader calls `entry`: `function` (default) calls it with each input; `stream-reader`
   *  constructs it, calls `push(chunk)` per chunk of the input and then `end()`; `named-calls`
   *  takes inputs `[exportName, ...args]` (for modules of several functions; `entry` must be one);
   *  `program` calls nothing: the module's top-level code is the program (a socket server), and
   *  `entry` may be left out. */
  callStyle?: 'function' | 'stream-reader' | 'named-calls' | 'program';
  /** Node modules the sandbox provides stand-ins for (spec §3): `dgram` grants `require` of
   *  `node:dgram` and `node:buffer`, and a global `Buffer`; `net` the same with `node:net`. None
   *  unless listed. */
  capabilities?: Capability[];
  /** How a result is compared with the expected one (a key of harness/comparators). */
  comparator: string;
  /** Statement file, relative to the folder. */
  statement: string;
  /** Starter file, relative to the folder. */
  starter: string;
  /** The reference implementation's entry module, relative to the project root
   *  (e.g. "reference/http/index.ts"); `exercises validate` grades it and expects full marks. */
  reference?: string;
  /** Glob-free list of vector files, relative to the folder. */
  vectors: string[];
  limits?: Partial<ExerciseLimits>;
  /** The suites a submission is graded with, in order; `[{ "kind": "vectors" }]` when absent. */
  suites?: SuiteConfig[];
}

export type Capability = 'dgram' | 'net';

export interface Exercise {
  config: ExerciseConfig;
  slug: string;
  title: string;
  summary: string;
  /** Absolute path of the folder. */
  dir: string;
  statementMarkdown: string;
  starterSource: string;
  starterFilename: string;
  vectors: VectorCase[];
  limits: ExerciseLimits;
  suites: SuiteConfig[];
  /** The vectors' points (when a suite grades them) plus every other suite's points. */
  maxScore: number;
  /** SHA-256 (hex) over config, vectors, statement and starter: a new hash is a new version. */
  contentHash: string;
}
