import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareHttpParseResult } from '../../harness/comparators/http-parse-result.js';
import { checkStreamAnswer, chunkingsOf } from '../../harness/grading/stream-answer-check.js';
import { parseRequest } from '../../reference/http/parse-request.js';
import { REQUEST_ERRORS } from '../../reference/http/request-errors.js';
import { RequestReader } from '../../reference/http/request-reader.js';
import { couldStillBeValid, resultWindows } from '../../reference/http/reporting-window.js';
import { vectorLocation, vectorsOf } from '../exercises/exercise-vectors.js';

const SLUG = 'http-pipeline';
const vectors = vectorsOf(SLUG);

/** What each call returned when `chunks` are pushed into a fresh reader, then end(). */
function readInChunks(chunks: string[]): unknown[][] {
  const reader = new RequestReader();
  return [...chunks.map((chunk) => reader.push(chunk)), reader.end()];
}

/** Cuts `stream` at the given positions (any order, repeats allowed). */
function cutAt(stream: string, cuts: number[]): string[] {
  const positions = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const position of [...positions, stream.length]) {
    chunks.push(stream.slice(from, position));
    from = position;
  }
  return chunks;
}

describe('RequestReader on the exercise vectors', () => {
  for (const vector of vectors) {
    it(`${vector.name} at ${vectorLocation(SLUG, vector)}`, () => {
      const expected = vector.expected as unknown[];
      const windows = resultWindows(vector.input);
      for (const chunking of chunkingsOf(vector.input)) {
        const verdict = checkStreamAnswer(expected, windows, chunking, readInChunks(chunking.chunks), compareHttpParseResult);
        expect(verdict, chunking.label).toEqual({ right: true });
      }
    });
  }

  it('explains every failure with a code of the catalogue and its status', () => {
    for (const vector of vectors) {
      const results = readInChunks([vector.input]).flat() as ReturnType<RequestReader['push']>;
      for (const result of results) if (!result.ok) expect(REQUEST_ERRORS[result.code].status, vector.id).toBe(result.status);
    }
  });
});

describe('RequestReader calls', () => {
  it('refuses a push after end(), which is the last call', () => {
    const reader = new RequestReader();
    reader.end();
    expect(() => reader.push('GET')).toThrow(/after end/);
    expect(() => reader.end()).toThrow(/cannot happen in state "closed"/);
  });

  it('returns [] for every call after a failure', () => {
    const reader = new RequestReader();
    expect(reader.push('GET / HTTP/1.1\n')).toEqual([expect.objectContaining({ ok: false, status: 400 })]);
    expect(reader.push('GET / HTTP/1.1\r\nHost: a\r\n\r\n')).toEqual([]);
    expect(reader.end()).toEqual([]);
  });

  it('waits on a lone CR between requests until the next byte decides', () => {
    const reader = new RequestReader();
    expect(reader.push('\r')).toEqual([]);
    expect(reader.push('\n\r')).toEqual([]);
    expect(reader.push('X')).toEqual([expect.objectContaining({ ok: false, status: 400, code: 'BARE_CR_OR_LF' })]);
  });
});

describe('reporting windows', () => {
  it('give a request exactly the byte that completes it', () => {
    const first = 'GET /a HTTP/1.1\r\nHost: h\r\n\r\n';
    const second = 'POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi';
    const windows = resultWindows(first + second);
    expect(windows.map(({ earliest, latest }) => [earliest, latest])).toEqual([
      [first.length, first.length],
      [first.length + second.length, first.length + second.length],
    ]);
  });

  it('open when a request is certainly broken and close at its blank line', () => {
    // Without Host, the request is certainly broken at the CR of its blank line: only LF may follow.
    const stream = 'GET / HTTP/1.1\r\nAccept: */*\r\n\r\nGET / HTTP/1.1\r\n';
    const blankLineEnd = stream.indexOf('\r\n\r\n') + 4;
    expect(resultWindows(stream).map(({ earliest, latest }) => [earliest, latest])).toEqual([[blankLineEnd - 1, blankLineEnd]]);
  });

  it('leave a request that only end() can break to end()', () => {
    expect(resultWindows('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\nabc').map(({ earliest, latest }) => [earliest, latest])).toEqual([
      ['end', 'end'],
    ]);
    expect(resultWindows('GET / HTTP/1.1\r\nHo').map(({ earliest, latest }) => [earliest, latest])).toEqual([['end', 'end']]);
  });

  it('hold the moment the reference reports each result, for every vector', () => {
    for (const vector of vectors) {
      const windows = resultWindows(vector.input);
      let returned = 0;
      const reader = new RequestReader();
      for (let length = 1; length <= vector.input.length + 1; length++) {
        const results = length <= vector.input.length ? reader.push(vector.input[length - 1]!) : reader.end();
        for (const _ of results) {
          const { earliest, latest } = windows[returned++]!;
          const at = length <= vector.input.length ? length : Infinity;
          expect(at, vector.id).toBeGreaterThanOrEqual(earliest === 'end' ? Infinity : earliest);
          expect(at, vector.id).toBeLessThanOrEqual(latest === 'end' ? Infinity : latest);
        }
      }
      expect(returned, vector.id).toBe(windows.length);
    }
  });
});

