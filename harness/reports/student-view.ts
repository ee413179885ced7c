import type { GradingResult, TestResult } from '../result-schema.js';

export interface StudentViewOptions {
  /**
   * Whether the due dates that decide the student's `after-due` tests have passed. Until they
   * have, an `after-due` test is shown like a hidden one. Absent: not yet.
   */
  afterDue?: boolean;
}

/**
 * The result as its student may see it. A hidden test says only whether it passed: not its name,
 * its vector file, its RFC section, its kind of failure or its message, any of which could give
 * the vector away. An `after-due` test is hidden the same way until the due date has passed, and
 * shown in full after. The stored result keeps everything, for instructors.
 */
export function resultForStudent(result: GradingResult, { afterDue = false }: StudentViewOptions = {}): GradingResult {
  let hiddenCount = 0;
  return {
    ...result,
    tests: result.tests.map((test): TestResult => {
      if (test.visibility === 'public' || (test.visibility === 'after-due' && afterDue)) return test;
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
