import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSubmission } from '../../harness/compile.js';
import { loadExerciseCatalog } from '../../harness/exercises/catalog.js';
import type { Exercise } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import { sandboxReserve } from '../../harness/sandbox/sandbox-reserve.js';
import { SubmissionSandbox } from '../../harness/sandbox/submission-sandbox.js';

const limits = { memoryMb: 32, resultMaxBytes: 4096, outputMaxBytes: 64 };

/** Compiles `code` and calls its export `f` with `input` in a sandbox; returns the JSON it returned. */
async function run(code: string, compiler: 'fast' | 'esbuild', input: unknown = null): Promise<unknown> {
  const compiled = await compileSubmission(code, 'ts', 'solution.ts', { compiler });
  if (!compiled.ok) throw new Error(compiled.message);
  expect(compiled.compiler).toBe(compiler);
  const sandbox = await SubmissionSandbox.create(limits);
  try {
    expect(await sandbox.load(compiled.script, { name: 'f', style: 'function' }, 500)).toEqual({ kind: 'loaded' });
    const outcome = await sandbox.invoke(input, 500);
    return outcome.kind === 'returned' ? JSON.parse(outcome.json ?? 'null') : outcome;
  } finally {
    sandbox.dispose();
  }
}

describe('compileSubmission', () => {
  it('reports a syntax error with its line and column', async () => {
    const outcome = await compileSubmission('export function f() {\n  return (1 +;\n}', 'ts', 'solution.ts');
    expect(outcome).toMatchObject({ ok: false, line: 2 });
  });

  it('gives the same module the same behaviour from both compilers: enums, classes, parameter properties, default and named exports, strict mode', async () => {
    const code = `
      enum Kind { A = 'a', B = 'b' }
      class Box { constructor(private readonly value: number) {} twice(): number { return this.value * 2; } }
      const helper = (x: number): number => new Box(x).twice();
      export default function unused(): void {}
      export function f(input: unknown): unknown {
        let strict = false;
        try { (undefined as any).x = 1; } catch { strict = true; }
        const self = (function (this: unknown) { return this; })();
        return { kinds: [Kind.A, Kind.B], twice: helper(21), strict, thisIsUndefined: self === undefined, input };
      }`;
    const fast = await run(code, 'fast', 'in');
    expect(fast).toEqual({ kinds: ['a', 'b'], twice: 42, strict: true, thisIsUndefined: true, input: 'in' });
    expect(await run(code, 'esbuild', 'in')).toEqual(fast);
  });

  it('leaves the module scope private: top-level names do not become globals', async () => {
    expect(await run('const secret = 1; let counter = 0; export function f() { return [typeof (globalThis as any).secret, typeof (globalThis as any).counter]; }', 'fast')).toEqual(['undefined', 'undefined']);
  });

  it('falls back to esbuild for TypeScript the fast compiler refuses, and for its error messages', async () => {
    const refusedByFast = 'export function f() {\n  return (1 +;\n}';
    expect(await compileSubmission(refusedByFast, 'ts', 'solution.ts')).toMatchObject({ ok: false, line: 2, message: expect.any(String) });
    const compiled = await compileSubmission('export const f = (): number => 1;', 'ts', 'solution.ts');
    expect(compiled).toMatchObject({ ok: true, compiler: 'fast' });
  });
});

describe('grading code the fast compiler lets through and V8 refuses', () => {
  let catalog: Map<string, Exercise>;
  beforeAll(async () => {
    catalog = new Map((await loadExerciseCatalog(path.resolve(import.meta.dirname, '../../exercises'))).map((exercise) => [exercise.slug, exercise]));
  });
  afterAll(() => sandboxReserve.clear());

  for (const [what, code, line] of [
    ['a name declared twice', 'let a = 1;\nlet a = 2;\nexport function parseRequest() { return a; }', 2],
    ['a break outside a loop', 'export function parseRequest() {\n  break;\n}', 2],
    ['an assignment to a literal', 'export function parseRequest() {\n  return 1 = 2;\n}', 2],
  ] as const) {
    it(`reports ${what} as a compile error at its line, as esbuild finds it`, async () => {
      const result = await gradeSubmission(catalog.get('http-request-parser')!, { language: 'ts', filename: 'solution.ts', code });
      expect(result).toMatchObject({ gradable: false, error: { code: 'COMPILE_ERROR', line } });
    });
  }

  it('grades a module that names its own variables module and exports, which the fast compiler cannot', async () => {
    const result = await gradeSubmission(catalog.get('http-request-parser')!, {
      language: 'ts',
      filename: 'solution.ts',
      code: 'const module = { status: 400 };\nlet exports = 0;\nexport function parseRequest() { exports += 1; return { ok: false, status: module.status }; }',
    });
    expect(result.error).toBeUndefined();
    expect(result.score).toBeGreaterThan(0);
  });

  it('still reports a SyntaxError the module itself throws while loading as a load failure', async () => {
    const result = await gradeSubmission(catalog.get('http-request-parser')!, {
      language: 'ts',
      filename: 'solution.ts',
      code: 'JSON.parse("{ not json");\nexport function parseRequest() { return null; }',
    });
    expect(result).toMatchObject({ gradable: true, error: { code: 'LOAD_FAILED', message: expect.stringContaining('SyntaxError') } });
  });
});
