import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareDnsMessage } from '../../harness/comparators/dns-message.js';
import { comparatorNamed } from '../../harness/grading/comparators.js';
import { dnsCodecCase } from '../../harness/grading/dns-codec-suite.js';
import { decodeMessage, encodeMessage } from '../../reference/dns/index.js';
import { exerciseDir, itChecksTheVectorSet, readExerciseConfig, vectorsOf } from './exercise-vectors.js';

const SLUG = 'dns-message';
const dir = exerciseDir(SLUG);
const config = readExerciseConfig(SLUG);
const vectors = vectorsOf(SLUG);
const ids = new Set(vectors.map((vector) => vector.id));

describe('exercises/dns-message/exercise.json', () => {
  it('calls the two exports by name, through the dns-codec suite and the dns-message comparator', () => {
    expect(config).toMatchObject({ slug: SLUG, entry: 'decodeMessage', callStyle: 'named-calls', comparator: 'dns-message', reference: 'reference/dns/index.ts', suites: [{ kind: 'dns-codec' }] });
    expect(comparatorNamed(config.comparator)).toBe(compareDnsMessage);
  });

  it('declares a reference module that exports both reference functions', async () => {
    const reference = (await import(`../../${config.reference ?? ''}`)) as Record<string, unknown>;
    expect(reference.decodeMessage).toBe(decodeMessage);
    expect(reference.encodeMessage).toBe(encodeMessage);
  });

  it('has a statement that links RFC 1035 §3.2 and §4 and gives the whole contract', () => {
    const statement = readFileSync(`${dir}${config.statement}`, 'utf8');
    expect(statement).toContain('https://www.rfc-editor.org/rfc/rfc1035#section-3.2');
    expect(statement).toContain('https://www.rfc-editor.org/rfc/rfc1035#section-4');
    for (const phrase of ['export function decodeMessage(bytes: Uint8Array): DnsMessage;', 'export function encodeMessage(message: DnsMessage): Uint8Array;', 'pointing only at offsets up to 0x3FFF']) {
      expect(statement).toContain(phrase);
    }
  });
});

describe('dns-message vectors', () => {
  itChecksTheVectorSet('dns-message', { pattern: /^RFC \d+ §\d+(\.\d+)*$/, says: 'an RFC section' }, [1]);

  it('name a case for every throw rule of the contract, decode and encode', () => {
    const rules = [
      'header-eleven-bytes', 'lengths-question-missing', 'lengths-rdata-past-end', // shorter than header, a count, a length
      'names-label-type-01', 'names-label-type-10', // reserved label types
      'names-pointer-forward', 'names-pointer-self', 'names-pointer-loop', // pointers
      'names-256-bytes', 'names-too-long-through-pointer', // 255-byte names
      'records-a-rdlength-5', 'records-mx-rdlength-long', 'records-ns-rdlength-short', 'records-cname-rdlength-long', // RDATA length
      'lengths-leftover-byte', // bytes left over
      'encode-label-64', 'encode-empty-label', 'encode-leading-dot', 'encode-trailing-dot', 'encode-name-256',
      'encode-id-too-large', 'encode-ttl-too-large', 'encode-type-too-large', 'encode-preference-too-large',
    ];
    for (const id of rules) {
      expect(ids, id).toContain(id);
      expect(vectors.find((vector) => vector.id === id)!.expected, id).toEqual({ throws: true });
    }
    for (const id of ['names-pointer-into-header', 'records-pointer-into-rdata', 'names-255-bytes', 'encode-name-255']) {
      expect(vectors.find((vector) => vector.id === id)!.expected, id).not.toHaveProperty('throws');
    }
  });

  it('give the compression points in a smaller, separate set of encode cases', () => {
    const compression = vectors.filter((vector) => (vector.expected as Record<string, unknown>).noLongerThanReference === true);
    expect(compression.length).toBeGreaterThanOrEqual(3);
    expect(compression.length).toBeLessThan(vectors.length / 5);
    for (const vector of compression) expect(dnsCodecCase(vector).call, vector.id).toBe('encodeMessage');
  });
});
