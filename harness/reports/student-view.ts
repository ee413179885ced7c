import type { GradingResult, TestResult } from '../result-schema.js';

/**
 * The result as its student may see it. A hidden test says only whether it passed: not its name,
 * its vector file, its RFC section, its kind of failure or its message, any of which could give
 * the vector away. The stored result keeps everything, for instructors.
 */
export function resultForStudent(result: GradingResult): GradingResult {
  let hiddenCount = 0;
  return {
    ...result,
    tests: result.tests.map((test): TestResult => {
      if (test.visibility !== 'hidden') return test;
      hiddenCount += 1;
      const passed = test.status === 'passed';
      return {
        id: `hidden-${hiddenCount}`,
        name: `Hidden test ${hiddenCount}`,
        source: '',
        visibility: 'hidden',
        status: passed ? 'passed' : 'failed',
        points: test.points,
        maxPoints: test.maxPoints,
        durationMs: 0,
      };
    }),
  };
}
