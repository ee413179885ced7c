import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradingPool } from '../../harness/pool/grading-pool.js';
import type { GradingResult, TestStatus } from '../../harness/result-schema.js';

/**
 * The hostile-submission corpus: test/fixtures/hostile/<attack>/ holds one submission to the
 * http-request-parser exercise that attacks the grader one way, and an expected.json:
 *
 *   verdict  a test status (`time-limit`, `memory-limit`, `output-limit`, `runtime-error`, `failed`)
 *            that some tests get while none passes; or what happens to the whole submission:
 *            `load-failed` (LOAD_FAILED, every test not run), `crash-verdict` (the worker process
 *            died or hung and the pool answered SANDBOX_CRASHED or SANDBOX_TIMEOUT),
 *            `compile-error`, `missing-export`;
 *   note     what the attack does;
 *   actual   optional: what the first public test must show the submission returned.
 *
 * Each is graded through worker processes as the service grades it; after each, a correct
 * submission must get full marks, and this process must be untouched.
 */
interface Expectation {
  verdict: TestStatus | 'load-failed' | 'crash-verdict' | 'compile-error' | 'missing-export';
  note: string;
  actual?: unknown;
}

const hostileDir = path.resolve(import.meta.dirname, '../fixtures/hostile');
const exercisesDir = path.resolve(import.meta.dirname, '../../exercises');
const solution = readFileSync(path.resolve(import.meta.dirname, '../fixtures/http-request-parser/pass/independent-solution/submission.ts'), 'utf8');
/** The file the escape attempts try to write on the host. */
const escapeMarker = '/tmp/netgrade-hostile-marker';
/** The attack that uses up the submission's whole time; graded alongside the others to save time. */
const slowAttack = 'loops-on-every-call';

const pool = new GradingPool({ exercisesDir, workers: 2, jobWallTimeoutMs: 20_000 });
const grade = (code: string): Promise<GradingResult> =>
  pool.grade({ exerciseSlug: 'http-request-parser', language: 'ts', filename: 'submission.ts', code });

const attacks = readdirSync(hostileDir).sort();
const read = (attack: string) => ({
  code: readFileSync(path.join(hostileDir, attack, 'submission.ts'), 'utf8'),
  expected: JSON.parse(readFileSync(path.join(hostileDir, attack, 'expected.json'), 'utf8')) as Expectation,
});

const ownNames = (value: object) => Reflect.ownKeys(value).map(String).sort();
const hostSnapshot = () => ({
  globals: ownNames(globalThis),
  objectPrototype: ownNames(Object.prototype),
  arrayPrototype: ownNames(Array.prototype),
  stringPrototype: ownNames(String.prototype),
  builtins: [JSON.stringify, JSON.parse, Array.prototype.push, String.prototype.slice, Array.isArray, Date.now, Error.prepareStackTrace],
});
let hostBefore: ReturnType<typeof hostSnapshot>;
let fullMarks: number;
let vectorCount: number;
let slowGrading: Promise<GradingResult>;

beforeAll(async () => {
  rmSync(escapeMarker, { force: true });
  hostBefore = hostSnapshot();
  const baseline = await grade(solution);
  fullMarks = baseline.maxScore;
  vectorCount = baseline.tests.length;
  expect(baseline.score).toBe(fullMarks);
  slowGrading = grade(read(slowAttack).code);
});
afterAll(() => pool.close());

function expectVerdict(result: GradingResult, expected: Expectation): void {
  const statuses = new Set(result.tests.map((test) => test.status));
  // What a failure message shows: the run's error, and each status with one message it came with.
  const seen = JSON.stringify({ error: result.error, tests: Object.fromEntries(result.tests.map((test) => [test.status, test.message])) });
  const unexplained = result.tests.filter((test) => test.status !== 'passed' && !test.message);
  expect(unexplained).toEqual([]);
  expect(result.score).toBe(0);
  switch (expected.verdict) {
    case 'load-failed':
      expect(result.error?.code, seen).toBe('LOAD_FAILED');
      expect([...statuses]).toEqual(['not-run']);
      return;
    case 'crash-verdict':
      expect(['SANDBOX_CRASHED', 'SANDBOX_TIMEOUT'], seen).toContain(result.error?.code);
      return;
    case 'compile-error':
      expect(result).toMatchObject({ gradable: false, error: { code: 'COMPILE_ERROR' } });
      return;
    case 'missing-export':
      expect(result).toMatchObject({ gradable: false, error: { code: 'MISSING_EXPORT' } });
      return;
    default:
      expect(result.gradable).toBe(true);
      expect(result.error).toBeUndefined();
      expect(result.tests).toHaveLength(vectorCount);
      expect(statuses, seen).toContain(expected.verdict);
      expect(statuses, seen).not.toContain('passed');
  }
}

function expectHostIntact(): void {
  expect(hostSnapshot()).toEqual(hostBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(existsSync(escapeMarker)).toBe(false);
  expect(pool.workerPids).toHaveLength(2);
  expect(pool.workerPids).not.toContain(process.pid);
}

describe('hostile submissions to http-request-parser', () => {
  it('has a corpus of at least 40 attacks, each with a verdict', () => {
    expect(attacks.length).toBeGreaterThanOrEqual(40);
    for (const attack of attacks) expect(read(attack).expected.verdict, attack).toBeTypeOf('string');
  });

  for (const attack of attacks.filter((name) => name !== slowAttack)) {
    const { code, expected } = read(attack);
    it(`gives ${attack} the verdict ${expected.verdict}, then grades a correct submission with full marks`, async () => {
      const restartsBefore = pool.restarts;
      const result = await grade(code);
      expectVerdict(result, expected);
      if (expected.verdict === 'crash-verdict') expect(pool.restarts).toBe(restartsBefore + 1);
      if (expected.actual !== undefined) {
        const shown = result.tests.find((test) => test.actual !== undefined);
        expect(JSON.parse(shown!.actual!)).toEqual(expected.actual);
      }
      const next = await grade(solution);
      expect(next.tests.filter((test) => test.status !== 'passed')).toEqual([]);
      expect(next.score).toBe(fullMarks);
      expectHostIntact();
    });
  }

  it(`gives ${slowAttack} time-limit until the submission's total time is used up, then not-run`, async () => {
    const result = await slowGrading;
    expectVerdict(result, read(slowAttack).expected);
    expect(new Set(result.tests.map((test) => test.status))).toEqual(new Set(['time-limit', 'not-run']));
    expect(result.tests.at(-1)).toMatchObject({ status: 'not-run', message: 'The submission used up its total time.' });
    expect((await grade(solution)).score).toBe(fullMarks);
    expectHostIntact();
  });

  it('refuses a source over the size limit without running it', async () => {
    const padded = `${solution}\n/*${'x'.repeat(64 * 1024)}*/\n`;
    const result = await grade(padded);
    expect(result).toMatchObject({ gradable: false, error: { code: 'SOURCE_TOO_LARGE' }, tests: [] });
  });
});
