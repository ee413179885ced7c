import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareDnsMessage } from '../../harness/comparators/dns-message.js';
import { dnsCodecCase } from '../../harness/grading/dns-codec-suite.js';
import { encodeMessage } from '../../reference/dns/index.js';
import { decodeWithDnspython, DNSPYTHON_INTERPRETER, type DnspythonAnswer } from '../support/dnspython-decode.js';
import { vectorLocation, vectorsOf } from '../exercises/exercise-vectors.js';

// A second, independent implementation confirms the vectors: dnspython parses the bytes of every
// valid decode vector and must find the expected message, and parses the reference encoder's
// output for every valid encode vector and must find the input message. All messages go to one
// Python process.
//
// Where dnspython departs from the contract on purpose, the vector's note says so, and the test
// checks that the departure is exactly that one and nothing else.
const KNOWN_DISAGREEMENTS: Record<string, { firstDifference: string } | { error: RegExp }> = {
  // RFC 2181 §8: a TTL with its top bit set is read as 0; the contract keeps the unsigned value.
  'records-ttl-max': { firstDifference: 'answers[0].ttl' },
  'records-ttl-top-bit': { firstDifference: 'answers[0].ttl' },
  'encode-largest-numbers': { firstDifference: 'answers[0].ttl' },
  // dnspython only knows assigned opcodes; the contract reads any 4-bit value.
  'header-max-fields': { error: /15 is not a valid Opcode/ },
  'encode-header-fields': { error: /15 is not a valid Opcode/ },
};

const SLUG = 'dns-message';
const checked = vectorsOf(SLUG).flatMap((vector) => {
  const item = dnsCodecCase(vector);
  if ('throws' in item.expected) return [];
  return item.call === 'decodeMessage'
    ? [{ vector, bytes: item.bytes, expected: item.expected }]
    : [{ vector, bytes: encodeMessage(item.message), expected: item.message }];
});

describe.runIf(existsSync(DNSPYTHON_INTERPRETER))('dns-message vectors agree with dnspython', () => {
  let answers: DnspythonAnswer[];
  beforeAll(() => {
    answers = decodeWithDnspython(checked.map((entry) => entry.bytes));
  });

  it('checks every valid decode and encode vector', () => {
    expect(checked.length).toBeGreaterThanOrEqual(40);
    expect(answers).toHaveLength(checked.length);
  });

  checked.forEach(({ vector, expected }, index) => {
    it(`${vector.name} at ${vectorLocation(SLUG, vector)}`, () => {
      const answer = answers[index]!;
      const known = KNOWN_DISAGREEMENTS[vector.id];
      if (known) {
        expect(vector.note).toMatch(/dnspython/);
        if ('error' in known) expect('error' in answer ? answer.error : 'no error').toMatch(known.error);
        else expect(compareDnsMessage(expected, 'message' in answer ? answer.message : undefined)).toEqual({ equal: false, ...known });
        return;
      }
      if ('error' in answer) expect.fail(`dnspython rejects the bytes: ${answer.error}`);
      expect(compareDnsMessage(expected, answer.message)).toEqual({ equal: true });
    });
  });
});

const malformed = vectorsOf(SLUG).flatMap((vector) => {
  const item = dnsCodecCase(vector);
  return item.call === 'decodeMessage' && 'throws' in item.expected ? [{ vector, bytes: item.bytes }] : [];
});

describe.runIf(existsSync(DNSPYTHON_INTERPRETER))('dns-message malformed vectors are malformed for dnspython too', () => {
  let answers: DnspythonAnswer[];
  beforeAll(() => {
    answers = decodeWithDnspython(malformed.map((entry) => entry.bytes));
  });

  malformed.forEach(({ vector }, index) => {
    it(`${vector.name} at ${vectorLocation(SLUG, vector)}`, () => {
      expect(answers[index]).toHaveProperty('error');
    });
  });
});
