/**
 * Compares a DnsMessage with the expected one on the fields the `dns-message` contract names
 * (spec §4) and nothing else: the header's nine fields, each question's name, type and class, and
 * each record's name, type, class, ttl and data (its `kind` and that kind's fields). Extra
 * properties are ignored. The first difference is a path such as `answers[1].data.exchange`.
 */
import type { Comparison } from './http-parse-result.js';

type Fields = Record<string, unknown>;

const HEADER_FIELDS = ['id', 'qr', 'opcode', 'aa', 'tc', 'rd', 'ra', 'z', 'rcode'] as const;
const QUESTION_FIELDS = ['name', 'type', 'class'] as const;
const RECORD_FIELDS = ['name', 'type', 'class', 'ttl'] as const;
const RECORD_SECTIONS = ['answers', 'authorities', 'additionals'] as const;
const DATA_FIELDS: Record<string, readonly string[]> = {
  A: ['address'],
  NS: ['host'],
  CNAME: ['host'],
  MX: ['preference', 'exchange'],
  raw: ['hex'],
};

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SAME: Comparison = { equal: true };
const differ = (path: string): Comparison => ({ equal: false, firstDifference: path });

export function compareDnsMessage(expected: unknown, actual: unknown): Comparison {
  if (!isObject(expected) || !isObject(expected.header)) throw new TypeError('expected value is not a DnsMessage (the vector is wrong)');
  if (!isObject(actual)) return differ('(root)');
  const header = compareFields(expected.header, actual.header, HEADER_FIELDS, 'header');
  if (!header.equal) return header;
  const questions = compareList(expected.questions, actual.questions, 'questions', (want, got, path) =>
    compareFields(want, got, QUESTION_FIELDS, path),
  );
  if (!questions.equal) return questions;
  for (const section of RECORD_SECTIONS) {
    const records = compareList(expected[section], actual[section], section, compareRecord);
    if (!records.equal) return records;
  }
  return SAME;
}

function compareRecord(expected: Fields, actual: unknown, path: string): Comparison {
  const fields = compareFields(expected, actual, RECORD_FIELDS, path);
  if (!fields.equal) return fields;
  const want = expected.data as Fields;
  const got = (actual as Fields).data;
  if (!isObject(got)) return differ(`${path}.data`);
  if (got.kind !== want.kind) return differ(`${path}.data.kind`);
  const dataFields = DATA_FIELDS[want.kind as string];
  if (!dataFields) throw new TypeError(`expected record data kind "${String(want.kind)}" is unknown (the vector is wrong)`);
  return compareFields(want, got, dataFields, `${path}.data`);
}

function compareFields(expected: unknown, actual: unknown, fields: readonly string[], path: string): Comparison {
  if (!isObject(expected)) throw new TypeError(`expected ${path} is not an object (the vector is wrong)`);
  if (!isObject(actual)) return differ(path);
  for (const field of fields) {
    // `Object.is` keeps -0 and 0 apart; the contract's numbers are non-negative integers anyway.
    if (!Object.is(actual[field], expected[field])) return differ(`${path}.${field}`);
  }
  return SAME;
}

function compareList(
  expected: unknown,
  actual: unknown,
  path: string,
  compareItem: (expected: Fields, actual: unknown, path: string) => Comparison,
): Comparison {
  if (!Array.isArray(expected)) throw new TypeError(`expected ${path} is not a list (the vector is wrong)`);
  if (!Array.isArray(actual)) return differ(path);
  const common = Math.min(expected.length, actual.length);
  for (let index = 0; index < common; index++) {
    const verdict = compareItem(expected[index] as Fields, actual[index], `${path}[${index}]`);
    if (!verdict.equal) return verdict;
  }
  return expected.length === actual.length ? SAME : differ(`${path}[${common}]`);
}
