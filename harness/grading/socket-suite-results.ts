/**
 * What the socket suites (udp-server, tcp-server, socket-client) share: a failed vector's test, a
 * program that did not load or did not listen, the problems the host saw, and the suites' numeric
 * options.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { VectorCase } from '../exercises/types.js';
import { recordsEvidence, type TestResult, type TestStatus } from '../result-schema.js';
import type { LoadOutcome } from '../sandbox/submission-sandbox.js';
import { capText, showInput, showValue } from './feedback-text.js';
import { describeLimit, vectorTestFields } from './judge.js';

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

/** Every vector failed with why the program did not load; undefined when it loaded. */
export function programLoadFailures(vectors: readonly VectorCase[], loaded: LoadOutcome): TestResult[] | undefined {
  if (loaded.kind === 'loaded') return undefined;
  const status: TestStatus = loaded.kind === 'threw' || loaded.kind === 'missing-export' ? 'runtime-error' : loaded.kind;
  const why = loaded.kind === 'threw' ? `The module threw while loading: ${loaded.error}` : `The module hit the ${describeLimit(status)} while loading.`;
  return vectors.map((vector) => socketVectorFailure(vector, status, why));
}

/**
 * The loopback port a server program listens on, once it does; or, when it has not within
 * `listenTimeoutMs`, every vector failed with why.
 */
export async function listeningPortOrFailures(
  server: { listening: Promise<number>; problems: readonly { text: string }[] },
  vectors: readonly VectorCase[],
  { port, listenTimeoutMs }: { port: number; listenTimeoutMs: number },
): Promise<number | TestResult[]> {
  // The timer keeps the process alive while it waits: a CLI run has nothing else pending then.
  const listening = await Promise.race([server.listening, delay(listenTimeoutMs)]);
  if (listening !== undefined) return listening;
  const why = `The program did not start listening on port ${port} within ${listenTimeoutMs} ms.${problemsText(server.problems)}`;
  return vectors.map((vector) => socketVectorFailure(vector, 'failed', why));
}
