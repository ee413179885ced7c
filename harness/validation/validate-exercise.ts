import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import type { Exercise } from '../exercises/types.js';
import { gradeSubmission, type SubmissionSource } from '../grading/grade-submission.js';
import type { GradingResult } from '../result-schema.js';

/** One check of `netgrade exercises validate`, with what it found. */
export interface ValidationCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * Checks an exercise the way a course relies on it: the reference earns full marks in the same
 * sandbox students use, the starter compiles and fails without crashing, and every mutant (a
 * realistic wrong solution) loses points. Loading the exercise already checked its config and
 * vectors.
 */
export async function validateExercise(exercise: Exercise, projectRoot: string): Promise<ValidationCheck[]> {
  const checks: ValidationCheck[] = [];

  if (exercise.config.reference) {
    const referencePath = path.join(projectRoot, exercise.config.reference);
    const code = await bundleModule(referencePath);
    const result = await gradeSubmission(exercise, { language: 'js', filename: path.basename(referencePath), code });
    checks.push({
      name: `reference ${exercise.config.reference} passes every vector`,
      ok: result.gradable && result.score === result.maxScore,
      detail: summarize(result),
    });
  } else {
    checks.push({ name: 'reference is declared in exercise.json', ok: false, detail: 'no "reference" key' });
  }

  const starter = await gradeSubmission(exercise, sourceOf(exercise.starterFilename, exercise.starterSource));
  const crashed = starter.tests.filter((test) => ['time-limit', 'memory-limit', 'not-run'].includes(test.status));
  checks.push({
    name: `starter ${exercise.config.starter} compiles and fails gracefully`,
    ok: starter.gradable && starter.score < starter.maxScore && crashed.length === 0 && !starter.error,
    detail: summarize(starter),
  });

  const mutantsDir = path.join(exercise.dir, 'mutants');
  const mutants = (await readdir(mutantsDir).catch(() => [] as string[])).filter((file) => /\.(m?ts|m?js)$/.test(file)).sort();
  for (const file of mutants) {
    const result = await gradeSubmission(exercise, sourceOf(file, await readFile(path.join(mutantsDir, file), 'utf8')));
    checks.push({
      name: `mutant ${file} is caught`,
      ok: result.gradable && result.score < result.maxScore,
      detail: summarize(result),
    });
  }
  return checks;
}

/** Bundles a multi-file module into one ES module, as a student's single file would be. Node's
 *  own modules stay imports: the sandbox serves the ones an exercise grants (`node:dgram`, …). */
export async function bundleModule(entryPath: string): Promise<string> {
  const output = await build({ entryPoints: [entryPath], bundle: true, write: false, format: 'esm', platform: 'neutral', target: 'es2022', external: ['node:*'], logLevel: 'silent' });
  return output.outputFiles[0]!.text;
}

function sourceOf(filename: string, code: string): SubmissionSource {
  return { language: /\.m?js$/.test(filename) ? 'js' : 'ts', filename, code };
}

function summarize(result: GradingResult): string {
  if (!result.gradable) return `not gradable: ${result.error?.code} ${result.error?.message}`;
  const failing = result.tests.filter((test) => test.status !== 'passed');
  const firstFailing = failing.slice(0, 3).map((test) => `${test.id} (${test.status})`).join(', ');
  return `${result.score}/${result.maxScore}` + (failing.length ? `; ${failing.length} failing: ${firstFailing}${failing.length > 3 ? ', …' : ''}` : '');
}
