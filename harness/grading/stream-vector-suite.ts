/**
 * The `stream-vectors` suite: grades a stream reader (call style `stream-reader`, spec §2) with the
 * exercise's vectors, each earning its points only when it is right under every chunking the
 * contract names (stream-answer-check.ts). All chunkings of all vectors go to the isolate in one
 * batch; the comparison happens here, outside it.
 *
 * Which call may return which result comes from the reference's reporting windows
 * (reference/http/reporting-window.ts): the contract fixes when a request is returned and leaves a
 * window for reporting a broken one, and the grader accepts every timing inside it.
 */
import { resultWindows } from '../../reference/http/reporting-window.js';
import type { VectorCase } from '../exercises/types.js';
import { recordsEvidence, type TestResult } from '../result-schema.js';
import type { CallOutcome } from '../sandbox/submission-sandbox.js';
import type { Comparator } from './comparators.js';
import { capText, showValue } from './feedback-text.js';
import { judge, notRun, round } from './judge.js';
import type { SandboxSession } from './sandbox-session.js';
import { checkStreamAnswer, chunkingsOf, showChunking, type Chunking, type TimingWindow } from './stream-answer-check.js';
import type { SuiteContext } from './suites.js';

interface StreamCase {
  vector: VectorCase;
  expected: unknown[];
  windows: TimingWindow[];
  chunkings: Chunking[];
}

/** Windows and chunkings depend only on the vector, so a worker computes them once per loaded vector. */
const streamCases = new WeakMap<VectorCase, StreamCase>();

/** A vector's stream, expected list and windows; throws when the vector does not fit the suite. */
export function streamCase(vector: VectorCase): StreamCase {
  const known = streamCases.get(vector);
  if (known) return known;
  const where = `${vector.file}:${vector.line}`;
  if (typeof vector.input !== 'string') throw new Error(`${where}: a stream vector's input is a byte stream`);
  if (!Array.isArray(vector.expected)) throw new Error(`${where}: a stream vector expects the list of every result`);
  const windows = resultWindows(vector.input);
  if (windows.length !== vector.expected.length) {
    throw new Error(`${where}: the vector lists ${vector.expected.length} results, the reference finds ${windows.length}`);
  }
  const streamed = { vector, expected: vector.expected as unknown[], windows, chunkings: chunkingsOf(vector.input) };
  streamCases.set(vector, streamed);
  return streamed;
}

export async function gradeStreamVectors({ session, exercise, compare }: SuiteContext): Promise<TestResult[]> {
  return gradeStreams(session, exercise.vectors, compare);
}

export async function gradeStreams(session: SandboxSession, vectors: VectorCase[], compare: Comparator): Promise<TestResult[]> {
  const cases = vectors.map(streamCase);
  const outcomes = await session.runAll(cases.flatMap(({ chunkings }) => chunkings.map((chunking) => chunking.chunks)));
  const unfinished = session.timeIsUp ? 'The submission used up its total time.' : 'The sandbox could not be restarted.';
  let first = 0;
  return cases.map((streamed) => {
    const mine = outcomes.slice(first, first + streamed.chunkings.length);
    first += streamed.chunkings.length;
    if (mine.length < streamed.chunkings.length) return notRun(streamed.vector, unfinished);
    return judgeStream(streamed, mine, compare);
  });
}

/** One vector's verdict from its outcomes, one per chunking: the first chunking that breaks it is shown. */
function judgeStream({ vector, expected, windows, chunkings }: StreamCase, outcomes: CallOutcome[], compare: Comparator): TestResult {
  const durationMs = round(outcomes.reduce((sum, outcome) => sum + (outcome.elapsedMs ?? 0), 0));
  for (const [index, chunking] of chunkings.entries()) {
    const outcome = outcomes[index]!;
    if (outcome.kind !== 'returned') return withChunking(judge(vector, outcome, compare, durationMs), chunking, true);
    const answer = outcome.json === undefined ? undefined : (JSON.parse(outcome.json) as unknown);
    const verdict = checkStreamAnswer(expected, windows, chunking, answer, compare);
    if (verdict.right) continue;
    const failed = judge(vector, { ...outcome, json: 'null' }, () => ({ equal: false }), durationMs);
    if (!recordsEvidence(vector.visibility)) return failed;
    return {
      ...withChunking(failed, chunking, false),
      actual: showValue(answer),
      message: capText(`With ${chunking.label}: ${verdict.problem}`),
      ...(verdict.firstDifference !== undefined ? { firstDifference: verdict.firstDifference } : {}),
    };
  }
  return judge(vector, { kind: 'returned', json: 'true', output: '', outputTruncated: false }, () => ({ equal: true }), durationMs);
}

/** Shows the failing chunking as the input, and names it in the message of a visible test. */
function withChunking(result: TestResult, chunking: Chunking, prefixMessage: boolean): TestResult {
  if (!recordsEvidence(result.visibility)) return result;
  const { firstDifference: _dropped, ...rest } = result;
  return {
    ...rest,
    input: capText(showChunking(chunking)),
    ...(prefixMessage && result.message ? { message: `With ${chunking.label}: ${result.message}` } : {}),
  };
}
