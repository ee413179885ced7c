import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExerciseCatalog } from '../../harness/exercises/catalog.js';
import type { Exercise } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';

/**
 * Golden submissions: test/fixtures/<slug>/<pass|fail|error>/<case>/ holds a submission and an
 * expected.json stating the outcome. Each is graded exactly as the service grades it.
 */
interface Expectation {
  gradable: boolean;
  score?: 'max' | 'below-max';
  someTestStatus?: string;
  errorCode?: string;
  line?: number;
}

const fixturesDir = path.resolve(import.meta.dirname, '../fixtures');
const exercisesDir = path.resolve(import.meta.dirname, '../../exercises');
let catalog: Map<string, Exercise>;
beforeAll(async () => {
  catalog = new Map((await loadExerciseCatalog(exercisesDir)).map((exercise) => [exercise.slug, exercise]));
});

for (const slug of readdirSync(fixturesDir)) {
  for (const outcome of ['pass', 'fail', 'error']) {
    const outcomeDir = path.join(fixturesDir, slug, outcome);
    let cases: string[] = [];
    try {
      cases = readdirSync(outcomeDir);
    } catch {
      continue;
    }
    describe(`${slug} / ${outcome}`, () => {
      for (const name of cases) {
        it(`grades ${name} as ${outcome}`, async () => {
          const caseDir = path.join(outcomeDir, name);
          const file = readdirSync(caseDir).find((entry) => entry.startsWith('submission.'))!;
          const expected = JSON.parse(readFileSync(path.join(caseDir, 'expected.json'), 'utf8')) as Expectation;
          const exercise = catalog.get(slug)!;
          const result = await gradeSubmission(exercise, {
            language: file.endsWith('.js') ? 'js' : 'ts',
            filename: file,
            code: readFileSync(path.join(caseDir, file), 'utf8'),
          });
          expect(result.gradable).toBe(expected.gradable);
          expect(result.exercise).toEqual({ slug, contentHash: exercise.contentHash });
          if (expected.score === 'max') {
            const failing = result.tests.filter((test) => test.status !== 'passed').map((test) => `${test.name} at ${test.source}: ${test.message}`);
            expect(failing).toEqual([]);
            expect(result.score).toBe(exercise.maxScore);
          }
          if (expected.score === 'below-max') expect(result.score).toBeLessThan(exercise.maxScore);
          if (expected.someTestStatus) expect(result.tests.map((test) => test.status)).toContain(expected.someTestStatus);
          if (expected.errorCode) expect(result.error?.code).toBe(expected.errorCode);
          if (expected.line !== undefined) expect(result.error?.line).toBe(expected.line);
          if (outcome !== 'error') {
            // Every vector is reported exactly once, whatever other suites add.
            const reported = result.tests.map((test) => test.id);
            for (const vector of exercise.vectors) expect(reported.filter((id) => id === vector.id)).toHaveLength(1);
          }
        });
      }
    });
  }
}
