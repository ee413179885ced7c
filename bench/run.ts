/**
 * Grading speed, netgrade against the two ways courses grade today, on the same submissions and
 * the same vectors, in one run:
 * - netgrade in-process: gradeSubmission in this process (the harness alone);
 * - netgrade pool: through a supervised worker process, as the service grades;
 * - fresh process: one new Node process per submission that imports it and checks every vector,
 *   once given the submission already compiled to JavaScript, once loading the .ts through tsx;
 * - vitest run: one `vitest run` per submission over a generated test file (a Gradescope-style
 *   autograder).
 * Each prints latency per submission (p50, p99) and gradings per second, and the ratio to
 * netgrade in-process doing the same work: the baselines only call one function per vector, so
 * they are set beside netgrade grading the vectors alone; the rows named by the exercise's suites
 * are what the service really runs (property tests, every chunking of a stream, simulations). `npm run bench -- --quick` runs fewer rounds.
 * Then the end-to-end figures through a real server's HTTP API (bench/e2e.ts), unless `--no-e2e`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { loadExerciseCatalog, maxScoreOf } from '../harness/exercises/catalog.js';
import type { Exercise } from '../harness/exercises/types.js';
import { gradeSubmission, type SubmissionSource } from '../harness/grading/grade-submission.js';
import { GradingPool } from '../harness/pool/grading-pool.js';
import { runEndToEnd } from './e2e.js';
import { latencySummary, type LatencySummary } from './latency.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const quick = process.argv.includes('--quick');
const ROUNDS = { inProcess: quick ? 50 : 300, pool: quick ? 30 : 200, freshProcess: quick ? 5 : 20, vitest: quick ? 2 : 5 };
/** The stretch case of the target: the HTTP parser exercise with its vectors repeated to 300. */
const STRETCH_CASES = 300;
const ONE_CORE_CHILD = '--one-core-child';
/** Untimed gradings before netgrade's figures are taken, for at most WARM_UP_MAX_MS (see measure). */
const WARM_UP_GRADINGS = 30;
const WARM_UP_MAX_MS = 1500;

interface Row {
  exercise: string;
  submission: string;
  mode: string;
  summary: LatencySummary;
}

async function main(): Promise<void> {
  const catalog = await loadExerciseCatalog(path.join(root, 'exercises'));
  if (process.argv.includes(ONE_CORE_CHILD)) {
    // The child run on one CPU (see oneCoreRow): only the stretch case, its figures as JSON.
    const { exercise, source } = stretchCase(catalog);
    console.log(JSON.stringify(await measureNetgrade(ROUNDS.inProcess, source, (round) => gradeSubmission(exercise, round))));
    return;
  }
  const rows: Row[] = [];
  const pool = new GradingPool({ exercisesDir: path.join(root, 'exercises'), workers: 1 });
  try {
    for (const exercise of catalog) {
      for (const [label, source] of benchSubmissions(exercise.slug)) {
        rows.push(...(await benchOne(exercise, label, source, pool)));
      }
    }
    const { exercise: stretched, label, source } = stretchCase(catalog);
    const name = `${stretched.slug} (vectors repeated to ${STRETCH_CASES})`;
    const summary = await measureNetgrade(ROUNDS.inProcess, source, (round) => gradeSubmission(stretched, round));
    rows.push({ exercise: name, submission: label, mode: 'netgrade in-process', summary });
    const pinned = oneCoreRow();
    if (pinned) rows.push({ exercise: name, submission: label, mode: 'netgrade in-process, pinned to one CPU', summary: pinned });
    for (const [mode, baseline] of await baselines(stretched, source, { vitest: false })) rows.push({ exercise: name, submission: label, mode, summary: baseline });
  } finally {
    await pool.close();
  }
  printTable(rows);
  if (!process.argv.includes('--no-e2e')) await runEndToEnd({ quick });
}

async function benchOne(exercise: Exercise, label: string, source: SubmissionSource, pool: GradingPool): Promise<Row[]> {
  const rows: Row[] = [];
  const suites = exercise.suites.map((suite) => suite.kind).join(' + ');
  const add = (name: string, mode: string, summary: LatencySummary) => rows.push({ exercise: name, submission: label, mode, summary });
  // What the service does: every suite of the exercise.
  const full = `${exercise.slug} (${suites})`;
  add(full, 'netgrade in-process', await measureNetgrade(ROUNDS.inProcess, source, (round) => gradeSubmission(exercise, round)));
  add(full, 'netgrade pool (worker process)', await measureNetgrade(ROUNDS.pool, source, (round) => pool.grade({ exerciseSlug: exercise.slug, ...round })));
  // The baselines can only call one function with each vector's input: compare them with
  // netgrade doing exactly that work, the vectors alone.
  if ((exercise.config.callStyle ?? 'function') !== 'function') return rows;
  const vectorsOnly = onlyVectors(exercise);
  const same = `${exercise.slug} (${exercise.vectors.length} vectors only)`;
  add(same, 'netgrade in-process', await measureNetgrade(ROUNDS.inProcess, source, (round) => gradeSubmission(vectorsOnly, round)));
  for (const [mode, summary] of await baselines(vectorsOnly, source)) add(same, mode, summary);
  return rows;
}

