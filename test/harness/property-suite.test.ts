import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { compareHttpParseResult } from '../../harness/comparators/http-parse-result.js';
import { loadExercise, maxScoreOf } from '../../harness/exercises/catalog.js';
import type { Exercise, SuiteConfig } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import { isPropertyDefinition, type PropertyDefinition } from '../../harness/grading/property-definition.js';
import { seedOf } from '../../harness/grading/property-suite.js';
import type { GradingResult, TestResult } from '../../harness/result-schema.js';
import { formatTextReport } from '../../harness/reports/text-report.js';
import { decodeInputBlock } from '../../harness/vectors/markdown-vectors.js';
import { testRow } from '../../server/result-view.js';
import * as httpProperties from '../../exercises/http-request-parser/properties.js';

const exerciseDir = path.resolve(import.meta.dirname, '../../exercises/http-request-parser');
const fixture = (relative: string) => readFileSync(path.resolve(import.meta.dirname, '../fixtures/http-request-parser', relative), 'utf8');
const mutant = (file: string) => readFileSync(path.join(exerciseDir, 'mutants', file), 'utf8');

const definitions = Object.values(httpProperties).filter(isPropertyDefinition) as PropertyDefinition[];

/** The suite as exercise.json declares it. */
const PROPERTIES_SUITE: SuiteConfig = { kind: 'properties', points: 20, module: 'properties.ts', runs: 200 };

let exercise: Exercise;
/** The exercise graded with its property suite only, so each test looks at what it is about. */
let propertiesOnly: Exercise;

beforeAll(async () => {
  const loaded = await loadExercise(exerciseDir);
  const suites = loaded.suites.some((suite) => suite.kind === 'properties') ? loaded.suites : [...loaded.suites, PROPERTIES_SUITE];
  exercise = { ...loaded, suites, maxScore: maxScoreOf(loaded.vectors, suites) };
  propertiesOnly = { ...exercise, suites: suites.filter((suite) => suite.kind === 'properties'), maxScore: 20 };
});

function withOptions(base: Exercise, options: Record<string, unknown>): Exercise {
  return { ...base, suites: base.suites.map((suite) => (suite.kind === 'properties' ? { ...suite, ...options } : suite)) };
}

function grade(target: Exercise, code: string, language: 'ts' | 'js' = 'ts'): Promise<GradingResult> {
  return gradeSubmission(target, { language, filename: `submission.${language}`, code });
}

const propertyTests = (result: GradingResult) => result.tests.filter((test) => test.id.startsWith('property-'));
const withoutTimes = (tests: TestResult[]) => tests.map(({ durationMs: _durationMs, message, ...rest }) => ({ ...rest, message: message?.replace(/shrunk in \d+ calls/, '') }));

/** The counterexample as bytes: the shown input is written as in the vector files. */
const bytesOf = (test: TestResult) => decodeInputBlock(test.input!.split('\n'));

