import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { languageOf } from '../compile.js';
import { loadExerciseCatalog, maxScoreOf, VECTOR_SUITE_KINDS } from '../exercises/catalog.js';
import { gradeSubmission } from '../grading/grade-submission.js';
import { GradingPool } from '../pool/grading-pool.js';
import { toGradescopeResults } from '../reports/gradescope.js';
import { formatTextReport } from '../reports/text-report.js';
import { DEFAULT_SERVICE_URL, submitAndWait, SubmitError } from './submit-client.js';
import type { GradingResult } from '../result-schema.js';
import { validateExercise } from '../validation/validate-exercise.js';
import { workerCommand } from './worker.js';

const USAGE = `Usage:
  netgrade grade <exercise> <file> [--format text|json|gradescope]   grade with every test
  netgrade test <exercise> <file>                                     run only the public tests
  netgrade exercises validate [<exercise> …]                         check exercises: vectors, reference, starter, mutants
  netgrade submit <exercise> <file> [--url URL] [--format text|json]  submit to a netgrade service and wait for the grade
  netgrade worker [--redis URL] [--concurrency N] [--exercises DIR]   grade a service's jobs from Redis (see netgrade worker --help)
Options:
  --exercises <dir>   the exercises folder (default: the one beside this program)
  --url <url>         the service \`submit\` sends to (default: $NETGRADE_URL, else ${DEFAULT_SERVICE_URL});
                      the API token is read from $NETGRADE_TOKEN (create one under Account › API tokens)
  --seed <n>          grade or test with the property tests too, generating their inputs from seed n
                      (a failed property's message names the seed that reproduces it)
`;

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

async function main(argv: string[]): Promise<number> {
  // The worker has options of its own; it reads them itself.
  if (argv[0] === 'worker') return workerCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      exercises: { type: 'string', default: path.join(projectRoot, 'exercises') },
      seed: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'grade':
    case 'test': {
      const [exerciseSlug, file] = rest;
      if (!exerciseSlug || !file) return usageError(`${command} needs an exercise and a file`);
      const format = values.format;
      if (format !== 'text' && format !== 'json' && format !== 'gradescope') return usageError(`unknown format "${format}"`);
      const code = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new CliError(`cannot read ${file}: ${error.code ?? error.message}`);
      });
      const language = languageOf(file) ?? 'ts';
      const job = { exerciseSlug, language, filename: path.basename(file), code, publicOnly: command === 'test' } as const;
      let result: GradingResult;
      if (values.seed !== undefined) {
        if (!/^-?\d+$/.test(values.seed)) return usageError(`--seed takes an integer, not "${values.seed}"`);
        result = await gradeWithSeed(values.exercises, job, Number(values.seed));
      } else {
        result = await gradeOnce(values.exercises, job);
      }
      process.stdout.write(render(result, format));
      // `test` is for students at their desk: a failing test fails the command.
      return command === 'test' && result.score < result.maxScore ? 1 : 0;
    }
    case 'submit': {
      const [exerciseSlug, file] = rest;
      if (!exerciseSlug || !file) return usageError('submit needs an exercise and a file');
      const format = values.format;
      if (format !== 'text' && format !== 'json') return usageError(`submit takes --format text or json, not "${format}"`);
      const token = process.env.NETGRADE_TOKEN?.trim();
      if (!token) return usageError('submit needs an API token in NETGRADE_TOKEN (create one under Account › API tokens)');
      const code = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new CliError(`cannot read ${file}: ${error.code ?? error.message}`);
      });
      const baseUrl = values.url ?? (process.env.NETGRADE_URL?.trim() || DEFAULT_SERVICE_URL);
      const submission = await submitAndWait({ baseUrl, token, exerciseSlug, filename: path.basename(file), code }).catch((error: unknown) => {
        throw error instanceof SubmitError ? new CliError(error.message) : error;
      });
      if (format === 'json') process.stdout.write(`${JSON.stringify(submission, null, 2)}\n`);
      else if (submission.result) process.stdout.write(`${formatTextReport(submission.result, { color: process.stdout.isTTY })}${submission.pageUrl}\n`);
      else process.stdout.write(`The service could not grade this submission; try again later. ${submission.pageUrl}\n`);
      // Like \`test\`: anything short of full marks fails the command.
      return submission.status === 'graded' && submission.score !== null && submission.score === submission.maxScore ? 0 : 1;
    }
    case 'exercises': {
      const [subcommand, ...slugs] = rest;
      if (subcommand !== 'validate') return usageError('exercises takes the subcommand validate');
      return validateExercises(values.exercises, slugs);
    }
    default:
      return usageError(`unknown command "${command}"`);
  }
}

