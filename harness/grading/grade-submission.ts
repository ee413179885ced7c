import { performance } from 'node:perf_hooks';
import { compileSubmission, type SourceLanguage } from '../compile.js';
import type { Exercise, VectorCase } from '../exercises/types.js';
import { RESULT_SCHEMA_VERSION, type GradingResult, type TestResult, type TestStatus } from '../result-schema.js';
import { sandboxReserve } from '../sandbox/sandbox-reserve.js';
import { SubmissionSandbox, type CallOutcome } from '../sandbox/submission-sandbox.js';
import { comparatorNamed, type Comparator } from './comparators.js';
import { capText, showInput, showValue } from './feedback-text.js';

/** How long one call into the isolate may run before the host checks on its progress. */
const BATCH_TIMEOUT_MS = 1000;

export interface SubmissionSource {
  language: SourceLanguage;
  filename: string;
  code: string;
  /** Grade only the public vectors. */
  publicOnly?: boolean;
}

/**
 * Grades one submission against every vector of an exercise. The student's code runs in a fresh
 * isolate; inputs go in as copies, answers come out as JSON strings, and the comparison with the
 * expected answers happens here, outside the isolate, so expected answers never enter it.
 */
export async function gradeSubmission(exercise: Exercise, source: SubmissionSource): Promise<GradingResult> {
  if (source.publicOnly) exercise = publicPart(exercise);
  const started = performance.now();
  const base = { schemaVersion: RESULT_SCHEMA_VERSION, exercise: { slug: exercise.slug, contentHash: exercise.contentHash } } as const;
  const finish = (rest: Omit<GradingResult, 'schemaVersion' | 'exercise' | 'durationMs'>): GradingResult => ({
    ...base,
    ...rest,
    durationMs: round(performance.now() - started),
  });
  const ungradable = (code: string, message: string, line?: number, column?: number) =>
    finish({
      gradable: false,
      score: 0,
      maxScore: exercise.maxScore,
      error: { code, message, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) },
      tests: [],
    });

  const bytes = Buffer.byteLength(source.code, 'utf8');
  if (bytes > exercise.limits.sourceMaxBytes) {
    return ungradable('SOURCE_TOO_LARGE', `The file is ${bytes} bytes; the limit is ${exercise.limits.sourceMaxBytes} bytes.`);
  }
  const comparator = comparatorNamed(exercise.config.comparator);
  if (!comparator) throw new Error(`exercise ${exercise.slug}: unknown comparator "${exercise.config.comparator}"`);
  const compiled = await compileSubmission(source.code, source.language, source.filename);
  if (!compiled.ok) return ungradable('COMPILE_ERROR', compiled.message, compiled.line, compiled.column);

  const { limits } = exercise;
  const deadline = started + limits.submissionTimeoutMs;
  let sandbox = await sandboxReserve.take(limits);
  try {
    const loaded = await sandbox.load(compiled.script, exercise.config.entry, limits.testTimeoutMs);
    if (loaded.kind === 'missing-export') {
      const found = loaded.exported.length > 0 ? `it exports ${loaded.exported.join(', ')}` : 'it exports no function';
      return ungradable('MISSING_EXPORT', `The module must export a function named ${exercise.config.entry}; ${found}.`);
    }
    if (loaded.kind !== 'loaded') {
      const status: TestStatus = loaded.kind === 'threw' ? 'runtime-error' : loaded.kind;
      const message =
        loaded.kind === 'threw' ? `The module threw while loading: ${loaded.error}` : `The module hit the ${describeLimit(status)} while loading.`;
      return finish({
        gradable: true,
        score: 0,
        maxScore: exercise.maxScore,
        error: { code: 'LOAD_FAILED', message },
        tests: exercise.vectors.map((vector) => notRun(vector, 'The module did not load.')),
      });
    }

    // Fast path: every vector in one call into the isolate. Whatever it could not finish (the
    // isolate ran out of memory) goes on one test at a time, in a fresh isolate after each death.
    const { testTimeoutMs } = limits;
    const batch = await sandbox.invokeMany(
      exercise.config.entry,
      exercise.vectors.map((vector) => vector.input),
      { testTimeoutMs, batchTimeoutMs: BATCH_TIMEOUT_MS, deadline },
    );
    const tests: TestResult[] = batch.outcomes.map((outcome, i) => judge(exercise.vectors[i]!, outcome, comparator, outcome.elapsedMs ?? testTimeoutMs));
    for (const vector of exercise.vectors.slice(tests.length)) {
      if (batch.stopped === 'deadline' || performance.now() > deadline) break;
      if (sandbox.disposed) {
        sandbox = await SubmissionSandbox.create(limits);
        if ((await sandbox.load(compiled.script, exercise.config.entry, testTimeoutMs)).kind !== 'loaded') break;
      }
      const callStarted = performance.now();
      const outcome = await sandbox.invoke(exercise.config.entry, vector.input, testTimeoutMs);
      tests.push(judge(vector, outcome, comparator, round(performance.now() - callStarted)));
    }
    const unfinished = batch.stopped === 'deadline' || performance.now() > deadline ? 'The submission used up its total time.' : 'The sandbox could not be restarted.';
    for (const vector of exercise.vectors.slice(tests.length)) tests.push(notRun(vector, unfinished));
    const score = tests.reduce((sum, test) => sum + test.points, 0);
    return finish({ gradable: true, score, maxScore: exercise.maxScore, tests });
  } finally {
    // Freeing the isolate's heap is not the student's wait: it happens after the result is out.
    const used = sandbox;
    setImmediate(() => used.dispose());
  }
}

