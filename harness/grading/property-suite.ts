/**
 * The `properties` suite: property-based differential tests. For each property of the exercise's
 * properties module, the inputs are generated in the host from a fixed seed, sent into the
 * sandbox in a few growing batches, and each answer is compared with the reference's answer,
 * computed here: neither the reference nor its answers enter the isolate. Only when one disagrees
 * does the suite shrink it, calling the student's code for the smaller candidates fast-check
 * proposes, within a budget of calls and time. The same code and the same seed always give the
 * same report.
 *
 * Options in exercise.json:
 *   { "kind": "properties", "points": 20, "module": "properties.ts", "runs": 200, "seed": 1234 }
 * `points` must equal the sum of the properties' points. `seed` is optional: without it the seed
 * is derived from the exercise's contentHash, so it changes only with a new exercise version.
 * `shrinkCalls` bounds the shrinking of one property (default below): a count, not a time, so the
 * same code and seed always give the same counterexample.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Exercise, SuiteConfig, VectorCase } from '../exercises/types.js';
import type { TestResult } from '../result-schema.js';
import type { CallOutcome } from '../sandbox/submission-sandbox.js';
import type { Comparator } from './comparators.js';
import { judge, notRun, round } from './judge.js';
import { generatedCases, inputKey, runUntilDisagreement, shrinkCounterexample, type PropertyRunSettings } from './property-counterexample.js';
import { isPropertyDefinition, type PropertyDefinition } from './property-definition.js';
import type { SandboxSession } from './sandbox-session.js';
import type { SuiteContext } from './suites.js';

export interface PropertySuiteOptions extends PropertyRunSettings {
  /** The properties module, relative to the exercise folder. */
  module: string;
  points: number;
}

const DEFAULT_RUNS = 100;
const DEFAULT_SHRINK_CALLS = 400;
const OPTION_KEYS = new Set(['kind', 'points', 'module', 'runs', 'seed', 'shrinkCalls']);

/** A property as the suite runs it: its definition, and where the module declares it. */
interface LoadedProperty {
  definition: PropertyDefinition;
  /** Absolute path of the module. */
  moduleFile: string;
  /** "properties.ts:42", the line of its export. */
  source: string;
}

const loadedModules = new Map<string, Promise<LoadedProperty[]>>();

export async function gradeProperties({ session, exercise, compare, options }: SuiteContext): Promise<TestResult[]> {
  const settings = propertySuiteOptions(options, exercise);
  const properties = await loadProperties(exercise, settings);
  const results: TestResult[] = [];
  for (const property of properties) {
    results.push(await gradeProperty(property, { session, exercise, compare, settings }));
  }
  return results;
}

/** The seed a suite uses unless exercise.json names one: stable for one version of the exercise. */
export function seedOf(exercise: Exercise): number {
  return Number.parseInt(exercise.contentHash.slice(0, 8), 16) >>> 1;
}