async function gradeOnce(exercisesDir: string, job: Parameters<GradingPool['grade']>[0]): Promise<GradingResult> {
  const pool = new GradingPool({ exercisesDir, workers: 1 });
  try {
    return await pool.grade(job);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  } finally {
    await pool.close();
  }
}

/**
 * Grades in this process, with every property suite's seed replaced, so a student can replay the
 * inputs a failed property reported. `test` keeps the public vectors and the property suites.
 */
async function gradeWithSeed(exercisesDir: string, job: Parameters<GradingPool['grade']>[0], seed: number): Promise<GradingResult> {
  const exercise = (await loadExerciseCatalog(exercisesDir)).find((candidate) => candidate.slug === job.exerciseSlug);
  if (!exercise) throw new CliError(`no such exercise: ${job.exerciseSlug}`);
  const suites = exercise.suites
    .filter((suite) => !job.publicOnly || suite.kind === 'properties' || VECTOR_SUITE_KINDS.has(suite.kind))
    .map((suite) => (suite.kind === 'properties' ? { ...suite, seed } : suite));
  const vectors = job.publicOnly ? exercise.vectors.filter((vector) => vector.visibility === 'public') : exercise.vectors;
  const seeded = { ...exercise, suites, vectors, maxScore: maxScoreOf(vectors, suites) };
  // The public part is chosen above; gradeSubmission's own publicOnly would drop the property suites.
  return gradeSubmission(seeded, { ...job, publicOnly: false });
}

function render(result: GradingResult, format: 'text' | 'json' | 'gradescope'): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  if (format === 'gradescope') return `${JSON.stringify(toGradescopeResults(result), null, 2)}\n`;
  return formatTextReport(result, { color: process.stdout.isTTY });
}

async function validateExercises(exercisesDir: string, slugs: string[]): Promise<number> {
  // Loading checks every config and vector file; a malformed one stops here with its file and line.
  const catalog = await loadExerciseCatalog(exercisesDir).catch((error: Error) => {
    throw new CliError(`exercise folder is malformed: ${error.message}`);
  });
  const unknown = slugs.filter((slug) => !catalog.some((exercise) => exercise.slug === slug));
  if (unknown.length > 0) throw new CliError(`no such exercise: ${unknown.join(', ')}`);
  let failures = 0;
  for (const exercise of catalog.filter((candidate) => slugs.length === 0 || slugs.includes(candidate.slug))) {
    process.stdout.write(`${exercise.slug} (${exercise.vectors.length} vectors, ${exercise.maxScore} points)\n`);
    for (const check of await validateExercise(exercise, projectRoot)) {
      if (!check.ok) failures += 1;
      process.stdout.write(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}${check.ok ? '' : `: ${check.detail}`}\n`);
    }
  }
  process.stdout.write(failures === 0 ? 'All exercises are valid.\n' : `${failures} check(s) failed.\n`);
  return failures === 0 ? 0 : 1;
}

class CliError extends Error {}

function usageError(message: string): number {
  process.stderr.write(`netgrade: ${message}\n\n${USAGE}`);
  return 2;
}

/**
 * Exits once what was written has left: on a pipe, stdout and stderr are asynchronous, and
 * process.exit would cut a large report short. A write's callback runs after every earlier write.
 */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    process.stderr.write(`netgrade: ${error instanceof CliError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    exitAfterOutput(error instanceof CliError ? 2 : 1);
  },
);
