import { afterEach, describe, expect, it } from 'vitest';
import { compileSubmission } from '../../harness/compile.js';
import { SubmissionSandbox } from '../../harness/sandbox/submission-sandbox.js';

const limits = { memoryMb: 32, resultMaxBytes: 1024, outputMaxBytes: 64 };
let sandbox: SubmissionSandbox | undefined;
afterEach(() => sandbox?.dispose());

async function loaded(code: string, entry = 'f') {
  const compiled = await compileSubmission(code, 'ts', 'solution.ts');
  if (!compiled.ok) throw new Error(compiled.message);
  sandbox = await SubmissionSandbox.create(limits);
  return { sandbox, load: await sandbox.load(compiled.script, { name: entry, style: 'function' }, 200) };
}

describe('SubmissionSandbox', () => {
  it('returns the JSON of what the export returned, with a copy of the input', async () => {
    const { sandbox, load } = await loaded('export function f(s: string) { return { length: s.length, s } }');
    expect(load).toEqual({ kind: 'loaded' });
    const outcome = await sandbox.invoke('a\r\n\xff', 100);
    expect(outcome).toMatchObject({ kind: 'returned', json: JSON.stringify({ length: 4, s: 'a\r\n\xff' }) });
  });

  it('reports a module that does not export the entry function, listing what it exports', async () => {
    const { load } = await loaded('export function g() {} export const h = 1;');
    expect(load).toEqual({ kind: 'missing-export', exported: ['g'] });
  });

  it('stops an infinite loop at the time limit and stays usable for the next call', async () => {
    const { sandbox } = await loaded('export function f(s: string) { if (s === "loop") for (;;) {} return s }');
    expect(await sandbox.invoke('loop', 50)).toEqual({ kind: 'time-limit' });
    expect(await sandbox.invoke('ok', 50)).toMatchObject({ kind: 'returned', json: '"ok"' });
  });

  it('reports a memory bomb as a memory-limit verdict', async () => {
    const { sandbox } = await loaded('export function f() { const a: string[] = []; for (;;) a.push("x".repeat(1e5) + a.length) }');
    expect(await sandbox.invoke('', 5000)).toEqual({ kind: 'memory-limit' });
    expect(sandbox.disposed).toBe(true);
  });

  it('describes thrown non-Error values without running their methods outside the isolate', async () => {
    const { sandbox } = await loaded('export function f() { throw { toString() { return "boom" } } }');
    const outcome = await sandbox.invoke('', 100);
    expect(outcome.kind).toBe('threw');
    expect(outcome).toMatchObject({ error: expect.stringContaining('non-Error') });
  });

  it('caps console output and says it was cut', async () => {
    const { sandbox } = await loaded('export function f() { for (let i = 0; i < 100; i++) console.log("line", i); return 1 }');
    const outcome = await sandbox.invoke('', 100);
    expect(outcome).toMatchObject({ kind: 'returned', outputTruncated: true });
    expect(outcome.kind === 'returned' && outcome.output.length).toBe(64);
  });

  it('refuses a result larger than the limit', async () => {
    const { sandbox } = await loaded('export function f() { return "x".repeat(5000) }');
    expect(await sandbox.invoke('', 100)).toMatchObject({ kind: 'result-too-large', bytes: 5002 });
  });

  it('reports a circular result as not serializable', async () => {
    const { sandbox } = await loaded('export function f() { const o: any = {}; o.o = o; return o }');
    expect(await sandbox.invoke('', 100)).toMatchObject({ kind: 'not-serializable' });
  });

  it('gives student code no way to reach the host process or require', async () => {
    const { sandbox } = await loaded(
      'export function f() { return [typeof process, typeof require, typeof globalThis.__netgradeCall, typeof (function(){}).constructor("return this")().process] }',
    );
    expect(await sandbox.invoke('', 100)).toMatchObject({ kind: 'returned', json: '["undefined","undefined","undefined","undefined"]' });
  });
});

