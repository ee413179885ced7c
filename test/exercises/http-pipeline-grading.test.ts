import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../harness/exercises/catalog.js';
import type { Exercise } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import { chunkingsOf, showChunking } from '../../harness/grading/stream-answer-check.js';
import type { GradingResult, TestResult } from '../../harness/result-schema.js';
import { bundleModule } from '../../harness/validation/validate-exercise.js';
import { exerciseDir } from './exercise-vectors.js';

// The stream-vectors suite as a student meets it: each vector under every chunking in the
// sandbox, timing judged within the contract's windows, and a failure that names its chunking.

const SLUG = 'http-pipeline';
let exercise: Exercise;
beforeAll(async () => {
  exercise = await loadExercise(exerciseDir(SLUG));
});

function grade(code: string, filename = 'submission.ts'): Promise<GradingResult> {
  return gradeSubmission(exercise, { language: filename.endsWith('.js') ? 'js' : 'ts', filename, code });
}

function testNamed(result: GradingResult, id: string): TestResult {
  const test = result.tests.find((candidate) => candidate.id === id);
  expect(test, id).toBeDefined();
  return test!;
}

describe('stream-vectors suite', () => {
  it('gives the reference full marks, one test per vector', async () => {
    const result = await grade(await bundleModule(new URL('../../reference/http/index.ts', import.meta.url).pathname), 'index.js');
    expect(result.tests.filter((test) => test.status !== 'passed')).toEqual([]);
    expect(result.score).toBe(exercise.maxScore);
    expect(result.tests.map((test) => test.id)).toEqual(exercise.vectors.map((vector) => vector.id));
  });

  it('names the chunking that broke a visible test and shows it as the input', async () => {
    const result = await grade(readFileSync(`${exerciseDir(SLUG)}mutants/lone-cr-at-chunk-end-is-broken.ts`, 'utf8'));
    const test = testNamed(result, 'example-single-request');
    const vector = exercise.vectors.find((candidate) => candidate.id === 'example-single-request')!;
    const firstCr = vector.input.indexOf('\r') + 1;
    expect(test.status).toBe('failed');
    expect(test.message).toMatch(new RegExp(`^With split after byte ${firstCr}: `));
    const chunking = chunkingsOf(vector.input).find((candidate) => candidate.label === `split after byte ${firstCr}`)!;
    expect(test.input).toBe(showChunking(chunking));
    expect(test.input).toContain('--- push 2 ---');
    // What each call returned: push 1, push 2, end().
    expect(JSON.parse(test.actual ?? 'null')).toEqual([[{ ok: false, status: 400 }], [], []]);
  });

  it('fails a failure reported before the request is certainly broken', async () => {
    const eager = 'export class RequestReader { push() { return [{ ok: false, status: 400 }]; } end() { return []; } }';
    const test = testNamed(await grade(eager), 'end-inside-request-line');
    expect(test.status).toBe('failed');
    expect(test.message).toBe(
      'With the whole stream in one push: result 1 was returned by push 1, but the contract requires end() ' +
        '(a broken request is reported once it is certainly broken, and at the latest at its blank line or end()).',
    );
    expect(test.firstDifference).toBe('[0][0]');
  });

  it('accepts a failure reported anywhere from certainly broken to the blank line', async () => {
    // This solution parses a head only once its blank line is in, later than the reference reports.
    const lazy = readFileSync(new URL('../fixtures/http-pipeline/fail/parses-content-length-with-parseint/submission.ts', import.meta.url), 'utf8');
    const result = await grade(lazy);
    for (const id of ['failures-first-broken', 'failures-obs-fold', 'rules-line-without-colon', 'example-second-request-broken']) {
      expect(testNamed(result, id).status, id).toBe('passed');
    }
    expect(testNamed(result, 'failures-content-length-sign').status).toBe('failed');
  });

  it('reports a throw with the chunking it happened under', async () => {
    // The reference, except that a second push throws: right when the stream comes in one push.
    const reference = await bundleModule(new URL('../../reference/http/index.ts', import.meta.url).pathname);
    const throwsOnSecondPush = `${reference}
      const pushOnce = RequestReader.prototype.push;
      const pushes = new WeakMap();
      RequestReader.prototype.push = function (chunk) {
        pushes.set(this, (pushes.get(this) ?? 0) + 1);
        if (pushes.get(this) === 2) throw new Error('second push');
        return pushOnce.call(this, chunk);
      };`;
    const test = testNamed(await grade(throwsOnSecondPush, 'submission.js'), 'example-single-request');
    expect(test.status).toBe('runtime-error');
    expect(test.message).toBe('With split after byte 1: Threw Error: second push');
    expect(test.input).toContain('--- push 2 ---');
  });

  it('shows nothing of a hidden test but its verdict', async () => {
    const test = testNamed(await grade(exercise.starterSource), 'example-closed-mid-request');
    expect(test.visibility).toBe('hidden');
    expect(test.status).toBe('failed');
    expect(test).not.toHaveProperty('input');
    expect(test).not.toHaveProperty('actual');
    expect(test.message).toBe('Wrong answer.');
  });
});
