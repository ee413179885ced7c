/**
 * The `dns-codec` suite: grades a module that exports `decodeMessage` and `encodeMessage`
 * (spec §4) with the exercise's vectors, each earning its own points.
 *
 * - A vector with an `input hex` block is a decode vector. The bytes go in as a Uint8Array that is
 *   a view into a larger buffer, at a non-zero byteOffset and with other bytes after it, because
 *   the contract says `bytes` may be such a view: a decoder that reads `bytes.buffer` from 0, or to
 *   its end, reads the wrong bytes. The answer is compared with the expected DnsMessage, or must
 *   be a throw when the vector expects `{ "throws": true }`.
 * - A vector with an `input json` block `["encodeMessage", message]` is an encode vector. Any valid
 *   compression is accepted, so the answer is not compared with fixed bytes: it is decoded with
 *   the reference decoder, here outside the isolate, and must give back the input message.
 *   `{ "roundTrip": true, "noLongerThanReference": true }` also requires the output to be no longer
 *   than the reference encoder's, which is how the contract's separate compression test is written.
 */
import { decodeMessage, encodeMessage } from '../../reference/dns/index.js';
import type { DnsMessage } from '../../reference/dns/index.js';
import { compareDnsMessage } from '../comparators/dns-message.js';
import { bytesFromJson, spacedHex } from '../comparators/dns-wire-bytes.js';
import type { Comparison } from '../comparators/http-parse-result.js';
import type { VectorCase } from '../exercises/types.js';
import { recordsEvidence, type TestResult } from '../result-schema.js';
import type { CallOutcome } from '../sandbox/submission-sandbox.js';
import { capText, showValue } from './feedback-text.js';
import { judge, notRun, round } from './judge.js';
import type { SandboxSession } from './sandbox-session.js';
import type { SuiteContext } from './suites.js';

/** Bytes put before and after a decode vector's message in the buffer its view points into. */
export const VIEW_PADDING_BEFORE = [0xc0, 0x0c, 0xff];
export const VIEW_PADDING_AFTER = [0x00, 0xc0];

export type DnsCodecCase =
  | { call: 'decodeMessage'; bytes: Uint8Array; expected: { throws: true } | DnsMessage }
  | { call: 'encodeMessage'; message: DnsMessage; expected: { throws: true } | { roundTrip: true; noLongerThanReference?: boolean } };

/** What a vector asks for, read from its input block's form (hex bytes, or a JSON call). */
export function dnsCodecCase(vector: VectorCase): DnsCodecCase {
  const input: unknown = vector.input;
  if (typeof input === 'string') {
    return { call: 'decodeMessage', bytes: Uint8Array.from(input, (char) => char.charCodeAt(0)), expected: vector.expected as DnsMessage };
  }
  if (Array.isArray(input) && input[0] === 'encodeMessage' && input.length === 2) {
    return { call: 'encodeMessage', message: input[1] as DnsMessage, expected: vector.expected as { roundTrip: true } };
  }
  throw new Error(`${vector.file}:${vector.line}: a dns-codec vector's input is hex bytes or ["encodeMessage", message]`);
}

/** `bytes` as a view at a non-zero byteOffset into a larger buffer. */
export function asOffsetView(bytes: Uint8Array): Uint8Array {
  const buffer = Uint8Array.from([...VIEW_PADDING_BEFORE, ...bytes, ...VIEW_PADDING_AFTER]);
  return buffer.subarray(VIEW_PADDING_BEFORE.length, VIEW_PADDING_BEFORE.length + bytes.length);
}

export async function gradeDnsCodec({ session, exercise }: SuiteContext): Promise<TestResult[]> {
  return gradeDnsCodecVectors(session, exercise.vectors);
}

export async function gradeDnsCodecVectors(session: SandboxSession, vectors: VectorCase[]): Promise<TestResult[]> {
  const cases = vectors.map(dnsCodecCase);
  const inputs = cases.map((item) => (item.call === 'decodeMessage' ? ['decodeMessage', asOffsetView(item.bytes)] : ['encodeMessage', item.message]));
  const outcomes = await session.runAll(inputs);
  const unfinished = session.timeIsUp ? 'The submission used up its total time.' : 'The sandbox could not be restarted.';
  return vectors.map((vector, i) => {
    const outcome = outcomes[i];
    return outcome ? judgeDnsCase(vector, cases[i]!, outcome) : notRun(vector, unfinished);
  });
}

export function judgeDnsCase(vector: VectorCase, item: DnsCodecCase, outcome: CallOutcome): TestResult {
  const durationMs = round(outcome.elapsedMs ?? 0);
  const visible = recordsEvidence(vector.visibility);
  const shownInput =
    item.call === 'decodeMessage'
      ? `decodeMessage(bytes), bytes a view at byteOffset ${VIEW_PADDING_BEFORE.length} holding:\n${capText(spacedHex(item.bytes))}`
      : `encodeMessage(message), message:\n${showValue(item.message)}`;
  const withInput = (result: TestResult): TestResult => (visible && result.status !== 'passed' ? { ...result, input: shownInput } : result);

  if ('throws' in item.expected) {
    if (outcome.kind === 'threw') {
      return judge(vector, { kind: 'returned', json: undefined, output: '', outputTruncated: false }, () => ({ equal: true }), durationMs);
    }
    if (outcome.kind === 'returned') {
      const failed = judge(vector, outcome, () => ({ equal: false }), durationMs);
      return withInput({ ...failed, message: `Returned an answer, but the contract says ${item.call} must throw on this input.` });
    }
    return withInput(judge(vector, outcome, () => ({ equal: false }), durationMs));
  }
  if (item.call === 'decodeMessage') return withInput(judge(vector, outcome, compareDnsMessage, durationMs));

  const limitLength = item.expected.noLongerThanReference === true;
  const encoded: { bytes?: Uint8Array } = {};
  const compare = (_expected: unknown, actual: unknown): Comparison => {
    const bytes = bytesFromJson(actual);
    if (!(bytes instanceof Uint8Array)) return { equal: false, firstDifference: bytes.problem };
    encoded.bytes = bytes;
    let decoded: DnsMessage;
    try {
      decoded = decodeMessage(bytes);
    } catch (error) {
      return { equal: false, firstDifference: `the bytes, which do not decode: ${(error as Error).message}` };
    }
    const verdict = compareDnsMessage(item.message, decoded);
    if (!verdict.equal) return { equal: false, firstDifference: `the decoded message's ${verdict.firstDifference}` };
    const referenceLength = encodeMessage(item.message).length;
    if (limitLength && bytes.length > referenceLength) {
      return { equal: false, firstDifference: `the length: ${bytes.length} bytes, where full compression takes ${referenceLength}` };
    }
    return verdict;
  };
  const result = judge(vector, outcome, compare, durationMs);
  if (!visible || result.status === 'passed') return result;
  const expectedText = limitLength
    ? `bytes that decode to the message, at most ${encodeMessage(item.message).length} bytes long`
    : 'bytes that decode to the message';
  return {
    ...withInput(result),
    expected: expectedText,
    ...(encoded.bytes ? { actual: `${encoded.bytes.length} bytes:\n${capText(spacedHex(encoded.bytes))}` } : {}),
  };
}
