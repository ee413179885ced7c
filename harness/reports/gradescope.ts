import type { GradingResult } from '../result-schema.js';

/**
 * The same grading as Gradescope's autograder `results.json`, so netgrade can run as a
 * Gradescope autograder. Hidden tests keep Gradescope's `hidden` visibility: students see the
 * total but not the test; `after-due` tests show in full after the due date.
 */
export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  visibility: 'visible';
  stdout_visibility: 'hidden';
  tests: {
    name: string;
    score: number;
    max_score: number;
    status: 'passed' | 'failed';
    output: string;
    visibility: 'visible' | 'hidden' | 'after_due_date';
  }[];
}

/** Gradescope shows an `after_due_date` test, evidence and all, once the assignment's due date has passed. */
const GRADESCOPE_VISIBILITY = { public: 'visible', hidden: 'hidden', 'after-due': 'after_due_date' } as const;

export function toGradescopeResults(result: GradingResult): GradescopeResults {
  return {
    score: result.score,
    execution_time: Math.ceil(result.durationMs / 1000),
    output: result.error ? `${result.error.code}: ${result.error.message}${result.error.line ? ` (line ${result.error.line})` : ''}` : '',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests: result.tests.map((test) => ({
      name: `${test.name} (${test.source})`,
      score: test.points,
      max_score: test.maxPoints,
      status: test.status === 'passed' ? 'passed' : 'failed',
      output:
        test.visibility !== 'hidden'
          ? [test.message, test.rfc && `See ${test.rfc}.`, test.input && `Input:\n${test.input}`, test.expected && `Expected:\n${test.expected}`, test.actual && `Actual:\n${test.actual}`]
              .filter(Boolean)
              .join('\n\n')
          : (test.message ?? ''),
      visibility: GRADESCOPE_VISIBILITY[test.visibility],
    })),
  };
}
