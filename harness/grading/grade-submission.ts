import { performance } from 'node:perf_hooks';
import { compileSubmission, type SourceLanguage } from '../compile.js';
import { maxScoreOf, VECTOR_SUITE_KINDS } from '../exercises/catalog.js';
import type { Exercise } from '../exercises/types.js';
import { RESULT_SCHEMA_VERSION, type GradingResult, type TestResult, type TestStatus } from '../result-schema.js';
import { comparatorNamed } from './comparators.js';
import { describeLimit, notRun, round } from './judge.js';
import { SandboxSession } from './sandbox-session.js';
import { suiteRunner } from './suites.js';

export interface SubmissionSource {
  language: SourceLanguage;
  filename: string;
  code: string;
  /** Grade only the public vectors. */
  publicOnly?: boolean;
}

/**
 * Grades one submission against an exercise. The student's code runs in a fresh isolate; inputs
 * go in as copies, answers come out as JSON strings, and the comparison with the expected answers
 * happens here, outside the isolate, so expected answers never enter it.
 */
export async function gradeSubmission(exercise: Exercise, source: SubmissionSource): Promise<GradingResult> {
  if (source.publicOnly) exercise = publicPart(exercise);
  const started = performance.now();
  const finish = (rest: Omit<GradingResult, 'schemaVersion' | 'exercise' | 'durationMs'>): GradingResult => ({
    schemaVersion: RESULT_SCHEMA_VERSION,
    exercise: { slug: exercise.slug, contentHash: exercise.contentHash },
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
  let compiled = await compileSubmission(source.code, source.language, source.filename);
  if (!compiled.ok) return ungradable('COMPILE_ERROR', compiled.message, compiled.line, compiled.column);

  const target = { name: exercise.config.entry, style: exercise.config.callStyle ?? 'function' } as const;
  const deadline = started + exercise.limits.submissionTimeoutMs;
  let opened = await SandboxSession.open(compiled.script, target, exercise.limits, deadline);
  if ('failure' in opened && opened.failure.kind === 'threw' && opened.failure.error.startsWith('SyntaxError') && compiled.compiler === 'fast') {
    // V8 refused what the fast compiler let through (or the module's own code threw a SyntaxError):
    // esbuild says where the error is, or compiles it again for a second try.
    compiled = await compileSubmission(source.code, source.language, source.filename, { compiler: 'esbuild' });
    if (!compiled.ok) return ungradable('COMPILE_ERROR', compiled.message, compiled.line, compiled.column);
    opened = await SandboxSession.open(compiled.script, target, exercise.limits, deadline);
  }
  if ('failure' in opened) {
    const { failure } = opened;
    if (failure.kind === 'missing-export') {
      const found = failure.exported.length > 0 ? `it exports ${failure.exported.join(', ')}` : 'it exports no function';
      const what = target.style === 'stream-reader' ? 'a class' : 'a function';
      return ungradable('MISSING_EXPORT', `The module must export ${what} named ${target.name}; ${found}.`);
    }
    const status: TestStatus = failure.kind === 'threw' ? 'runtime-error' : failure.kind;
    const message = failure.kind === 'threw' ? `The module threw while loading: ${failure.error}` : `The module hit the ${describeLimit(status)} while loading.`;
    return finish({
      gradable: true,
      score: 0,
      maxScore: exercise.maxScore,
      error: { code: 'LOAD_FAILED', message },
      tests: exercise.vectors.map((vector) => notRun(vector, 'The module did not load.')),
    });
  }
  const { session } = opened;
  try {
    const tests: TestResult[] = [];
    for (const options of exercise.suites) {
      const run = suiteRunner(options.kind);
      if (!run) throw new Error(`exercise ${exercise.slug}: unknown suite kind "${options.kind}"`);
      tests.push(...(await run({ session, exercise, compare: comparator, options })));
    }
    const score = tests.reduce((sum, test) => sum + test.points, 0);
    return finish({ gradable: true, score, maxScore: exercise.maxScore, tests });
  } finally {
    session.close();
  }
}

function publicPart(exercise: Exercise): Exercise {
  const vectors = exercise.vectors.filter((vector) => vector.visibility === 'public');
  // Property tests are public too: they run, and their counterexamples show, with the public vectors.
  const suites = exercise.suites.filter((suite) => VECTOR_SUITE_KINDS.has(suite.kind) || suite.kind === 'properties');
  return { ...exercise, vectors, suites, maxScore: maxScoreOf(vectors, suites) };
}
