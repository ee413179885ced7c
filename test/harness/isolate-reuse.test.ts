import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSubmission } from '../../harness/compile.js';
import { loadExerciseCatalog } from '../../harness/exercises/catalog.js';
import type { Exercise } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import type { GradingResult } from '../../harness/result-schema.js';
import { sandboxReserve } from '../../harness/sandbox/sandbox-reserve.js';

/**
 * A grading worker keeps its isolate for the next submission when the last one ended cleanly,
 * and gives every submission a fresh context in it (harness/sandbox/sandbox-reserve.ts). These
 * tests hold that promise against submissions that try to leave something behind for the next.
 */
const exercisesDir = path.resolve(import.meta.dirname, '../../exercises');
const fixtures = path.resolve(import.meta.dirname, '../fixtures');
const solution = readFileSync(path.join(fixtures, 'http-request-parser/pass/independent-solution/submission.ts'), 'utf8');
let catalog: Map<string, Exercise>;
beforeAll(async () => {
  catalog = new Map((await loadExerciseCatalog(exercisesDir)).map((exercise) => [exercise.slug, exercise]));
});
afterAll(() => sandboxReserve.clear());

const grade = (code: string, slug = 'http-request-parser', filename = 'submission.ts'): Promise<GradingResult> =>
  gradeSubmission(catalog.get(slug)!, { language: filename.endsWith('.js') ? 'js' : 'ts', filename, code });
const isolatesCreated = () => sandboxReserve.stats.isolatesCreated;
/** Waits for what the reserve does after a grading's answer is out (disposing, preparing). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A correct solution that first checks, as its module loads, that it sees nothing an earlier submission left. */
const watchfulSolution = `
const g = globalThis as any;
const leftovers = [
  typeof g.leftForTheNext, ({} as any).polluted, (Array.prototype as any).polluted, typeof (Error as any).prepareStackTrace,
  JSON.stringify({ a: 1 }) === '{"a":1}' ? undefined : 'JSON.stringify replaced',
  [1].map((x) => x + 1)[0] === 2 ? undefined : 'Array.prototype.map replaced',
  'abc'.slice(1) === 'bc' ? undefined : 'String.prototype.slice replaced',
  g.__submission === undefined ? undefined : 'an earlier module is still loaded',
].filter((seen) => seen !== undefined && seen !== 'undefined');
if (leftovers.length > 0) throw new Error('left behind: ' + leftovers.join(', '));
${solution}`;

/**
 * Grades a correct solution (so a warm isolate is ready), then `code`, then the watchful solution;
 * returns the last two gradings and how many isolates were made after the first.
 */
async function gradeThenWatchful(code: string): Promise<{ result: GradingResult; next: GradingResult; newIsolates: number }> {
  await grade(solution);
  await settle();
  const before = isolatesCreated();
  const result = await grade(code);
  await settle();
  const next = await grade(watchfulSolution);
  return { result, next, newIsolates: isolatesCreated() - before };
}

