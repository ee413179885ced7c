import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareHttpParseResult } from '../../harness/comparators/http-parse-result.js';
import { parseRequest } from '../../reference/http/parse-request.js';
import { REQUEST_ERRORS } from '../../reference/http/request-errors.js';
import { vectorLocation, vectorsOf } from '../exercises/exercise-vectors.js';

const SLUG = 'http-request-parser';
const vectors = vectorsOf(SLUG);

describe('parseRequest on the exercise vectors', () => {
  for (const vector of vectors) {
    it(`${vector.name} at ${vectorLocation(SLUG, vector)}`, () => {
      const actual = parseRequest(vector.input);
      const comparison = compareHttpParseResult(vector.expected, actual);
      expect(comparison, `expected ${JSON.stringify(vector.expected)}\nactual   ${JSON.stringify(actual)}`).toEqual({
        equal: true,
      });
      if (!actual.ok) expect(REQUEST_ERRORS[actual.code].status).toBe(actual.status);
    });
  }
});

// Generators for well-formed requests, built from the grammar's parts.

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const join = (parts: string[]): string => parts.join('');
const charIn = (min: number, max: number) => fc.integer({ min, max }).map((code) => String.fromCharCode(code));

const token = fc.array(fc.constantFrom(...TCHARS), { minLength: 1, maxLength: 12 }).map(join);
const target = fc.array(charIn(0x21, 0x7e), { minLength: 1, maxLength: 30 }).map(join);
const ows = fc.array(fc.constantFrom(' ', '\t'), { maxLength: 3 }).map(join);
const owsNonEmpty = fc.array(fc.constantFrom(' ', '\t'), { minLength: 1, maxLength: 3 }).map(join);
/** A field value as the parser returns it: no OWS at either end, SP and HTAB only between words. */
const valueWord = fc.array(fc.oneof(charIn(0x21, 0x7e), charIn(0x80, 0xff)), { minLength: 1, maxLength: 8 }).map(join);
const fieldValue = fc.tuple(fc.array(valueWord, { maxLength: 4 }), owsNonEmpty).map(([words, gap]) => words.join(gap));
const byteString = (maxLength: number) => fc.array(charIn(0, 255), { maxLength }).map(join);

interface FieldLine {
  name: string;
  value: string;
  before: string;
  after: string;
}

const otherField = fc
  .record({ name: token, value: fieldValue, before: ows, after: ows })
  .filter(({ name }) => !['host', 'content-length'].includes(name.toLowerCase()));

const wellFormedRequest = fc
  .record({
    emptyLines: fc.nat({ max: 3 }),
    method: token,
    target,
    version: fc.constantFrom('HTTP/1.0', 'HTTP/1.1'),
    others: fc.array(otherField, { maxLength: 6 }),
    host: fc.option(fc.record({ name: fc.constantFrom('Host', 'host', 'HOST'), value: fieldValue, before: ows, after: ows })),
    hostAt: fc.nat(),
    body: byteString(40),
    lengthName: fc.constantFrom('Content-Length', 'content-length', 'CONTENT-LENGTH'),
    leadingZeros: fc.nat({ max: 3 }),
    listed: fc.boolean(),
    lengthWhenEmpty: fc.boolean(),
  })
  .map((parts) => {
    const fields: FieldLine[] = [...parts.others];
    // HTTP/1.1 needs exactly one Host; HTTP/1.0 may have one or none.
    const host = parts.host ?? (parts.version === 'HTTP/1.1' ? { name: 'Host', value: 'example.com', before: ' ', after: '' } : null);
    if (host) fields.splice(parts.hostAt % (fields.length + 1), 0, host);
    if (parts.body !== '' || parts.lengthWhenEmpty) {
      const number = `${'0'.repeat(parts.leadingZeros)}${parts.body.length}`;
      fields.push({ name: parts.lengthName, value: parts.listed ? `${number},\t${parts.body.length}` : number, before: ' ', after: '' });
    }
    const message =
      '\r\n'.repeat(parts.emptyLines) +
      `${parts.method} ${parts.target} ${parts.version}\r\n` +
      fields.map((field) => `${field.name}:${field.before}${field.value}${field.after}\r\n`).join('') +
      '\r\n' +
      parts.body;
    const request = {
      method: parts.method,
      target: parts.target,
      version: parts.version,
      headers: fields.map((field): [string, string] => [field.name, field.value]),
      body: parts.body,
    };
    return { message, request };
  });