export function propertySuiteOptions(options: SuiteConfig, exercise: Exercise): PropertySuiteOptions {
  const where = `exercise ${exercise.slug}, suite "properties"`;
  for (const key of Object.keys(options)) if (!OPTION_KEYS.has(key)) throw new Error(`${where}: unknown option "${key}"`);
  const { module, points } = options;
  if (typeof module !== 'string' || !/\.(m?ts|m?js)$/.test(module) || path.isAbsolute(module) || module.split(/[\\/]/).includes('..')) {
    throw new Error(`${where}: "module" must be a .ts or .js file inside the exercise folder`);
  }
  if (typeof points !== 'number' || !(points > 0)) throw new Error(`${where}: "points" must be positive`);
  const integer = (key: string, fallback: number, min: number, max: number): number => {
    const value = options[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${where}: "${key}" must be an integer from ${min} to ${max}`);
    }
    return value;
  };
  return {
    module,
    points,
    runs: integer('runs', DEFAULT_RUNS, 1, 10_000),
    seed: integer('seed', seedOf(exercise), -(2 ** 31), 2 ** 31 - 1),
    shrinkCalls: integer('shrinkCalls', DEFAULT_SHRINK_CALLS, 0, 100_000),
  };
}

/** The module's properties in the order it declares them; imported once per process. */
async function loadProperties(exercise: Exercise, settings: PropertySuiteOptions): Promise<LoadedProperty[]> {
  const file = path.join(exercise.dir, settings.module);
  let loading = loadedModules.get(file);
  if (!loading) {
    loading = importProperties(file, settings.module);
    loadedModules.set(file, loading);
    loading.catch(() => loadedModules.delete(file));
  }
  const properties = await loading;
  const where = `exercise ${exercise.slug}, ${settings.module}`;
  const total = properties.reduce((sum, property) => sum + property.definition.points, 0);
  if (total !== settings.points) throw new Error(`${where}: the properties earn ${total} points but the suite states ${settings.points}`);
  const vectorIds = new Set(exercise.vectors.map((vector) => vector.id));
  for (const { definition } of properties) {
    if (vectorIds.has(definition.id)) throw new Error(`${where}: property id "${definition.id}" is also a vector id`);
  }
  return properties;
}

async function importProperties(file: string, relative: string): Promise<LoadedProperty[]> {
  const [namespace, text] = await Promise.all([import(pathToFileURL(file).href) as Promise<Record<string, unknown>>, readFile(file, 'utf8')]);
  const lines = text.split('\n');
  const found = Object.entries(namespace).flatMap(([exportName, value]) => {
    if (!isPropertyDefinition(value)) return [];
    const index = lines.findIndex((line) => new RegExp(`^export\\s+const\\s+${exportName}\\b`).test(line));
    return [{ definition: value, line: index + 1 }];
  });
  if (found.length === 0) throw new Error(`${relative}: exports no property`);
  const ids = new Set<string>();
  for (const { definition } of found) {
    if (ids.has(definition.id)) throw new Error(`${relative}: property id "${definition.id}" is used twice`);
    ids.add(definition.id);
  }
  return found.sort((a, b) => a.line - b.line).map(({ definition, line }) => ({ definition, moduleFile: file, source: `${relative}:${line}` }));
}

interface PropertyRun {
  session: SandboxSession;
  exercise: Exercise;
  compare: Comparator;
  settings: PropertySuiteOptions;
}

/** One property: generate (once per worker), run until the first disagreement, shrink it. */
async function gradeProperty({ definition, moduleFile, source }: LoadedProperty, run: PropertyRun): Promise<TestResult> {
  const { session, compare, settings } = run;
  const started = performance.now();
  const elapsed = () => round(performance.now() - started);
  const [file, line] = source.split(':') as [string, string];
  const visibility = definition.visibility ?? 'public';
  const asVector = (input: unknown): VectorCase => ({
    id: definition.id,
    name: definition.name,
    file,
    line: Number(line),
    input: input as string,
    expected: definition.expected(input),
    visibility,
    points: definition.points,
    rfc: definition.rfc,
  });
  const agrees = (expected: unknown, outcome: CallOutcome) =>
    outcome.kind === 'returned' && compare(expected, outcome.json === undefined ? undefined : JSON.parse(outcome.json)).equal;

  const { inputs, expected } = generatedCases(definition, moduleFile, settings);
  const { known, failing, complete } = await runUntilDisagreement(session, inputs, (i, outcome) => !agrees(expected[i], outcome));
  if (failing === -1) {
    if (!complete) {
      const reason = session.timeIsUp ? 'The submission used up its total time.' : 'The sandbox could not be restarted.';
      return { ...notRun(asVector(inputs[0]), reason), source };
    }
    const { id, name, rfc, points } = definition;
    return { id, name, source, visibility, status: 'passed', points, maxPoints: points, rfc, seed: settings.seed, durationMs: elapsed() };
  }

  const found = { input: inputs[failing], outcome: known.get(inputKey(inputs[failing]))! };
  const disagrees = (input: unknown, outcome: CallOutcome) => !agrees(definition.expected(input), outcome);
  const shrunk = await shrinkCounterexample(definition, session, settings, failing, known, disagrees, found);
  const result = judge(asVector(shrunk.input), shrunk.outcome, compare, elapsed());
  if (visibility === 'hidden') return { ...result, source };
  const reproduce = `npx netgrade test ${run.exercise.slug} <file> --seed ${settings.seed}`;
  return {
    ...result,
    source,
    seed: settings.seed,
    counterexamplePath: shrunk.path,
    message:
      `${result.message} Property: ${definition.checks} ` +
      `The input is the smallest disagreement found (run ${failing + 1} of ${settings.runs}, shrunk in ${shrunk.calls} calls). ` +
      `Reproduce it with \`${reproduce}\`.`,
  };
}
