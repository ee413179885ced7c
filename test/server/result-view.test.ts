import { describe, expect, it } from 'vitest';
import { RESULT_SCHEMA_VERSION, type GradingResult, type TestResult } from '../../harness/result-schema.js';
import { markFirstDifference, submissionView, testRow } from '../../server/result-view.js';

const visibleFailure: TestResult = {
  id: 'header-case',
  name: 'Header names keep their case',
  source: 'vectors/headers.md:12',
  visibility: 'public',
  status: 'failed',
  points: 0,
  maxPoints: 1,
  rfc: 'RFC 9112 §5',
  message: 'Returned a different answer than the contract requires.',
  input: 'GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n',
  expected: '{\n  "name": "Host",\n  "value": "a"\n}',
  actual: '{\n  "name": "host",\n  "value": "a"\n}',
  firstDifference: 'name',
  durationMs: 0.2,
};

const hiddenFailure: TestResult = {
  id: 'secret-case',
  name: 'A hidden case',
  source: 'vectors/headers.md:40',
  visibility: 'hidden',
  status: 'time-limit',
  points: 0,
  maxPoints: 2,
  rfc: 'RFC 9112 §6',
  message: 'Time limit.',
  durationMs: 100,
};

describe('testRow', () => {
  it('shows a failed visible test with its location, RFC section, message, input, expected and actual', () => {
    const row = testRow(visibleFailure);
    expect(row).toMatchObject({ passed: false, hidden: false, statusLabel: 'failed', location: 'vectors/headers.md:12', rfc: 'RFC 9112 §5' });
    expect(row.message).toBe(visibleFailure.message);
    expect(row.comparison?.input).toBe(visibleFailure.input);
    expect(row.comparison?.expected?.map((line) => line.text).join('\n')).toBe(visibleFailure.expected);
    expect(row.comparison?.actual?.map((line) => line.text).join('\n')).toBe(visibleFailure.actual);
    expect(row.comparison?.firstDifference).toBe('name');
  });

  it('shows a hidden test as pass or fail only', () => {
    const row = testRow(hiddenFailure);
    expect(row).toEqual({ name: 'A hidden case', passed: false, points: 0, maxPoints: 2, hidden: true, statusLabel: 'failed' });
  });

  it('names the way a visible test failed', () => {
    expect(testRow({ ...visibleFailure, status: 'time-limit' }).statusLabel).toBe('time limit');
    expect(testRow({ ...visibleFailure, status: 'runtime-error' }).statusLabel).toBe('runtime error');
  });
});

describe('markFirstDifference', () => {
  it('marks the first line that differs on both sides, and no other', () => {
    const [expected, actual] = markFirstDifference('a\nb\nc', 'a\nB\nC');
    expect(expected?.filter((line) => line.differs).map((line) => line.text)).toEqual(['b']);
    expect(actual?.filter((line) => line.differs).map((line) => line.text)).toEqual(['B']);
  });

  it('marks the line after the shorter side ends when one side is a prefix of the other', () => {
    const [expected, actual] = markFirstDifference('a\nb', 'a\nb\nc');
    expect(expected?.some((line) => line.differs)).toBe(false);
    expect(actual?.filter((line) => line.differs).map((line) => line.text)).toEqual(['c']);
  });

  it('marks nothing when only one side is known', () => {
    const [expected, actual] = markFirstDifference('a', undefined);
    expect(expected).toEqual([{ text: 'a', differs: false }]);
    expect(actual).toBeUndefined();
  });
});

describe('submissionView', () => {
  const result: GradingResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    exercise: { slug: 'x', contentHash: 'h' },
    gradable: true,
    score: 1,
    maxScore: 3,
    tests: [{ ...visibleFailure, status: 'passed', points: 1 }, visibleFailure, hiddenFailure],
    durationMs: 3,
  };

  it('is pending while the submission is queued or grading', () => {
    expect(submissionView('queued', null)).toMatchObject({ pending: true, tests: [] });
    expect(submissionView('grading', null)).toMatchObject({ pending: true, statusLabel: 'grading…' });
  });

  it('gives score, max score, a rounded-down percentage and the passed count once graded', () => {
    const view = submissionView('graded', JSON.stringify(result));
    expect(view).toMatchObject({ pending: false, score: 1, maxScore: 3, percent: 33, passedCount: 1 });
    expect(view.tests).toHaveLength(3);
  });

  it('shows 100% only for a full score', () => {
    expect(submissionView('graded', JSON.stringify({ ...result, score: 2.999 })).percent).toBe(99);
    expect(submissionView('graded', JSON.stringify({ ...result, score: 3 })).percent).toBe(100);
  });

  it('reports where code that does not compile went wrong', () => {
    const ungradable: GradingResult = { ...result, gradable: false, score: 0, tests: [], error: { code: 'COMPILE_ERROR', message: 'Expected ";"', line: 2, column: 5 } };
    expect(submissionView('graded', JSON.stringify(ungradable))).toMatchObject({
      gradable: false,
      error: { code: 'COMPILE_ERROR', message: 'Expected ";"', where: 'line 2, column 5' },
    });
  });
});
