/**
 * Turns a stored submission and its grading result into what the submission page shows. Kept
 * apart from the template so the rules (what a hidden test reveals, where the first difference
 * is marked) are plain functions with their own tests. Every string here is still raw: the
 * template escapes it.
 */
import type { GradingResult, TestResult, TestStatus } from '../harness/result-schema.js';
import { resultForStudent, type StudentViewOptions } from '../harness/reports/student-view.js';
import { SubmissionStatus } from './grading-queue.js';

export interface ShownLine {
  text: string;
  /** The first line where expected and actual disagree. */
  differs: boolean;
}

export interface TestRow {
  name: string;
  passed: boolean;
  /** A short word for the status; for hidden tests only "passed" or "failed". */
  statusLabel: string;
  points: number;
  maxPoints: number;
  hidden: boolean;
  /** An `after-due` test shown in full because the due date has passed. */
  shownAfterDue?: boolean;
  /** Visible tests only. */
  location?: string;
  rfc?: string;
  message?: string;
  comparison?: {
    input?: string;
    expected?: ShownLine[];
    actual?: ShownLine[];
    firstDifference?: string;
  };
  output?: string;
  /** Failed property tests: how to generate the counterexample again. */
  replay?: { seed: number; counterexamplePath: string };
}

export interface SubmissionView {
  pending: boolean;
  status: string;
  statusLabel: string;
  score?: number;
  maxScore?: number;
  /** Whole percent, rounded down so that only a full score shows 100%. */
  percent?: number;
  gradable?: boolean;
  error?: { code: string; message: string; where?: string };
  passedCount: number;
  tests: TestRow[];
  /** The same tests split for the page: what to fix first, then what already passes. */
  failing: TestRow[];
  passing: TestRow[];
}

const STATUS_LABELS: Record<TestStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  'runtime-error': 'runtime error',
  'time-limit': 'time limit',
  'memory-limit': 'memory limit',
  'output-limit': 'output limit',
  'not-run': 'not run',
};

const SUBMISSION_STATUS_LABELS: Record<string, string> = {
  [SubmissionStatus.queued]: 'grading… (waiting for a free grader)',
  [SubmissionStatus.grading]: 'grading…',
  [SubmissionStatus.graded]: 'graded',
  [SubmissionStatus.failed]: 'could not be graded',
};

export function isPending(status: string): boolean {
  return status === SubmissionStatus.queued || status === SubmissionStatus.grading;
}

/** A pending submission's place in the queue, worded as the page's live status words it. */
export function aheadNote(ahead: number): string {
  if (ahead === 0) return '';
  return ` ${ahead} ${ahead === 1 ? 'submission is' : 'submissions are'} ahead of yours.`;
}

/** `options.afterDue`: the author's due dates have passed, so `after-due` tests are shown in full. */
export function submissionView(status: string, resultJson: string | null, options: StudentViewOptions = {}): SubmissionView {
  const base = { status, statusLabel: SUBMISSION_STATUS_LABELS[status] ?? status, pending: isPending(status), passedCount: 0, tests: [], failing: [], passing: [] };
  if (status !== SubmissionStatus.graded || resultJson === null) return base;
  const result = resultForStudent(JSON.parse(resultJson) as GradingResult, options);
  const tests = result.tests.map(testRow);
  return {
    ...base,
    score: result.score,
    maxScore: result.maxScore,
    percent: result.maxScore > 0 ? Math.floor((result.score / result.maxScore) * 100) : 0,
    gradable: result.gradable,
    ...(result.error ? { error: { code: result.error.code, message: result.error.message, ...where(result.error) } } : {}),
    passedCount: tests.filter((test) => test.passed).length,
    tests,
    failing: tests.filter((test) => !test.passed),
    passing: tests.filter((test) => test.passed),
  };
}

function where(error: NonNullable<GradingResult['error']>): { where?: string } {
  if (error.line === undefined) return {};
  return { where: error.column === undefined ? `line ${error.line}` : `line ${error.line}, column ${error.column}` };
}

export function testRow(test: TestResult): TestRow {
  const passed = test.status === 'passed';
  const common = { name: test.name, passed, points: test.points, maxPoints: test.maxPoints };
  // A hidden test tells only whether it passed: its location, message and data would give it away.
  if (test.visibility === 'hidden') return { ...common, hidden: true, statusLabel: passed ? 'passed' : 'failed' };

  const row: TestRow = { ...common, hidden: false, statusLabel: STATUS_LABELS[test.status] ?? test.status, location: test.source };
  if (test.visibility === 'after-due') row.shownAfterDue = true;
  if (test.rfc) row.rfc = test.rfc;
  if (test.message) row.message = test.message;
  if (!passed && (test.input !== undefined || test.expected !== undefined || test.actual !== undefined)) {
    const [expected, actual] = markFirstDifference(test.expected, test.actual);
    row.comparison = {
      ...(test.input !== undefined ? { input: test.input } : {}),
      ...(expected ? { expected } : {}),
      ...(actual ? { actual } : {}),
      ...(test.firstDifference !== undefined ? { firstDifference: test.firstDifference || 'the whole value' } : {}),
    };
  }
  if (test.output) row.output = test.output;
  if (!passed && test.seed !== undefined && test.counterexamplePath !== undefined) row.replay = { seed: test.seed, counterexamplePath: test.counterexamplePath };
  return row;
}

/**
 * Splits expected and actual into lines and marks, in both, the first line where they disagree,
 * so the eye lands on the difference in a side-by-side view. When one side is missing, nothing
 * is marked.
 */
export function markFirstDifference(expected?: string, actual?: string): [ShownLine[] | undefined, ShownLine[] | undefined] {
  const expectedLines = expected?.split('\n');
  const actualLines = actual?.split('\n');
  let first = -1;
  if (expectedLines && actualLines) {
    const length = Math.max(expectedLines.length, actualLines.length);
    for (let i = 0; i < length; i += 1) {
      if (expectedLines[i] !== actualLines[i]) {
        first = i;
        break;
      }
    }
  }
  const shown = (lines: string[] | undefined) => lines?.map((text, i) => ({ text, differs: i === first }));
  return [shown(expectedLines), shown(actualLines)];
}
