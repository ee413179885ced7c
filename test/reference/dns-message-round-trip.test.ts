import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, type DnsMessage, type DnsRecord, type RecordData } from '../../reference/dns/index.js';

// Few distinct labels, in two cases, so that generated messages share suffixes (and nearly-shared
// ones differing only in case), which is where compression goes wrong.
const label = fc.oneof(
  fc.constantFrom('foo', 'Foo', 'bar', 'com', 'COM', 'mail', 'www', 'relay1', 'a'),
  fc.string({ unit: fc.integer({ min: 0x21, max: 0xff }).map((code) => String.fromCharCode(code === 0x2e ? 0x2d : code)), minLength: 1, maxLength: 63 }),
);
const name = fc.array(label, { maxLength: 4 }).map((labels) => labels.join('.')).filter((text) => text.length + 2 <= 255);
const u16 = fc.integer({ min: 0, max: 0xffff });
const data: fc.Arbitrary<[number, RecordData]> = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
    .map((parts): [number, RecordData] => [1, { kind: 'A', address: parts.join('.') }]),
  name.map((host): [number, RecordData] => [2, { kind: 'NS', host }]),
  name.map((host): [number, RecordData] => [5, { kind: 'CNAME', host }]),
  fc.tuple(u16, name).map(([preference, exchange]): [number, RecordData] => [15, { kind: 'MX', preference, exchange }]),
  fc.tuple(fc.constantFrom(12, 16, 28, 65280), fc.uint8Array({ maxLength: 40 }))
    .map(([type, bytes]): [number, RecordData] => [type, { kind: 'raw', hex: Buffer.from(bytes).toString('hex') }]),
);
const record: fc.Arbitrary<DnsRecord> = fc
  .tuple(name, data, u16, fc.integer({ min: 0, max: 0xffffffff }))
  .map(([owner, [type, rdata], klass, ttl]) => ({ name: owner, type, class: klass, ttl, data: rdata }));
const message: fc.Arbitrary<DnsMessage> = fc.record({
  header: fc.record({
    id: u16, qr: fc.boolean(), opcode: fc.integer({ min: 0, max: 15 }), aa: fc.boolean(), tc: fc.boolean(),
    rd: fc.boolean(), ra: fc.boolean(), z: fc.integer({ min: 0, max: 7 }), rcode: fc.integer({ min: 0, max: 15 }),
  }),
  questions: fc.array(fc.record({ name, type: u16, class: u16 }), { maxLength: 3 }),
  answers: fc.array(record, { maxLength: 4 }),
  authorities: fc.array(record, { maxLength: 3 }),
  additionals: fc.array(record, { maxLength: 3 }),
});

describe('encodeMessage then decodeMessage', () => {
  it('gives back every generated message', () => {
    fc.assert(fc.property(message, (input) => {
      expect(decodeMessage(encodeMessage(input))).toEqual(input);
    }), { numRuns: 500 });
  });

  it('encodes a decoded message to the same bytes (the reference output is a fixed point)', () => {
    fc.assert(fc.property(message, (input) => {
      const bytes = encodeMessage(input);
      expect(encodeMessage(decodeMessage(bytes))).toEqual(bytes);
    }), { numRuns: 200 });
  });
});

describe('decodeMessage on arbitrary bytes', () => {
  it('returns a message or throws an Error, and what it returns encodes back to a message that decodes the same', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
      let decoded: DnsMessage;
      try {
        decoded = decodeMessage(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
        return;
      }
      expect(decodeMessage(encodeMessage(decoded))).toEqual(decoded);
    }), { numRuns: 2000 });
  });
});
