/**
 * What the socket suites (udp-server, tcp-server, socket-client) share in writing their results:
 * a failed vector's test, the problems the host saw, and the suites' numeric options.
 */
import type { VectorCase } from '../exercises/types.js';
import { recordsEvidence, type TestResult, type TestStatus } from '../result-schema.js';
import { capText, showInput, showValue } from './feedback-text.js';
import { vectorTestFields } from './judge.js';

/** A vector that earned nothing, with its input and expected answer where its visibility keeps evidence. */
export function socketVectorFailure(vector: VectorCase, status: TestStatus, message: string): TestResult {
  return {
    ...vectorTestFields(vector, 0),
    ...(recordsEvidence(vector.visibility) ? { input: showInput(vector.input), expected: showValue(vector.expected) } : {}),
    status,
    points: 0,
    message: capText(message),
  };
}

/** The first three distinct things the host's socket stand-in refused, as sentences to append. */
export function problemsText(problems: readonly { text: string }[]): string {
  const texts = [...new Set(problems.map((problem) => problem.text))].slice(0, 3);
  return texts.length > 0 ? ` ${texts.join(' ')}` : '';
}

/** The suite options that override `defaults`: positive integers only, others are ignored. */
export function positiveIntegerOptions<T extends Record<string, number>>(defaults: T, options: Record<string, unknown>): Partial<T> {
  const picked: Partial<T> = {};
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = options[key as string];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) picked[key] = value as T[keyof T];
  }
  return picked;
}