/** The two ways courses grade today, on the exercise's vectors: a fresh Node process per
 *  submission (given the JavaScript, and loading the TypeScript as submitted), and a vitest run. */
async function baselines(exercise: Exercise, source: SubmissionSource, { vitest = true } = {}): Promise<[string, LatencySummary][]> {
  const found: [string, LatencySummary][] = [];
  const workdir = mkdtempSync(path.join(tmpdir(), 'netgrade-bench-'));
  try {
    const { modulePath, vectorsPath } = await writeBaselineInputs(workdir, exercise, source);
    const checker = path.join(root, 'bench/baselines/fresh-process-checker.mjs');
    found.push(['fresh Node process (given JS)', await measure(ROUNDS.freshProcess, () => runQuietly(process.execPath, [checker, modulePath, vectorsPath, exercise.config.entry]))]);
    if (source.language === 'ts') {
      // What a TypeScript course's grader does: a new process that loads the .ts file as submitted.
      const tsPath = path.join(workdir, 'submission.ts');
      writeFileSync(tsPath, source.code);
      const tsx = path.join(root, 'node_modules/tsx/dist/loader.mjs');
      found.push(['fresh Node process + tsx (TS as submitted)', await measure(ROUNDS.freshProcess, () => runQuietly(process.execPath, ['--import', tsx, checker, tsPath, vectorsPath, exercise.config.entry]))]);
    }
    if (vitest) {
      const testFile = path.join(workdir, 'submission.test.mjs');
      writeFileSync(testFile, vitestFile(modulePath, vectorsPath, exercise.config.entry));
      const vitestBin = path.join(root, 'node_modules/vitest/vitest.mjs');
      found.push(['vitest run', await measure(ROUNDS.vitest, () => runQuietly(process.execPath, [vitestBin, 'run', '--root', workdir, testFile]))]);
    }
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
  return found;
}

/** The target case: the HTTP parser's vectors repeated to 300, graded for its correct golden submission. */
function stretchCase(catalog: Exercise[]): { exercise: Exercise; label: string; source: SubmissionSource } {
  const http = catalog.find((exercise) => exercise.slug === 'http-request-parser');
  const solution = benchSubmissions('http-request-parser').find(([label]) => label.startsWith('correct'));
  if (!http || !solution) throw new Error('the bench needs the http-request-parser exercise and its correct golden submission');
  return { exercise: stretch(onlyVectors(http), STRETCH_CASES), label: solution[0], source: solution[1] };
}

/**
 * The stretch case measured in a child process that `taskset` binds, with every process it
 * starts (esbuild's service), to one CPU: the target is stated for one core. Undefined where
 * there is no taskset.
 */
function oneCoreRow(): LatencySummary | undefined {
  const args = ['-c', '0', process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), ONE_CORE_CHILD, ...(quick ? ['--quick'] : [])];
  try {
    const output = execFileSync('taskset', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return JSON.parse(output.trim().split('\n').at(-1)!) as LatencySummary;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function onlyVectors(exercise: Exercise): Exercise {
  const suites = [{ kind: 'vectors' }];
  return { ...exercise, suites, maxScore: maxScoreOf(exercise.vectors, suites) };
}

/** A correct and a wrong golden submission of an exercise: what students really send. The wrong
 *  one gives wrong answers rather than hanging, since the baselines have no time limits. */
function benchSubmissions(slug: string): [string, SubmissionSource][] {
  const found: [string, SubmissionSource][] = [];
  for (const [outcome, label] of [
    ['pass', 'correct'],
    ['fail', 'wrong'],
  ] as const) {
    const dir = path.join(root, 'test/fixtures', slug, outcome);
    let cases: string[] = [];
    try {
      cases = readdirSync(dir).sort();
    } catch {
      continue;
    }
    const name = cases.find((candidate) => {
      const expected = JSON.parse(readFileSync(path.join(dir, candidate, 'expected.json'), 'utf8')) as { someTestStatus?: string };
      return outcome === 'pass' || expected.someTestStatus === 'failed';
    });
    if (!name) continue;
    const file = readdirSync(path.join(dir, name)).find((entry) => entry.startsWith('submission.'))!;
    found.push([`${label} (${name})`, { language: file.endsWith('.js') ? 'js' : 'ts', filename: file, code: readFileSync(path.join(dir, name, file), 'utf8') }]);
  }
  return found;
}

/**
 * Times `rounds` runs after `warmup` untimed ones. netgrade's grading workers live for a whole
 * term, so their figures are taken warm (WARM_UP_GRADINGS): the first gradings of a process also
 * compile the harness's own code. A fresh process per submission has nothing to warm.
 */
async function measure(rounds: number, run: (round: number) => unknown, warmup = 1): Promise<LatencySummary> {
  // Slow gradings (socket exercises wait on real sockets) warm up within a time budget.
  const warmUntil = performance.now() + WARM_UP_MAX_MS;
  for (let i = 0; i < warmup && (i === 0 || performance.now() < warmUntil); i += 1) await run(-1 - i);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < rounds; i += 1) {
    const t0 = performance.now();
    await run(i);
    samples.push(performance.now() - t0);
  }
  return latencySummary(samples, performance.now() - started);
}

/** netgrade grading `source` `rounds` times, warm, each round a unique copy of it (see asRound). */
function measureNetgrade(rounds: number, source: SubmissionSource, grade: (round: SubmissionSource) => Promise<unknown>): Promise<LatencySummary> {
  return measure(rounds, (round) => grade(asRound(source, round)), WARM_UP_GRADINGS);
}

/**
 * The submission as round `round` grades it: its source made unique by a trailing comment, so that
 * nothing V8 caches by source text (compiled scripts, in an isolate that hosted an earlier
 * submission) makes a round cheaper than a different student's submission would be.
 */
function asRound(source: SubmissionSource, round: number): SubmissionSource {
  return { ...source, code: `${source.code}\n// bench round ${round}\n` };
}

function runQuietly(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { stdio: 'pipe' });
  } catch (error) {
    // A wrong submission makes the baselines exit non-zero; that is a grading, not a failure.
    if ((error as { status?: number }).status === undefined) throw error;
  }
}

