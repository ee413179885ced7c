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

describe('SubmissionSandbox against hostile code', () => {
  it('leaves nothing of the grader in the global scope for the student to read or call', async () => {
    const { sandbox } = await loaded('export function f() { return Object.getOwnPropertyNames(globalThis).filter((name) => /^__|netgrade|WebAssembly/i.test(name)) }');
    expect(await sandbox.invoke('', 100)).toMatchObject({ kind: 'returned', json: '["__submission"]' });
  });

  it('gives each sandbox a fresh isolate that sees nothing an earlier submission left behind', async () => {
    const { sandbox: first } = await loaded('(globalThis as any).leftBehind = 1; (Object.prototype as any).polluted = 1; export function f() { return 0 }');
    first.dispose();
    const { sandbox: second } = await loaded('export function f() { return [typeof (globalThis as any).leftBehind, typeof ({} as any).polluted] }');
    expect(await second.invoke('', 100)).toMatchObject({ kind: 'returned', json: '["undefined","undefined"]' });
  });

  it('describes what the module throws inside the isolate, so a stack trace hook that never returns cannot hang the host', async () => {
    const started = performance.now();
    const { load } = await loaded('(Error as any).prepareStackTrace = () => { for (;;) {} }; throw new Error("no load")');
    expect(load).toEqual({ kind: 'threw', error: 'Error: no load' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('checks the exports with its own functions, whatever the module replaced', async () => {
    const { load } = await loaded('Object.keys = () => ["f"]; JSON.stringify = () => \'["f"]\'; Array.prototype.filter = () => ["f"]; export function g() {}');
    expect(load).toEqual({ kind: 'missing-export', exported: ['g'] });
  });

  it('keeps its batch records honest when the student replaces push, JSON.stringify, toJSON and Date.now', async () => {
    const { sandbox } = await loaded(
      `const fake = { kind: 'returned', json: '"faked"', output: '', outputTruncated: false, elapsedMs: 0 };
       Array.prototype.push = function () { return 0 };
       JSON.stringify = () => '"faked"';
       Object.defineProperty(Object.prototype, 'toJSON', { value: () => fake, configurable: true });
       Object.defineProperty(Object.prototype, 'kind', { get: () => 'returned', set() {}, configurable: true });
       const realNow = Date.now;
       Date.now = () => 0;
       // The slow call counts its work rather than the clock, so a busy machine cannot make it fast in CPU time.
       export function f(s: string) { if (s === "slow") { let x = 0; for (let i = 0; i < 5e7; i++) x = (x + i) % 7919; if (x < 0) return realNow() } return s.length }`,
    );
    const { outcomes } = await sandbox.invokeMany(['ab', 'slow', 'c'], { testTimeoutMs: 50, batchTimeoutMs: 1000, deadline: performance.now() + 5000 });
    expect(outcomes.map((o) => (o.kind === 'returned' ? o.json : o.kind))).toEqual(['2', 'time-limit', '1']);
  });

  it('describes a thrown value without the student\'s instanceof, getters or toString', async () => {
    const { sandbox } = await loaded(
      'Object.defineProperty(Error, Symbol.hasInstance, { value: () => { for (;;) {} } }); export function f(s: string) { if (s) throw new TypeError("plain"); throw new Proxy({}, { getPrototypeOf() { throw 1 } }) }',
    );
    expect(await sandbox.invoke('x', 100)).toMatchObject({ kind: 'threw', error: 'TypeError: plain' });
    expect(await sandbox.invoke('', 100)).toMatchObject({ kind: 'threw', error: 'threw a value that cannot be described' });
  });

  it('reports code stopped at the time limit with its heap nearly full as memory-limit', async () => {
    const { sandbox } = await loaded('export function f() { const kept: number[][] = []; for (;;) kept.push(new Array(1 << 18).fill(kept.length)) }');
    expect(await sandbox.invoke('', 100)).toEqual({ kind: 'memory-limit' });
  });

  it('reports an ArrayBuffer the isolate refuses to allocate as memory-limit', async () => {
    const { sandbox } = await loaded('export function f() { return new Uint8Array(2 ** 32).length }');
    expect(await sandbox.invoke('', 100)).toEqual({ kind: 'memory-limit' });
  });

  it('offers no WebAssembly, whose memory would live outside the heap limit', async () => {
    const { sandbox } = await loaded('export function f() { return typeof WebAssembly }');
    expect(await sandbox.invoke('', 100)).toMatchObject({ kind: 'returned', json: '"undefined"' });
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

describe('SubmissionSandbox time limits', () => {
  it('judges a call on its CPU time: computing past the limit is a time-limit', async () => {
    // Work counted in iterations, not on the clock: on a busy machine a clock-bound spin may get little CPU time.
    const { sandbox } = await loaded('export function f() { let x = 0; for (let i = 0; i < 5e7; i++) x = (x + i) % 7919; return x }');
    expect((await sandbox.invoke('', 100)).kind).toBe('time-limit');
  });

  it('judges a call on its CPU time: waiting without computing is not counted, up to the wall-clock cap', async () => {
    const { sandbox } = await loaded('export function f() { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150); return 1 }');
    expect(await sandbox.invoke('', 100)).toMatchObject({ kind: 'returned', json: '1' });
    expect((await sandbox.invoke('', 30)).kind).toBe('time-limit');
  });

  it('gives a batched call that overran the wall clock but not its CPU time its real answer', async () => {
    const { sandbox } = await loaded('export function f(s: string) { if (s === "wait") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 80); return s }');
    const { outcomes } = await sandbox.invokeMany(['a', 'wait', 'b'], { testTimeoutMs: 50, batchTimeoutMs: 1000, deadline: performance.now() + 5000 });
    expect(outcomes.map((o) => (o.kind === 'returned' ? o.json : o.kind))).toEqual(['"a"', '"wait"', '"b"']);
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
    const { sandbox } = await loaded('export function f(s: string) { let x = 0; if (s === "slow") for (let i = 0; i < 5e7; i++) x = (x + i) % 7919; return x < 0 ? "" : s }');
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
