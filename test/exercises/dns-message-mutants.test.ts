import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../harness/exercises/catalog.js';
import type { Exercise } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import { exerciseDir } from './exercise-vectors.js';

// Each mutant is a realistic wrong solution, graded by the real grader in the sandbox (the
// byteOffset mutant can only be caught there, where decode inputs are views). Each must lose the
// points of the vector written to catch its mistake.

const SLUG = 'dns-message';
const MUTANTS_DIR = `${exerciseDir(SLUG)}mutants/`;

const CAUGHT_BY: Record<string, string> = {
  'a-rdlength-unchecked.ts': 'records-a-rdlength-5',
  'case-insensitive-suffixes.ts': 'encode-case-kept',
  'compresses-ptr-rdata.ts': 'encode-raw-rdata',
  'drops-empty-labels.ts': 'encode-empty-label',
  'follows-forward-pointers.ts': 'names-pointer-forward',
  'forgets-byte-offset.ts': 'examples-query',
  'ignores-leftover-bytes.ts': 'lengths-leftover-byte',
  'masks-label-length-bits.ts': 'names-label-type-01',
  'never-compresses.ts': 'compression-textbook-response',
  'no-compression-in-rdata.ts': 'compression-rdata-targets',
  'no-pointer-loop-check.ts': 'names-pointer-loop',
  'rdata-name-end-unchecked.ts': 'records-mx-rdlength-long',
  'signed-ttl.ts': 'records-ttl-max',
  'wraps-large-ttl.ts': 'encode-ttl-too-large',
};

const mutantFiles = readdirSync(MUTANTS_DIR).filter((file) => file.endsWith('.ts')).sort();
let exercise: Exercise;
beforeAll(async () => {
  exercise = await loadExercise(path.resolve(exerciseDir(SLUG)));
});

describe('dns-message mutants', () => {
  it('are at least ten, each listed with the vector that targets it', () => {
    expect(mutantFiles.length).toBeGreaterThanOrEqual(10);
    expect(mutantFiles).toEqual(Object.keys(CAUGHT_BY).sort());
    const ids = new Set(exercise.vectors.map((vector) => vector.id));
    for (const id of Object.values(CAUGHT_BY)) expect(ids).toContain(id);
  });

  for (const file of mutantFiles) {
    it(`${file} names its mistake and fails the vector that targets it`, async () => {
      const code = readFileSync(`${MUTANTS_DIR}${file}`, 'utf8');
      expect(code).toMatch(/^\/\*\*\n \* Mutant: \S/);
      const result = await gradeSubmission(exercise, { language: 'ts', filename: file, code });
      expect(result.gradable).toBe(true);
      expect(result.score).toBeLessThan(result.maxScore);
      const target = result.tests.find((test) => test.id === CAUGHT_BY[file]);
      expect(target?.status).not.toBe('passed');
    });
  }
});
