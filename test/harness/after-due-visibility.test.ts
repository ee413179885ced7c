import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExerciseCatalog } from '../../harness/exercises/catalog.js';
import type { Exercise, VectorCase } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import { judge } from '../../harness/grading/judge.js';
import type { SandboxSession } from '../../harness/grading/sandbox-session.js';
import { gradeVectors } from '../../harness/grading/vector-suite.js';
import { resultForStudent } from '../../harness/reports/student-view.js';
import type { GradingResult, TestResult } from '../../harness/result-schema.js';

const exercisesDir = path.resolve(import.meta.dirname, '../../exercises');
const EVIDENCE = ['input', 'expected', 'actual', 'firstDifference', 'output', 'message', 'rfc'] as const;

function vector(visibility: VectorCase['visibility'], id: string): VectorCase {
  return { id, name: `Case ${id}`, file: 'vectors/topic.md', line: 3, input: `in-${id}`, expected: { secret: `expected-${id}` }, visibility, points: 2, rfc: 'RFC 9112 §6.3' };
}

const wrongAnswer = { kind: 'returned', json: '{"secret":"mine"}', output: 'printed\n', outputTruncated: false } as const;
const compareJson = (expected: unknown, actual: unknown) => ({ equal: JSON.stringify(expected) === JSON.stringify(actual), firstDifference: 'secret' });

function resultOf(tests: TestResult[]): GradingResult {
  return {
    schemaVersion: 1,
    exercise: { slug: 'topic', contentHash: 'abc' },
    gradable: true,
    score: tests.reduce((sum, test) => sum + test.points, 0),
    maxScore: tests.reduce((sum, test) => sum + test.maxPoints, 0),
    tests,
    durationMs: 1,
  };
}

describe('a test visible after the due date', () => {
  const tests = [
    judge(vector('public', 'shown'), wrongAnswer, compareJson, 1),
    judge(vector('hidden', 'kept-back'), wrongAnswer, compareJson, 1),
    judge(vector('after-due', 'later'), wrongAnswer, compareJson, 1),
  ];

  it('is recorded with its evidence, like a public test, while a hidden one keeps only its verdict', () => {
    const [, hidden, afterDue] = tests;
    expect(afterDue).toMatchObject({ visibility: 'after-due', input: 'in-later', actual: expect.stringContaining('mine') });
    expect(afterDue!.expected).toContain('expected-later');
    expect(afterDue!.output).toBe('printed\n');
    expect(hidden).not.toHaveProperty('input');
    expect(hidden).not.toHaveProperty('expected');
    expect(hidden).not.toHaveProperty('actual');
  });

  it('reads as a hidden test to its student before the due date, numbered with the hidden ones', () => {
    const shown = resultForStudent(resultOf(tests));
    expect(shown.tests.map((test) => [test.name, test.visibility])).toEqual([
      ['Case shown', 'public'],
      ['Hidden test 1', 'hidden'],
      ['Hidden test 2', 'hidden'],
    ]);
    for (const test of shown.tests.slice(1)) {
      for (const key of EVIDENCE) expect(test, key).not.toHaveProperty(key);
      expect(test).toMatchObject({ source: '', status: 'failed', points: 0, maxPoints: 2 });
    }
    expect(JSON.stringify(shown)).not.toContain('expected-later');
    expect(JSON.stringify(shown)).not.toContain('Case later');
  });

  it('is shown in full after the due date, while a hidden test stays hidden', () => {
    const shown = resultForStudent(resultOf(tests), { afterDue: true });
    expect(shown.tests[2]).toEqual(tests[2]);
    expect(shown.tests[1]).toMatchObject({ name: 'Hidden test 1', visibility: 'hidden' });
    expect(JSON.stringify(shown)).not.toContain('expected-kept-back');
  });

  it('keeps the score and the points of every test whatever is shown', () => {
    for (const afterDue of [false, true]) {
      const shown = resultForStudent(resultOf(tests), { afterDue });
      expect(shown.tests.map((test) => test.maxPoints)).toEqual([2, 2, 2]);
      expect(shown.maxScore).toBe(6);
    }
  });

  it('never sends its expected answer into the sandbox: only the inputs are run', async () => {
    const runs: unknown[][] = [];
    const session = { timeIsUp: false, runAll: async (inputs: unknown[]) => (runs.push(inputs), inputs.map(() => wrongAnswer)) } as unknown as SandboxSession;
    const exercise = { vectors: [vector('after-due', 'later'), vector('hidden', 'kept-back')] } as Exercise;
    await gradeVectors(session, exercise, compareJson);
    expect(runs).toEqual([['in-later', 'in-kept-back']]);
  });
});

describe('after-due vectors of http-request-parser, graded', () => {
  let exercise: Exercise;
  beforeAll(async () => {
    exercise = (await loadExerciseCatalog(exercisesDir)).find((candidate) => candidate.slug === 'http-request-parser')!;
  });

  it('marks a few Content-Length cases after-due and keeps their evidence in the stored result', { timeout: 60_000 }, async () => {
    const afterDue = exercise.vectors.filter((candidate) => candidate.visibility === 'after-due');
    expect(afterDue.map((candidate) => candidate.file)).toEqual(['vectors/content-length.md', 'vectors/content-length.md', 'vectors/content-length.md']);
    const code = 'export function parseRequest(bytes) { return { wrong: bytes.length }; }\n';
    const result = await gradeSubmission(exercise, { language: 'js', filename: 'parser.js', code });
    for (const candidate of afterDue) {
      const test = result.tests.find((reported) => reported.id === candidate.id)!;
      expect(test).toMatchObject({ visibility: 'after-due', status: 'failed' });
      expect(test.expected).toBeDefined();
      expect(test.actual).toContain('wrong');
    }
    const before = resultForStudent(result);
    expect(before.tests.filter((test) => test.visibility === 'after-due')).toEqual([]);
    const after = resultForStudent(result, { afterDue: true });
    expect(after.tests.filter((test) => test.visibility === 'after-due').map((test) => test.id).sort()).toEqual(afterDue.map((candidate) => candidate.id).sort());
  });
});
