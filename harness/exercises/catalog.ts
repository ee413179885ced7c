import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseVectorFile } from '../vectors/markdown-vectors.js';
import { localModuleGraph } from './module-graph.js';
import { resolveLimits } from './limits.js';
import type { Exercise, ExerciseConfig, SuiteConfig, VectorCase } from './types.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CONFIG_KEYS = new Set(['slug', 'title', 'summary', 'entry', 'comparator', 'statement', 'starter', 'reference', 'callStyle', 'capabilities', 'vectors', 'limits', 'suites']);
const CAPABILITIES = new Set(['dgram', 'net']);

/** Loads every exercise folder under `exercisesDir` (a folder with an exercise.json), sorted by slug. */
export async function loadExerciseCatalog(exercisesDir: string): Promise<Exercise[]> {
  const entries = await readdir(exercisesDir, { withFileTypes: true });
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => path.join(exercisesDir, entry.name));
  const exercises: Exercise[] = [];
  for (const folder of folders) {
    const hasConfig = await stat(path.join(folder, 'exercise.json')).then(
      (info) => info.isFile(),
      () => false,
    );
    if (hasConfig) exercises.push(await loadExercise(folder));
  }
  return exercises.sort((a, b) => a.slug.localeCompare(b.slug));
}

/** Loads and checks one exercise folder; throws with the file and the reason when anything is off. */
export async function loadExercise(dir: string): Promise<Exercise> {
  const configText = await readFile(path.join(dir, 'exercise.json'), 'utf8');
  const config = checkConfig(JSON.parse(configText) as unknown, path.join(dir, 'exercise.json'));
  if (config.slug !== path.basename(dir)) {
    throw new Error(`${dir}: exercise.json says slug "${config.slug}" but the folder is named "${path.basename(dir)}"`);
  }
  const hash = createHash('sha256');
  const hashed = (relative: string, text: string) => hash.update(`${relative}\0${text.length}\0${text}\0`);
  hashed('exercise.json', configText);

  const vectors: VectorCase[] = [];
  const seen = new Map<string, string>();
  for (const file of config.vectors) {
    const text = await readFile(path.join(dir, file), 'utf8');
    hashed(file, text);
    for (const vector of parseVectorFile(text, file)) {
      const earlier = seen.get(vector.id);
      if (earlier) throw new Error(`${dir}: vector id "${vector.id}" at ${vector.file}:${vector.line} is already used at ${earlier}`);
      seen.set(vector.id, `${vector.file}:${vector.line}`);
      vectors.push(vector);
    }
  }
  if (vectors.length === 0) throw new Error(`${dir}: the exercise has no vectors`);
  const statementMarkdown = await readFile(path.join(dir, config.statement), 'utf8');
  hashed(config.statement, statementMarkdown);
  const starterSource = await readFile(path.join(dir, config.starter), 'utf8');
  hashed(config.starter, starterSource);

  const suites = config.suites ?? [{ kind: 'vectors' }];
  const propertyModules: string[] = [];
  // A properties module is graded content too: hashed as text here, imported only by the grader.
  for (const suite of suites) {
    if (suite.kind !== 'properties' || typeof suite.module !== 'string') continue;
    if (path.isAbsolute(suite.module) || suite.module.split(/[\\/]/).includes('..')) throw new Error(`${dir}: "${suite.module}" must stay inside the exercise folder`);
    hashed(suite.module, await readFile(path.join(dir, suite.module), 'utf8'));
    propertyModules.push(path.join(dir, suite.module));
  }
  // What a test expects also comes from the reference and the modules it and the properties
  // import, so a change there is a new exercise version too (a regrade is offered for it).
  const projectRoot = path.resolve(dir, '..', '..');
  const referenceRoot = path.join(projectRoot, 'reference');
  const graded = [...(config.reference ? [path.join(projectRoot, config.reference)] : []), ...propertyModules];
  for (const [file, text] of await localModuleGraph(graded, [referenceRoot, dir])) {
    if (!propertyModules.includes(file)) hashed(path.relative(projectRoot, file).split(path.sep).join('/'), text);
  }
  return {
    config,
    slug: config.slug,
    title: config.title,
    summary: config.summary,
    dir,
    statementMarkdown,
    starterSource,
    starterFilename: path.basename(config.starter),
    vectors,
    limits: resolveLimits(config.limits, path.join(dir, 'exercise.json')),
    suites,
    maxScore: maxScoreOf(vectors, suites),
    contentHash: hash.digest('hex'),
  };
}