async function writeBaselineInputs(workdir: string, exercise: Exercise, source: SubmissionSource) {
  const compiled = await transform(source.code, { loader: source.language, format: 'esm', target: 'es2022' });
  const modulePath = path.join(workdir, 'submission.mjs');
  writeFileSync(modulePath, compiled.code);
  const vectorsPath = path.join(workdir, 'vectors.json');
  writeFileSync(vectorsPath, JSON.stringify(exercise.vectors.map((vector) => ({ name: vector.name, input: vector.input, expected: vector.expected }))));
  return { modulePath, vectorsPath };
}

function vitestFile(modulePath: string, vectorsPath: string, entry: string): string {
  return `import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as submission from ${JSON.stringify(modulePath)};
const vectors = JSON.parse(readFileSync(${JSON.stringify(vectorsPath)}, 'utf8'));
for (const vector of vectors) {
  it(vector.name, () => expect(JSON.parse(JSON.stringify(submission[${JSON.stringify(entry)}](vector.input)))).toMatchObject(vector.expected));
}
`;
}

function stretch(exercise: Exercise, cases: number): Exercise {
  const vectors = Array.from({ length: cases }, (_, i) => {
    const vector = exercise.vectors[i % exercise.vectors.length]!;
    return { ...vector, id: `${vector.id}-${i}` };
  });
  return { ...exercise, vectors, maxScore: maxScoreOf(vectors, exercise.suites) };
}

function printTable(rows: Row[]): void {
  const header = ['exercise', 'submission', 'mode', 'runs', 'p50 ms', 'p99 ms', 'gradings/s', 'p50 vs netgrade'];
  const lines = [header];
  for (const row of rows) {
    const reference = rows.find((other) => other.exercise === row.exercise && other.submission === row.submission && other.mode === 'netgrade in-process');
    const ratio = reference ? row.summary.p50Ms / reference.summary.p50Ms : NaN;
    lines.push([
      row.exercise,
      row.submission,
      row.mode,
      String(row.summary.count),
      row.summary.p50Ms.toFixed(2),
      row.summary.p99Ms.toFixed(2),
      row.summary.perSecond.toFixed(1),
      Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : '',
    ]);
  }
  const widths = header.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  for (const line of lines) console.log(line.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
}

await main();