function judge(vector: VectorCase, outcome: CallOutcome, compare: Comparator, durationMs: number): TestResult {
  const visible = vector.visibility === 'public';
  const common = {
    id: vector.id,
    name: vector.name,
    source: `${vector.file}:${vector.line}`,
    visibility: vector.visibility,
    maxPoints: vector.points,
    rfc: vector.rfc,
    durationMs,
  };
  const shown = visible ? { input: showInput(vector.input), expected: showValue(vector.expected) } : {};
  const output = visible && 'output' in outcome && outcome.output ? { output: capText(outcome.output) } : {};

  if (outcome.kind === 'returned') {
    const actual = outcome.json === undefined ? undefined : (JSON.parse(outcome.json) as unknown);
    const verdict = compare(vector.expected, actual);
    if (verdict.equal) return { ...common, status: 'passed', points: vector.points };
    if (!visible) return { ...common, status: 'failed', points: 0, message: 'Wrong answer.' };
    const where =
      verdict.firstDifference !== undefined ? ` The first difference is at ${verdict.firstDifference || 'the whole value'}.` : '';
    return {
      ...common,
      ...shown,
      ...output,
      status: 'failed',
      points: 0,
      actual: showValue(actual),
      ...(verdict.firstDifference !== undefined ? { firstDifference: verdict.firstDifference } : {}),
      message: `Returned a different answer than the contract requires.${where}`,
    };
  }
  const [status, detail] = failureOf(outcome);
  return {
    ...common,
    ...(visible ? { ...shown, ...output } : {}),
    status,
    points: 0,
    message: visible ? detail : `${describeLimit(status)[0]!.toUpperCase()}${describeLimit(status).slice(1)}.`,
  };
}

function failureOf(outcome: Exclude<CallOutcome, { kind: 'returned' }>): [TestStatus, string] {
  switch (outcome.kind) {
    case 'threw':
      return ['runtime-error', `Threw ${outcome.error}`];
    case 'not-serializable':
      return ['runtime-error', `Returned a value that cannot be read as an answer (${outcome.error}).`];
    case 'result-too-large':
      return ['output-limit', `Returned an answer of ${outcome.bytes} characters, over the limit.`];
    case 'time-limit':
      return ['time-limit', 'Did not return within the time limit (an infinite loop?).'];
    case 'memory-limit':
      return ['memory-limit', 'Ran out of memory.'];
  }
}

function describeLimit(status: TestStatus): string {
  switch (status) {
    case 'time-limit':
      return 'time limit';
    case 'memory-limit':
      return 'memory limit';
    case 'output-limit':
      return 'output limit';
    case 'runtime-error':
      return 'runtime error';
    default:
      return status;
  }
}

function notRun(vector: VectorCase, message: string): TestResult {
  return {
    id: vector.id,
    name: vector.name,
    source: `${vector.file}:${vector.line}`,
    visibility: vector.visibility,
    status: 'not-run',
    points: 0,
    maxPoints: vector.points,
    rfc: vector.rfc,
    message,
    durationMs: 0,
  };
}

function publicPart(exercise: Exercise): Exercise {
  const vectors = exercise.vectors.filter((vector) => vector.visibility === 'public');
  return { ...exercise, vectors, maxScore: vectors.reduce((sum, vector) => sum + vector.points, 0) };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