/** Kinds of suite that grade the vectors, and so earn the vectors' points. */
export const VECTOR_SUITE_KINDS: ReadonlySet<string> = new Set(['vectors', 'stream-vectors', 'dns-codec', 'udp-server', 'socket-client', 'tcp-server']);

export function maxScoreOf(vectors: VectorCase[], suites: SuiteConfig[]): number {
  const vectorPoints = suites.some((suite) => VECTOR_SUITE_KINDS.has(suite.kind)) ? vectors.reduce((sum, vector) => sum + vector.points, 0) : 0;
  return vectorPoints + suites.reduce((sum, suite) => sum + (VECTOR_SUITE_KINDS.has(suite.kind) ? 0 : (suite.points ?? 0)), 0);
}

function checkSuites(raw: unknown, where: string): void {
  if (!Array.isArray(raw) || raw.length === 0) throw new Error(`${where}: "suites" must be a non-empty list`);
  for (const suite of raw as unknown[]) {
    if (typeof suite !== 'object' || suite === null || typeof (suite as SuiteConfig).kind !== 'string') {
      throw new Error(`${where}: every suite needs a "kind"`);
    }
    const { kind, points } = suite as SuiteConfig;
    if (VECTOR_SUITE_KINDS.has(kind)) {
      if (points !== undefined) throw new Error(`${where}: suite "${kind}" earns the vectors' points and takes no "points"`);
    } else if (typeof points !== 'number' || !(points > 0)) {
      throw new Error(`${where}: suite "${kind}" needs positive "points"`);
    }
  }
}

function checkConfig(raw: unknown, where: string): ExerciseConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where}: must be a JSON object`);
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) if (!CONFIG_KEYS.has(key)) throw new Error(`${where}: unknown key "${key}"`);
  // A program (callStyle "program") is run for its effects; nothing of it is called by name.
  if (config.callStyle === 'program' && config.entry === undefined) config.entry = '';
  const required = ['slug', 'title', 'summary', 'comparator', 'statement', 'starter', ...(config.callStyle === 'program' ? [] : ['entry'])];
  for (const key of required) {
    if (typeof config[key] !== 'string' || config[key] === '') throw new Error(`${where}: "${key}" must be a non-empty string`);
  }
  if (!SLUG.test(config.slug as string)) throw new Error(`${where}: slug must be kebab-case`);
  if (config.callStyle !== 'program' && !/^[A-Za-z_$][\w$]*$/.test(config.entry as string)) throw new Error(`${where}: entry must be a JavaScript identifier`);
  if (!Array.isArray(config.vectors) || config.vectors.length === 0 || config.vectors.some((v) => typeof v !== 'string')) {
    throw new Error(`${where}: "vectors" must be a non-empty list of file names`);
  }
  for (const file of [config.statement, config.starter, ...config.vectors] as string[]) {
    if (path.isAbsolute(file) || file.split(/[\\/]/).includes('..')) throw new Error(`${where}: "${file}" must stay inside the exercise folder`);
  }
  if (config.callStyle !== undefined && !['function', 'stream-reader', 'named-calls', 'program'].includes(config.callStyle as string)) {
    throw new Error(`${where}: "callStyle" must be "function", "stream-reader", "named-calls" or "program"`);
  }
  if (config.capabilities !== undefined) {
    const capabilities = config.capabilities;
    if (!Array.isArray(capabilities) || capabilities.some((name) => typeof name !== 'string' || !CAPABILITIES.has(name))) {
      throw new Error(`${where}: "capabilities" must be a list of ${[...CAPABILITIES].map((name) => `"${name}"`).join(', ')}`);
    }
  }
  if (config.reference !== undefined) {
    const reference = config.reference;
    if (typeof reference !== 'string' || !/^reference\/[\w./-]+\.ts$/.test(reference) || reference.includes('..')) {
      throw new Error(`${where}: "reference" must be a .ts path under reference/`);
    }
  }
  if (config.suites !== undefined) checkSuites(config.suites, where);
  if (config.limits !== undefined && (typeof config.limits !== 'object' || config.limits === null)) {
    throw new Error(`${where}: "limits" must be an object`);
  }
  return config as unknown as ExerciseConfig;
}
