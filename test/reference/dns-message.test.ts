import { describe, expect, it } from 'vitest';
import { compareDnsMessage } from '../../harness/comparators/dns-message.js';
import { asOffsetView, dnsCodecCase } from '../../harness/grading/dns-codec-suite.js';
import { decodeMessage, encodeMessage, type DnsMessage, type DnsRecord } from '../../reference/dns/index.js';
import { vectorLocation, vectorsOf } from '../exercises/exercise-vectors.js';

const SLUG = 'dns-message';
const vectors = vectorsOf(SLUG);

const header = { id: 1, qr: true, opcode: 0, aa: false, tc: false, rd: false, ra: false, z: 0, rcode: 0 };
const message = (rest: Partial<DnsMessage> = {}): DnsMessage => ({ header, questions: [], answers: [], authorities: [], additionals: [], ...rest });
const aRecord = (name: string, address = '10.0.0.1'): DnsRecord => ({ name, type: 1, class: 1, ttl: 60, data: { kind: 'A', address } });

describe('reference/dns against the dns-message vectors', () => {
  it('has at least 60 cases, about a third of them hidden, over decode and encode', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(60);
    const hidden = vectors.filter((vector) => vector.visibility === 'hidden').length;
    expect(hidden / vectors.length).toBeGreaterThan(0.25);
    expect(hidden / vectors.length).toBeLessThan(0.45);
    const calls = vectors.map((vector) => dnsCodecCase(vector).call);
    expect(calls).toContain('decodeMessage');
    expect(calls).toContain('encodeMessage');
  });

  for (const vector of vectors) {
    it(`${vector.name} at ${vectorLocation(SLUG, vector)}`, () => {
      const item = dnsCodecCase(vector);
      if (item.call === 'decodeMessage') {
        for (const bytes of [item.bytes, asOffsetView(item.bytes)]) {
          if ('throws' in item.expected) expect(() => decodeMessage(bytes)).toThrow(Error);
          else expect(compareDnsMessage(item.expected, decodeMessage(bytes))).toEqual({ equal: true });
        }
        return;
      }
      if ('throws' in item.expected) {
        expect(() => encodeMessage(item.message)).toThrow(Error);
        return;
      }
      expect(decodeMessage(encodeMessage(item.message))).toEqual(item.message);
    });
  }
});

describe('encodeMessage limits that are too large for a vector file', () => {
  it('throws on more than 65,535 records in a section', () => {
    const answers = Array.from({ length: 65_536 }, () => aRecord('a'));
    expect(() => encodeMessage(message({ answers }))).toThrow(/count/);
  });

  it('accepts exactly 65,535 records in a section', () => {
    const additionals = Array.from({ length: 65_535 }, () => aRecord('a'));
    expect(decodeMessage(encodeMessage(message({ additionals }))).additionals).toHaveLength(65_535);
  });

  it('throws on raw RDATA over 65,535 bytes and accepts exactly 65,535', () => {
    const raw = (bytes: number): DnsRecord => ({ name: 'big', type: 16, class: 1, ttl: 0, data: { kind: 'raw', hex: 'ab'.repeat(bytes) } });
    expect(() => encodeMessage(message({ answers: [raw(65_536)] }))).toThrow(/RDATA/);
    expect(decodeMessage(encodeMessage(message({ answers: [raw(65_535)] }))).answers[0]).toEqual(raw(65_535));
  });

  it('points only at offsets up to 0x3FFF, writing a name in full when its first copy lies beyond', () => {
    // The raw record pushes both "late.test" records past offset 0x3FFF, where a 14-bit pointer
    // cannot reach (RFC 1035 §4.1.4): the second must be written in full, not as a pointer.
    const filler: DnsRecord = { name: 'early.example', type: 16, class: 1, ttl: 0, data: { kind: 'raw', hex: '00'.repeat(0x4000) } };
    const input = message({ answers: [aRecord('x.example'), filler, aRecord('late.test'), aRecord('late.test')] });
    const bytes = encodeMessage(input);
    expect(decodeMessage(bytes)).toEqual(input);
    const lateLabel = Buffer.from('\x04late', 'latin1');
    const copies = Buffer.from(bytes).toString('latin1').split(lateLabel.toString('latin1')).length - 1;
    expect(copies).toBe(2);
  });

  it('compresses names inside MX RDATA and then points at them', () => {
    const input = message({
      answers: [{ name: 'foo.com', type: 15, class: 1, ttl: 60, data: { kind: 'MX', preference: 10, exchange: 'mail.foo.com' } }],
      additionals: [aRecord('mail.foo.com')],
    });
    const bytes = encodeMessage(input);
    // Header 12 + foo.com 9 + fixed fields 10 + preference 2 + "mail" and a pointer 7 + pointer 2 + fixed 10 + address 4.
    expect(bytes.length).toBe(12 + 9 + 10 + 2 + 7 + 2 + 10 + 4);
    expect(decodeMessage(bytes)).toEqual(input);
  });
});

describe('decodeMessage on views', () => {
  it('reads a view at a non-zero byteOffset without touching the bytes around it', () => {
    const bytes = encodeMessage(message({ questions: [{ name: 'foo.com', type: 1, class: 1 }] }));
    const view = asOffsetView(bytes);
    expect(view.byteOffset).toBeGreaterThan(0);
    expect(view.buffer.byteLength).toBeGreaterThan(view.length);
    expect(decodeMessage(view)).toEqual(decodeMessage(bytes));
  });
});
