/**
 * Runs an exercise's reference, starter and mutants through the grader (the worker pool: code is
 * never run in the web process) so staff can see, before assigning or changing an exercise, that
 * the reference earns full marks, the starter fails gracefully and every mutant is caught. Results
 * are kept in memory per contentHash: a version's preview never changes.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Exercise } from '../../harness/exercises/types.js';
import type { GradingResult } from '../../harness/result-schema.js';
import { bundleModule } from '../../harness/validation/validate-exercise.js';
import type { Grader } from '../grading-queue.js';

/** Failing tests shown per run; the rest are counted. */
const FAILING_SHOWN = 3;

export type PreviewRole = 'reference' | 'starter' | 'mutant';

export interface PreviewRun {
  role: PreviewRole;
  filename: string;
  /** A mutant's bug, from its leading comment. */
  bug?: string;
  gradable: boolean;
  score: number;
  maxScore: number;
  verdicts: { passed: number; failed: number };
  firstFailing: { name: string; status: string; message?: string }[];
  error?: string;
  /** What the run should show: the reference full marks, the others fewer, all gradable. */
  asExpected: boolean;
}

export interface ExercisePreview {
  contentHash: string;
  runs: PreviewRun[];
  ranAt: Date;
}

/** The text of a mutant's leading doc comment, without the "Mutant:" prefix. */
export function mutantBug(source: string): string | undefined {
  const match = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!match) return undefined;
  const text = match[1]!
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .filter((line) => line !== '')
    .join(' ')
    .replace(/^Mutant:\s*/, '');
  return text === '' ? undefined : text;
}

export function summarizeRun(role: PreviewRole, filename: string, result: GradingResult, bug?: string): PreviewRun {
  const failing = result.tests.filter((test) => test.status !== 'passed');
  const full = result.gradable && result.score === result.maxScore;
  return {
    role,
    filename,
    ...(bug !== undefined ? { bug } : {}),
    gradable: result.gradable,
    score: result.score,
    maxScore: result.maxScore,
    verdicts: { passed: result.tests.length - failing.length, failed: failing.length },
    firstFailing: failing.slice(0, FAILING_SHOWN).map((test) => ({ name: test.name, status: test.status, ...(test.message ? { message: test.message } : {}) })),
    ...(result.error ? { error: `${result.error.code}: ${result.error.message}` } : {}),
    asExpected: role === 'reference' ? full : result.gradable && !full,
  };
}

export class ExercisePreviews {
  private readonly cache = new Map<string, ExercisePreview>();
  private readonly inFlight = new Map<string, Promise<ExercisePreview>>();

  constructor(
    private readonly grader: Grader,
    /** The folder reference paths in exercise.json are relative to. */
    private readonly projectRoot: string,
  ) {}

  cached(exercise: Exercise): ExercisePreview | undefined {
    return this.cache.get(exercise.contentHash);
  }

  /** The preview of the exercise's current version, run once per contentHash. */
  async run(exercise: Exercise): Promise<ExercisePreview> {
    const hit = this.cache.get(exercise.contentHash);
    if (hit) return hit;
    let running = this.inFlight.get(exercise.contentHash);
    if (!running) {
      running = this.runAll(exercise)
        .then((preview) => {
          this.cache.set(exercise.contentHash, preview);
          return preview;
        })
        .finally(() => this.inFlight.delete(exercise.contentHash));
      this.inFlight.set(exercise.contentHash, running);
    }
    return running;
  }

  private async runAll(exercise: Exercise): Promise<ExercisePreview> {
    const grade = (filename: string, code: string) =>
      this.grader.grade({ exerciseSlug: exercise.slug, language: /\.m?js$/.test(filename) ? 'js' : 'ts', filename, code });
    const runs: Promise<PreviewRun>[] = [];

    if (exercise.config.reference) {
      const referencePath = path.join(this.projectRoot, exercise.config.reference);
      // Bundling only joins the reference's modules into one file; it runs nothing.
      const code = await bundleModule(referencePath);
      runs.push(grade(`${path.basename(referencePath, path.extname(referencePath))}.js`, code).then((result) => summarizeRun('reference', exercise.config.reference!, result)));
    }
    runs.push(grade(exercise.starterFilename, exercise.starterSource).then((result) => summarizeRun('starter', exercise.starterFilename, result)));

    const mutantsDir = path.join(exercise.dir, 'mutants');
    const mutants = (await readdir(mutantsDir).catch(() => [] as string[])).filter((file) => /\.(m?ts|m?js)$/.test(file)).sort();
    for (const file of mutants) {
      const source = await readFile(path.join(mutantsDir, file), 'utf8');
      runs.push(grade(file, source).then((result) => summarizeRun('mutant', file, result, mutantBug(source))));
    }
    return { contentHash: exercise.contentHash, runs: await Promise.all(runs), ranAt: new Date() };
  }
}