describe('isolate reuse between submissions', () => {
  it('grades clean submissions one after another in one isolate, each in a context that sees nothing the last one changed', async () => {
    const { result: polluter, next, newIsolates } = await gradeThenWatchful(`
      const g = globalThis as any;
      g.leftForTheNext = { secret: 'from the last submission' };
      (Object.prototype as any).polluted = 'yes';
      (Array.prototype as any).polluted = 'yes';
      (Error as any).prepareStackTrace = () => 'hooked';
      JSON.stringify = () => 'replaced';
      Array.prototype.map = function () { return ['replaced']; } as any;
      String.prototype.slice = () => 'replaced';
      let chain = Promise.resolve();
      for (let i = 0; i < 1000; i++) chain = chain.then(() => { g.leftForTheNext.count = i; });
      new Promise(() => {});
      export function parseRequest(): unknown { Promise.resolve().then(() => { g.late = true; }); return { ok: false, status: 400 }; }
    `);
    expect(polluter.gradable).toBe(true);
    expect(polluter.error).toBeUndefined();
    expect(next.error).toBeUndefined();
    expect(next.score).toBe(next.maxScore);
    expect(newIsolates).toBe(0);
  });

  it('removes the built-ins that could run code or keep objects past the call that used them', async () => {
    const result = await grade(`
      const g = globalThis as any;
      const present = ['FinalizationRegistry', 'WeakRef', 'WebAssembly'].filter((name) => name in g);
      if (typeof (Atomics as any).waitAsync !== 'undefined') present.push('Atomics.waitAsync');
      if (present.length > 0) throw new Error('present: ' + present.join(', '));
      ${solution}`);
    expect(result.error).toBeUndefined();
    expect(result.score).toBe(result.maxScore);
  });

  it('gives the next submission a new isolate after one reached its time limit', async () => {
    const { result: looping, next, newIsolates } = await gradeThenWatchful(
      'let calls = 0; export function parseRequest(): unknown { if (++calls <= 2) for (;;) {} return { ok: false, status: 400 }; }',
    );
    expect(looping.tests.map((test) => test.status)).toContain('time-limit');
    expect(next.score).toBe(looping.maxScore);
    expect(newIsolates).toBe(1);
  });

  it('gives the next submission a new isolate after one ran out of memory', async () => {
    const { result: bomb, next, newIsolates } = await gradeThenWatchful(readFileSync(path.join(fixtures, 'hostile/memory-bomb-typed-array/submission.ts'), 'utf8'));
    expect(bomb.tests.map((test) => test.status)).toContain('memory-limit');
    expect(next.score).toBe(bomb.maxScore);
    expect(newIsolates).toBeGreaterThanOrEqual(1);
  });

  it('does not keep an isolate whose heap a submission left largely in use', async () => {
    const { result: hoarder, next, newIsolates } = await gradeThenWatchful(`
      (globalThis as any).kept = new Float64Array(2_500_000).fill(1);
      ${solution}`);
    expect(hoarder.score).toBe(hoarder.maxScore);
    expect(next.score).toBe(hoarder.maxScore);
    expect(newIsolates).toBe(1);
  });

  it('never reuses the isolate of a socket program, which was granted host functions', async () => {
    const dir = path.join(fixtures, 'udp-uppercase-server/pass', readdirSync(path.join(fixtures, 'udp-uppercase-server/pass'))[0]!);
    const file = readdirSync(dir).find((entry) => entry.startsWith('submission.'))!;
    const program = readFileSync(path.join(dir, file), 'utf8');
    await grade(solution);
    await settle();
    const before = isolatesCreated();
    const first = await grade(program, 'udp-uppercase-server', file);
    expect(first.score).toBe(first.maxScore);
    await settle();
    const second = await grade(program, 'udp-uppercase-server', file);
    expect(second.score).toBe(second.maxScore);
    await settle();
    expect(isolatesCreated()).toBe(before + 2);
  });

  it('gives the same report for the same code in a fresh isolate and in a reused one', async () => {
    const mutant = readFileSync(path.join(exercisesDir, 'http-request-parser/mutants/accepts-bare-lf.ts'), 'utf8');
    const withoutTimes = (result: GradingResult) => JSON.parse(JSON.stringify(result, (key, value) => (key === 'durationMs' ? undefined : value)));
    sandboxReserve.clear();
    const fresh = await grade(mutant);
    await settle();
    const created = isolatesCreated();
    const reused = await grade(mutant);
    expect(isolatesCreated()).toBe(created);
    expect(fresh.score).toBeLessThan(fresh.maxScore);
    expect(withoutTimes(reused)).toEqual(withoutTimes(fresh));
  });

  it('gives a grading that starts while another holds the warm isolate an isolate of its own', async () => {
    const limits = { memoryMb: 32, resultMaxBytes: 1024, outputMaxBytes: 64 };
    const compiled = await compileSubmission('export function f() { return (globalThis as any).mark ??= Math.random(); }', 'ts', 'f.ts');
    if (!compiled.ok) throw new Error(compiled.message);
    const first = sandboxReserve.take(limits);
    const second = sandboxReserve.take(limits);
    expect(second.hostIsolate).not.toBe(first.hostIsolate);
    sandboxReserve.giveBack(first);
    sandboxReserve.giveBack(second);
    await settle();
    expect(second.disposed).toBe(true);
  });
});
