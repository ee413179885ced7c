import type { VectorCase } from '../exercises/types.js';
import { recordsEvidence, type TestResult, type TestStatus } from '../result-schema.js';
import type { CallOutcome } from '../sandbox/submission-sandbox.js';
import type { Comparator } from './comparators.js';
import { capText, showInput, showValue } from './feedback-text.js';

/**
 * Turns what the student's code did on one vector into a test result. A public test carries the
 * evidence (input, expected, actual, first difference, output), and so does an after-due one (the
 * student's copy hides it until the due date); a hidden one only its verdict.
 */
export function judge(vector: VectorCase, outcome: CallOutcome, compare: Comparator, durationMs: number): TestResult {
  const visible = recordsEvidence(vector.visibility);
  const common = vectorTestFields(vector, durationMs);
  if (outcome.kind === 'returned') {
    const actual = outcome.json === undefined ? undefined : (JSON.parse(outcome.json) as unknown);
    const verdict = compare(vector.expected, actual);
    if (verdict.equal) return { ...common, status: 'passed', points: vector.points };
    if (!visible) return { ...common, status: 'failed', points: 0, message: 'Wrong answer.' };
    const where =
      verdict.firstDifference !== undefined ? ` The first difference is at ${verdict.firstDifference || 'the whole value'}.` : '';
    return {
      ...common,
      ...evidence(vector, outcome),
      status: 'failed',
      points: 0,
      actual: showValue(actual),
      ...(verdict.firstDifference !== undefined ? { firstDifference: verdict.firstDifference } : {}),
      message: `Returned a different answer than the contract requires.${where}`,
    };
  }
  const [status, detail] = failureOf(outcome);
  return {
    ...common,
    ...(visible ? evidence(vector, outcome) : {}),
    status,
    points: 0,
    message: visible ? detail : `${describeLimit(status)[0]!.toUpperCase()}${describeLimit(status).slice(1)}.`,
  };
}

/** What a failed visible test shows: its input and expected answer, and what the code printed.
 *  Built only for failures: most tests pass, and this is the costly part of judging one. */
function evidence(vector: VectorCase, outcome: CallOutcome) {
  return {
    input: showInput(vector.input),
    expected: showValue(vector.expected),
    ...('output' in outcome && outcome.output ? { output: capText(outcome.output) } : {}),
  };
}

function failureOf(outcome: Exclude<CallOutcome, { kind: 'returned' }>): [TestStatus, string] {
  switch (outcome.kind) {
    case 'threw':
      return ['runtime-error', `Threw ${outcome.error}`];
    case 'not-serializable':
      return ['runtime-error', `Returned a value that cannot be read as an answer (${outcome.error}).`];
    case 'result-too-large':
      return ['output-limit', `Returned an answer of ${outcome.bytes} characters, over the limit.`];
    case 'time-limit':
      return ['time-limit', 'Did not return within the time limit (an infinite loop?).'];
    case 'memory-limit':
      return ['memory-limit', 'Ran out of memory.'];
  }
}

export function describeLimit(status: TestStatus): string {
  switch (status) {
    case 'time-limit':
      return 'time limit';
    case 'memory-limit':
      return 'memory limit';
    case 'output-limit':
      return 'output limit';
    case 'runtime-error':
      return 'runtime error';
    default:
      return status;
  }
}

export function notRun(vector: VectorCase, message: string): TestResult {
  return { ...vectorTestFields(vector, 0), status: 'not-run', points: 0, message };
}

/** What names a vector's test in a result, whatever its verdict: id, name, where it is written. */
export function vectorTestFields(vector: VectorCase, durationMs: number) {
  return {
    id: vector.id,
    name: vector.name,
    source: `${vector.file}:${vector.line}`,
    visibility: vector.visibility,
    maxPoints: vector.points,
    rfc: vector.rfc,
    durationMs,
  };
}

export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