describe('properties suite', () => {
  it('shares 20 points among the http-request-parser properties', () => {
    expect(definitions.length).toBeGreaterThanOrEqual(4);
    expect(definitions.reduce((sum, definition) => sum + definition.points, 0)).toBe(PROPERTIES_SUITE.points);
  });

  it('makes the properties module part of the exercise version when a suite names it', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'netgrade-properties-'));
    try {
      const folder = path.join(copy, 'http-request-parser');
      cpSync(exerciseDir, folder, { recursive: true });
      const config = JSON.parse(readFileSync(path.join(folder, 'exercise.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(path.join(folder, 'exercise.json'), JSON.stringify({ ...config, suites: [{ kind: 'vectors' }, PROPERTIES_SUITE] }));
      const before = await loadExercise(folder);
      expect(before.maxScore).toBe(maxScoreOf(before.vectors, [{ kind: 'vectors' }]) + 20);
      writeFileSync(path.join(folder, 'properties.ts'), `${readFileSync(path.join(folder, 'properties.ts'), 'utf8')}\n// changed\n`);
      const after = await loadExercise(folder);
      expect(after.contentHash).not.toBe(before.contentHash);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('gives the golden correct submission full marks with the properties added to the vectors', async () => {
    const result = await grade(exercise, fixture('pass/independent-solution/submission.ts'));
    expect(result.tests.filter((test) => test.status !== 'passed')).toEqual([]);
    expect(result.score).toBe(exercise.maxScore);
    expect(result.tests).toHaveLength(exercise.vectors.length + definitions.length);
  });

  it.each(readdirSync(path.join(exerciseDir, 'mutants')).filter((file) => file.endsWith('.ts')))('catches the mutant %s with the properties alone', async (file) => {
    const result = await grade(propertiesOnly, mutant(file));
    expect(result.score).toBeLessThan(20);
  });

  it('gives a correct submission every property, each with the seed it used', async () => {
    const result = await grade(propertiesOnly, fixture('pass/independent-solution/submission.ts'));
    const tests = propertyTests(result);
    expect(tests.map((test) => test.id).sort()).toEqual(definitions.map((definition) => definition.id).sort());
    // The exercise pins its seed; without one it comes from the exercise's content hash.
    const configured = exercise.suites.find((suite) => suite.kind === 'properties')?.seed;
    const expectedSeed = typeof configured === 'number' ? configured : seedOf(exercise);
    for (const test of tests) expect(test).toMatchObject({ status: 'passed', points: test.maxPoints, seed: expectedSeed, visibility: 'public' });
    expect(result.score).toBe(20);
  });

  it('points every property at its export in the properties module', async () => {
    const result = await grade(propertiesOnly, fixture('pass/independent-solution/submission.ts'));
    const lines = readFileSync(path.join(exerciseDir, 'properties.ts'), 'utf8').split('\n');
    for (const test of propertyTests(result)) {
      const [file, line] = test.source.split(':');
      expect(file).toBe('properties.ts');
      expect(lines[Number(line) - 1]).toMatch(/^export const \w+ = defineProperty\(/);
    }
  });

  it.each([['the exercise version', {}], ['seed 1', { seed: 1 }], ['seed 2', { seed: 2 }]])('reports a wrong submission with a small shrunk counterexample on which it and the reference disagree (%s)', async (_seed, options) => {
    const result = await grade(withOptions(propertiesOnly, options), mutant('lowercases-header-names.ts'));
    const failed = propertyTests(result).filter((test) => test.status === 'failed');
    expect(failed.map((test) => test.id)).toContain('property-well-formed-requests');
    const wrongParse = ((await import(path.join(exerciseDir, 'mutants/lowercases-header-names.ts'))) as { parseRequest: (message: string) => unknown }).parseRequest;
    for (const test of failed) {
      const counterexample = bytesOf(test);
      expect(counterexample.length).toBeLessThanOrEqual(60);
      const definition = definitions.find((candidate) => candidate.id === test.id)!;
      expect(JSON.parse(test.expected!)).toEqual(definition.expected(counterexample));
      expect(compareHttpParseResult(definition.expected(counterexample), wrongParse(counterexample)).equal).toBe(false);
      expect(test.firstDifference).toBe('request.headers[0][0]');
      expect(test.message).toContain(`--seed ${test.seed}`);
      expect(test.counterexamplePath).toMatch(/^\d+(:\d+)*$/);
    }
  });

  it('reports a seed and path from which fast-check alone regenerates the counterexample', async () => {
    const result = await grade(propertiesOnly, mutant('lowercases-header-names.ts'));
    const test = propertyTests(result).find((candidate) => candidate.id === 'property-well-formed-requests')!;
    const definition = definitions.find((candidate) => candidate.id === test.id)!;
    const lowercased = (message: string) => {
      const answer = definition.expected(message) as { ok: boolean; request?: { headers: [string, string][] } };
      return !answer.ok || answer.request!.headers.every(([name]) => name === name.toLowerCase());
    };
    const replay = fc.check(fc.property(definition.inputs, (input) => lowercased(input as string)), {
      seed: test.seed!,
      path: test.counterexamplePath!,
      endOnFailure: true,
    });
    expect(replay.failed).toBe(true);
    expect(replay.counterexample![0]).toBe(bytesOf(test));
  });

  it('shows the seed and the fast-check path in the text report and on the submission page', async () => {
    const result = await grade(propertiesOnly, mutant('lowercases-header-names.ts'));
    const failed = propertyTests(result).find((test) => test.status === 'failed')!;
    expect(formatTextReport(result)).toContain(`seed ${failed.seed}, fast-check path ${failed.counterexamplePath}`);
    expect(testRow(failed).replay).toEqual({ seed: failed.seed, counterexamplePath: failed.counterexamplePath });
  });

  it('gives the same property results when the same code is graded twice', async () => {
    const code = mutant('splits-request-line-on-whitespace.ts');
    const first = propertyTests(await grade(exercise, code));
    const second = propertyTests(await grade(exercise, code));
    expect(first.some((test) => test.status === 'failed')).toBe(true);
    expect(withoutTimes(second)).toEqual(withoutTimes(first));
  });

  it('generates other inputs from another seed, and the same ones from the same seed', async () => {
    // Wrong on one input length in eleven, so the first failing run depends on the inputs drawn.
    const code = fixture('pass/independent-solution/submission.ts').replace('export function parseRequest', 'function parseCorrectly') +
      '\nexport function parseRequest(message: string) { return message.length % 11 === 5 ? { ok: false, status: 505 } : parseCorrectly(message); }\n';
    const inputs = async (seed: number) =>
      propertyTests(await grade(withOptions(propertiesOnly, { seed }), code))
        .filter((test) => test.status === 'failed')
        .map((test) => `${test.id} ${test.counterexamplePath} ${test.input}`);
    expect(await inputs(11)).toEqual(await inputs(11));
    expect(await inputs(11)).not.toEqual(await inputs(12));
  });

  it('computes expected answers in the host and sends the isolate nothing but the inputs', async () => {
    const spies = definitions.map((definition) => vi.spyOn(definition, 'expected'));
    // A submission that reports everything it can reach: its arguments and the isolate's globals.
    const snoop = `
      export function parseRequest(...args) {
        const globals = Object.getOwnPropertyNames(globalThis);
        const values = globals.map((name) => { try { return typeof globalThis[name] === 'function' ? name : name + '=' + JSON.stringify(globalThis[name]); } catch { return name; } });
        return { ok: 'report', argc: args.length, types: args.map((arg) => typeof arg), values };
      }`;
    try {
      const result = await grade(withOptions(propertiesOnly, { seed: 424242 }), snoop, 'js');
      for (const spy of spies) expect(spy).toHaveBeenCalled();
      for (const test of propertyTests(result)) {
        expect(test.status).toBe('failed');
        const seen = JSON.parse(test.actual!) as { argc: number; types: string[]; values: string[] };
        expect(seen.argc).toBe(1);
        expect(seen.types).toEqual(['string']);
        const reachable = seen.values.join('\n');
        expect(reachable).not.toMatch(/\b(expected|reference|properties|fc|fastCheck|netgrade\w*)\b|"ok":|"status":/i);
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('keeps a submission that fails every input within the shrinking budget', async () => {
    const code = 'export function parseRequest(message: string) { return { ok: true, request: { method: message, target: "", version: "", headers: [], body: "" } }; }';
    const budget = { shrinkCalls: 50 };
    const result = await grade(withOptions(propertiesOnly, { ...budget, seed: 99 }), code);
    const tests = propertyTests(result);
    expect(tests.every((test) => test.status === 'failed')).toBe(true);
    for (const test of tests) {
      const calls = Number(/shrunk in (\d+) calls/.exec(test.message!)![1]);
      expect(calls).toBeLessThanOrEqual(budget.shrinkCalls);
    }
  });

  it('reports a submission that throws as a runtime error with its counterexample', async () => {
    const result = await grade(withOptions(propertiesOnly, { seed: 5 }), 'export function parseRequest(message: string) { if (message.includes("\\t")) throw new Error("tab"); return { ok: false, status: 400 }; }');
    const test = propertyTests(result).find((candidate) => candidate.status === 'runtime-error')!;
    expect(test.message).toContain('tab');
    expect(bytesOf(test)).toContain('\t');
    expect(bytesOf(test).length).toBeLessThanOrEqual(60);
  });
});
