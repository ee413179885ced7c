import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bytesFromJson } from '../../harness/comparators/dns-wire-bytes.js';
import { compileSubmission } from '../../harness/compile.js';
import { loadExercise } from '../../harness/exercises/catalog.js';
import type { Exercise, VectorCase } from '../../harness/exercises/types.js';
import { asOffsetView, dnsCodecCase, judgeDnsCase, VIEW_PADDING_BEFORE } from '../../harness/grading/dns-codec-suite.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import { SubmissionSandbox } from '../../harness/sandbox/submission-sandbox.js';
import { encodeMessage as encodeWithoutCompression } from '../../exercises/dns-message/mutants/never-compresses.js';
import { encodeMessage } from '../../reference/dns/index.js';
import { decodeHexBlock, parseVectorFile } from '../../harness/vectors/markdown-vectors.js';
import { exerciseDir } from './exercise-vectors.js';

const SLUG = 'dns-message';
let exercise: Exercise;
beforeAll(async () => {
  exercise = await loadExercise(path.resolve(exerciseDir(SLUG)));
});
const vector = (id: string): VectorCase => exercise.vectors.find((candidate) => candidate.id === id)!;
const returned = (value: unknown) => ({ kind: 'returned' as const, json: JSON.stringify(value), output: '', outputTruncated: false });
const threw = { kind: 'threw' as const, error: 'Error: malformed', output: '', outputTruncated: false };

describe('a decode input crossing into the sandbox', () => {
  let sandbox: SubmissionSandbox | undefined;
  afterEach(() => sandbox?.dispose());

  it('arrives as a Uint8Array view at the same byteOffset over the whole buffer, in a batch as alone', async () => {
    const code = 'export const decodeMessage = (b) => ({ offset: b.byteOffset, length: b.length, buffer: b.buffer.byteLength, first: b[0], isView: b instanceof Uint8Array });';
    const compiled = await compileSubmission(code, 'js', 'probe.js');
    if (!compiled.ok) throw new Error(compiled.message);
    sandbox = await SubmissionSandbox.create({ memoryMb: 64, resultMaxBytes: 10_000, outputMaxBytes: 1_000 });
    expect(await sandbox.load(compiled.script, { name: 'decodeMessage', style: 'named-calls' }, 1000)).toEqual({ kind: 'loaded' });
    const view = asOffsetView(Uint8Array.from([0x12, 0x34, 0x56]));
    const expected = { offset: VIEW_PADDING_BEFORE.length, length: 3, buffer: view.buffer.byteLength, first: 0x12, isView: true };
    expect(view.buffer.byteLength).toBeGreaterThan(VIEW_PADDING_BEFORE.length + 3);

    const alone = await sandbox.invoke(['decodeMessage', view], 1000);
    expect(alone.kind === 'returned' && JSON.parse(alone.json!)).toEqual(expected);
    const batch = await sandbox.invokeMany([['decodeMessage', view], ['decodeMessage', view]], { testTimeoutMs: 1000, batchTimeoutMs: 1000, deadline: performance.now() + 5000 });
    for (const outcome of batch.outcomes) expect(outcome.kind === 'returned' && JSON.parse(outcome.json!)).toEqual(expected);
  });
});

describe('input hex blocks', () => {
  it('spell the bytes their hex digits say, ignoring spaces and ; comments', () => {
    expect(decodeHexBlock(['12 34  ; ID', '0100;flags', '; a whole-line comment', ''])).toBe('\x12\x34\x01\x00');
  });

  it('reject a line that is not pairs of hex digits, naming its line', () => {
    expect(() => decodeHexBlock(['12 34', '0 1'], 'vectors/names.md', 10)).toThrow('vectors/names.md:11:');
    expect(() => decodeHexBlock(['zz'], 'vectors/names.md', 3)).toThrow('vectors/names.md:3:');
  });

  it('are read as a case input by the vector reader', () => {
    const text = ['# T', '', '## Header only', '- id: a', '- visibility: public', '- points: 1', '- rfc: RFC 1035 §4.1.1', '', '```input hex', '00 01 ; ID', '```', '', '```json', '{ "throws": true }', '```', ''].join('\n');
    expect(parseVectorFile(text, 'vectors/t.md')[0]).toMatchObject({ input: '\x00\x01', expected: { throws: true } });
  });
});