function expectParseResultShape(result: unknown): void {
  expect(result).toBeTypeOf('object');
  const value = result as Record<string, unknown>;
  if (value.ok === true) {
    const request = value.request as Record<string, unknown>;
    for (const field of ['method', 'target', 'version', 'body']) expect(request[field]).toBeTypeOf('string');
    expect(Array.isArray(request.headers)).toBe(true);
    for (const pair of request.headers as unknown[]) {
      expect(Array.isArray(pair) && pair.length === 2 && pair.every((part) => typeof part === 'string')).toBe(true);
    }
  } else {
    expect(value.ok).toBe(false);
    expect([400, 505]).toContain(value.status);
  }
}

describe('parseRequest properties', () => {
  it('parses any well-formed request back into the parts it was built from', () => {
    fc.assert(
      fc.property(wellFormedRequest, ({ message, request }) => {
        expect(parseRequest(message)).toEqual({ ok: true, request });
      }),
      { numRuns: 1000 },
    );
  });

  it('answers 400 to every proper prefix of a well-formed request', () => {
    fc.assert(
      fc.property(wellFormedRequest, fc.nat(), ({ message }, cut) => {
        expect(parseRequest(message.slice(0, cut % message.length))).toMatchObject({ ok: false, status: 400 });
      }),
      { numRuns: 1000 },
    );
  });

  it('answers 400 when any byte follows a well-formed request', () => {
    fc.assert(
      fc.property(wellFormedRequest, byteString(10).filter((extra) => extra !== ''), ({ message }, extra) => {
        expect(parseRequest(message + extra)).toMatchObject({ ok: false, status: 400 });
      }),
      { numRuns: 500 },
    );
  });

  it('answers 505 to a complete request-line with another version, whatever follows', () => {
    const otherVersion = fc
      .tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }))
      .map(([major, minor]) => `HTTP/${major}.${minor}`)
      .filter((version) => version !== 'HTTP/1.0' && version !== 'HTTP/1.1');
    fc.assert(
      fc.property(fc.nat({ max: 3 }), token, target, otherVersion, byteString(60), (emptyLines, method, path, version, rest) => {
        const message = `${'\r\n'.repeat(emptyLines)}${method} ${path} ${version}\r\n${rest}`;
        expect(parseRequest(message)).toMatchObject({ ok: false, status: 505 });
      }),
      { numRuns: 500 },
    );
  });

  it('never throws and always returns a ParseResult for arbitrary bytes', () => {
    const pieces = fc.oneof(
      fc.constantFrom('\r\n', '\r', '\n', ' ', '\t', ':', ',', 'GET', '/', 'HTTP/1.1', 'HTTP/2.0', 'Host', 'Content-Length', '5', '0'),
      charIn(0, 255),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }).map(join), (message) => expectParseResultShape(parseRequest(message))),
      { numRuns: 2000 },
    );
  });

  it('never throws and always returns a ParseResult for a well-formed request with one byte changed', () => {
    fc.assert(
      fc.property(wellFormedRequest, fc.nat(), charIn(0, 255), fc.constantFrom('insert', 'replace', 'delete'), ({ message }, at, byte, edit) => {
        const position = at % (message.length + 1);
        const skip = edit === 'insert' ? 0 : 1;
        const mutated = message.slice(0, position) + (edit === 'delete' ? '' : byte) + message.slice(position + skip);
        expectParseResultShape(parseRequest(mutated));
      }),
      { numRuns: 1000 },
    );
  });
});