describe('couldStillBeValid', () => {
  it.each([
    ['', true],
    ['\r', true],
    ['\r\n\r', true],
    ['\n', false],
    ['\rX', false],
    ['GET / HTTP/1.', true],
    ['GET / HTTP/2', false],
    ['GET / HTTP/1.1x', false],
    ['GET  /', false],
    ['G@T', false],
    ['GET / HTTP/1.1\r', true],
    ['GET / HTTP/2.0\r', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nhost:', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nHos', true],
    ['GET / HTTP/1.1\r\n Host', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 0', true],
    ['GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5 ', true],
    ['GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5 5', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 90071992547409919', false],
    ['GET / HTTP/1.1\r\nHost: a\r\nContent-Length: +', false],
    ['GET / HTTP/1.1\r\nAccept: a\r\n\r', false],
    ['GET / HTTP/1.0\r\nAccept: a\r\n\r', true],
    ['POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nab', true],
  ])('%j → %s', (pending, expected) => {
    expect(couldStillBeValid(pending)).toBe(expected);
  });
});

// Generators for pipelines of well-formed requests, built like those of the http-request-parser tests.

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const join = (parts: string[]): string => parts.join('');
const charIn = (min: number, max: number) => fc.integer({ min, max }).map((code) => String.fromCharCode(code));
const token = fc.array(fc.constantFrom(...TCHARS), { minLength: 1, maxLength: 8 }).map(join);
const target = fc.array(charIn(0x21, 0x7e), { minLength: 1, maxLength: 16 }).map(join);
const ows = fc.array(fc.constantFrom(' ', '\t'), { maxLength: 2 }).map(join);
const valueWord = fc.array(fc.oneof(charIn(0x21, 0x7e), charIn(0x80, 0xff)), { minLength: 1, maxLength: 6 }).map(join);
const fieldValue = fc.array(valueWord, { maxLength: 3 }).map((words) => words.join(' '));
const byteString = (maxLength: number) => fc.array(charIn(0, 255), { maxLength }).map(join);

const otherField = fc
  .record({ name: token, value: fieldValue, before: ows, after: ows })
  .filter(({ name }) => !['host', 'content-length'].includes(name.toLowerCase()));

/** One well-formed request (with the empty lines a client may send before it) and what it parses to. */
const wellFormedRequest = fc
  .record({
    emptyLines: fc.nat({ max: 2 }),
    method: token,
    target,
    version: fc.constantFrom('HTTP/1.0', 'HTTP/1.1'),
    others: fc.array(otherField, { maxLength: 3 }),
    host: fc.record({ name: fc.constantFrom('Host', 'host'), value: fieldValue, before: ows, after: ows }),
    body: byteString(20),
    leadingZeros: fc.nat({ max: 2 }),
  })
  .map((parts) => {
    const fields = [...parts.others, parts.host];
    if (parts.body !== '') fields.push({ name: 'Content-Length', value: `${'0'.repeat(parts.leadingZeros)}${parts.body.length}`, before: ' ', after: '' });
    const message =
      `${parts.method} ${parts.target} ${parts.version}\r\n` +
      fields.map((field) => `${field.name}:${field.before}${field.value}${field.after}\r\n`).join('') +
      '\r\n' +
      parts.body;
    return { bytes: '\r\n'.repeat(parts.emptyLines) + message, message };
  });

const pipeline = fc.array(wellFormedRequest, { minLength: 1, maxLength: 5 });
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('RequestReader properties', () => {
  it('returns each pipelined request as parseRequest parses it alone, however the stream is cut', () => {
    fc.assert(
      fc.property(pipeline, cuts, (requests, positions) => {
        const stream = join(requests.map((request) => request.bytes));
        const results = readInChunks(cutAt(stream, positions)).flat();
        expect(results).toEqual(requests.map((request) => parseRequest(request.message)));
      }),
    );
  });

  it('returns every request from the push that carries its last byte', () => {
    fc.assert(
      fc.property(pipeline, cuts, (requests, positions) => {
        const stream = join(requests.map((request) => request.bytes));
        const chunks = cutAt(stream, positions);
        const windows = resultWindows(stream);
        const verdict = checkStreamAnswer(windows.map((window) => window.result), windows, { label: 'random', chunks }, readInChunks(chunks), compareHttpParseResult);
        expect(verdict).toEqual({ right: true });
      }),
    );
  });

  it('gives the same results, within their windows, for any bytes cut anywhere', () => {
    const pieces = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('\r\n', '\r', '\n', ' ', ':', 'GET / HTTP/1.1', 'HTTP/2.0', 'Host: a', 'Content-Length: 2', 'ab') },
      { weight: 1, arbitrary: byteString(3) },
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }).map(join), cuts, (stream, positions) => {
        const chunks = cutAt(stream, positions);
        const windows = resultWindows(stream);
        const verdict = checkStreamAnswer(windows.map((window) => window.result), windows, { label: 'random', chunks }, readInChunks(chunks), compareHttpParseResult);
        expect(verdict).toEqual({ right: true });
      }),
    );
  });
});