describe('bytesFromJson', () => {
  it('turns the JSON of a Uint8Array back into its bytes', () => {
    const bytes = Uint8Array.from([0, 1, 127, 128, 255]);
    expect(bytesFromJson(JSON.parse(JSON.stringify(bytes)))).toEqual(bytes);
    expect(bytesFromJson(JSON.parse(JSON.stringify(new Uint8Array())))).toEqual(new Uint8Array());
  });

  it('says why an answer is not a Uint8Array', () => {
    expect(bytesFromJson([1, 2])).toHaveProperty('problem', expect.stringMatching(/array/));
    expect(bytesFromJson('0102')).toHaveProperty('problem', expect.stringMatching(/string/));
    expect(bytesFromJson({ 0: 1, 2: 3 })).toHaveProperty('problem', expect.stringMatching(/indexes/));
    expect(bytesFromJson({ 0: 256 })).toHaveProperty('problem', expect.stringMatching(/256/));
  });
});

describe('judging one dns-codec vector', () => {
  it('passes a throw where the vector expects one, and fails an answer there', () => {
    const malformed = vector('names-pointer-forward');
    expect(judgeDnsCase(malformed, dnsCodecCase(malformed), threw)).toMatchObject({ status: 'passed', points: malformed.points });
    const answer = judgeDnsCase(malformed, dnsCodecCase(malformed), returned({}));
    expect(answer).toMatchObject({ status: 'failed', points: 0, message: expect.stringMatching(/must throw/) });
    expect(answer.input).toMatch(/byteOffset 3/);
  });

  it('fails a throw where the vector expects a message', () => {
    const valid = vector('examples-query');
    expect(judgeDnsCase(valid, dnsCodecCase(valid), threw)).toMatchObject({ status: 'runtime-error', points: 0 });
  });

  it('accepts any encoding that decodes to the input, and checks length only in compression vectors', () => {
    const plain = vector('encode-textbook-response');
    const compressed = vector('compression-textbook-response');
    const item = dnsCodecCase(plain);
    if (item.call !== 'encodeMessage') throw new Error('not an encode vector');
    const reference = encodeMessage(item.message);
    // A valid encoding that writes every name in full.
    const longer = encodeWithoutCompression(item.message);
    expect(longer.length).toBeGreaterThan(reference.length);
    expect(judgeDnsCase(plain, item, returned(longer))).toMatchObject({ status: 'passed' });
    expect(judgeDnsCase(compressed, dnsCodecCase(compressed), returned(longer))).toMatchObject({
      status: 'failed',
      firstDifference: expect.stringMatching(/length/),
    });
    expect(judgeDnsCase(compressed, dnsCodecCase(compressed), returned(reference))).toMatchObject({ status: 'passed' });
  });

  it('names the first decoded difference of a wrong encoding, and shows no evidence for a hidden vector', () => {
    const visible = vector('encode-query');
    const item = dnsCodecCase(visible);
    if (item.call !== 'encodeMessage') throw new Error('not an encode vector');
    const wrong = encodeMessage({ ...item.message, header: { ...item.message.header, rd: false } });
    expect(judgeDnsCase(visible, item, returned(wrong))).toMatchObject({ status: 'failed', firstDifference: "the decoded message's header.rd" });
    const hidden = exercise.vectors.find((candidate) => candidate.visibility === 'hidden' && dnsCodecCase(candidate).call === 'encodeMessage' && !('throws' in (candidate.expected as object)))!;
    const result = judgeDnsCase(hidden, dnsCodecCase(hidden), returned([]));
    expect(result.status).toBe('failed');
    expect(result).not.toHaveProperty('input');
    expect(result).not.toHaveProperty('actual');
  });
});

describe('grading dns-message submissions', () => {
  const grade = (file: string) => gradeSubmission(exercise, { language: 'ts', filename: 'submission.ts', code: readFileSync(file, 'utf8') });

  it('gives the reference-like solution full marks and a wrong one less, quickly', async () => {
    const solution = path.resolve(import.meta.dirname, '../fixtures/dns-message/pass/independent-solution/submission.ts');
    const wrong = `${exerciseDir(SLUG)}mutants/forgets-byte-offset.ts`;
    const right = await grade(solution);
    const wrongResult = await grade(wrong);
    expect(right.score).toBe(right.maxScore);
    expect(wrongResult.score).toBeLessThan(wrongResult.maxScore);
    // Every decode vector is a view at a non-zero byteOffset, so forgetting it fails all of them.
    const decodeIds = new Set(exercise.vectors.filter((candidate) => typeof candidate.input === 'string').map((candidate) => candidate.id));
    const decodePassed = wrongResult.tests.filter((test) => decodeIds.has(test.id) && test.status === 'passed');
    const decodeThrowIds = new Set(exercise.vectors.filter((candidate) => decodeIds.has(candidate.id) && 'throws' in (candidate.expected as object)).map((candidate) => candidate.id));
    expect(decodePassed.every((test) => decodeThrowIds.has(test.id))).toBe(true);
    expect(right.durationMs).toBeLessThan(3000);
    expect(wrongResult.durationMs).toBeLessThan(3000);
  });
});