describe('SubmissionSandbox with the stream-reader call style', () => {
  it('constructs the class, pushes each chunk, ends, and returns what every call returned', async () => {
    const compiled = await compileSubmission(
      'export class Reader { seen = ""; push(c: string) { this.seen += c; return [c.length] } end() { return [this.seen] } }',
      'ts',
      'reader.ts',
    );
    if (!compiled.ok) throw new Error(compiled.message);
    sandbox = await SubmissionSandbox.create(limits);
    expect(await sandbox.load(compiled.script, { name: 'Reader', style: 'stream-reader' }, 200)).toEqual({ kind: 'loaded' });
    expect(await sandbox.invoke(['ab', 'c'], 100)).toMatchObject({ kind: 'returned', json: '[[2],[1],["abc"]]' });
  });
});

describe('SubmissionSandbox with the named-calls call style', () => {
  it('calls the export the input names with the input\'s arguments', async () => {
    const compiled = await compileSubmission('export const add = (a: number, b: number) => a + b; export const neg = (a: number) => -a;', 'ts', 'm.ts');
    if (!compiled.ok) throw new Error(compiled.message);
    sandbox = await SubmissionSandbox.create(limits);
    await sandbox.load(compiled.script, { name: 'add', style: 'named-calls' }, 200);
    const { outcomes } = await sandbox.invokeMany([['add', 2, 3], ['neg', 4]], { testTimeoutMs: 50, batchTimeoutMs: 200, deadline: performance.now() + 5000 });
    expect(outcomes.map((o) => (o.kind === 'returned' ? o.json : o.kind))).toEqual(['5', '-4']);
  });
});

describe('SubmissionSandbox.invokeMany', () => {
  const timing = (over: Partial<{ testTimeoutMs: number; batchTimeoutMs: number; deadline: number }> = {}) => ({
    testTimeoutMs: 50,
    batchTimeoutMs: 200,
    deadline: performance.now() + 5000,
    ...over,
  });

  it('answers every input in order from one call', async () => {
    const { sandbox } = await loaded('export function f(s: string) { return s.toUpperCase() }');
    const { outcomes, stopped } = await sandbox.invokeMany(['a', 'b', 'c'], timing());
    expect(stopped).toBeUndefined();
    expect(outcomes.map((o) => (o.kind === 'returned' ? o.json : o.kind))).toEqual(['"A"', '"B"', '"C"']);
  });

  it('gives a hanging input time-limit and still answers the inputs after it', async () => {
    const { sandbox } = await loaded('export function f(s: string) { if (s === "hang") for (;;) {} return s }');
    const { outcomes } = await sandbox.invokeMany(['a', 'hang', 'b', 'hang', 'c'], timing());
    expect(outcomes.map((o) => (o.kind === 'returned' ? o.json : o.kind))).toEqual(['"a"', 'time-limit', '"b"', 'time-limit', '"c"']);
  });

  it('gives time-limit to an input slower than the per-test limit even when the batch has time left', async () => {
    const { sandbox } = await loaded('export function f(s: string) { const end = Date.now() + (s === "slow" ? 80 : 0); while (Date.now() < end) {} return s }');
    const { outcomes } = await sandbox.invokeMany(['a', 'slow', 'b'], timing({ batchTimeoutMs: 1000 }));
    expect(outcomes.map((o) => o.kind)).toEqual(['returned', 'time-limit', 'returned']);
  });

  it('stops at the deadline, returning what finished', async () => {
    const { sandbox } = await loaded('export function f(s: string) { for (;;) {} }');
    const { outcomes, stopped } = await sandbox.invokeMany(['a', 'b', 'c', 'd'], timing({ deadline: performance.now() + 120 }));
    expect(stopped).toBe('deadline');
    expect(outcomes.length).toBeLessThan(4);
  });

  it('reports a sandbox failure when the isolate dies of memory mid-batch', async () => {
    const { sandbox } = await loaded('const kept: string[] = []; export function f(s: string) { if (s === "bomb") for (;;) kept.push("x".repeat(1e5) + kept.length); return s }');
    const { outcomes, stopped } = await sandbox.invokeMany(['a', 'bomb', 'b'], timing({ testTimeoutMs: 5000, batchTimeoutMs: 5000 }));
    expect(stopped).toBe('sandbox-failure');
    expect(outcomes).toEqual([]);
    expect(sandbox.disposed).toBe(true);
  });
});

describe('compileSubmission', () => {
  it('reports a syntax error with its line and column', async () => {
    const outcome = await compileSubmission('export function f() {\n  return (1 +;\n}', 'ts', 'solution.ts');
    expect(outcome).toMatchObject({ ok: false, line: 2 });
  });
});
