import { describe, expect, it } from 'vitest';
import { compareHttpParseResult } from '../../harness/comparators/http-parse-result.js';

const accepted = {
  ok: true,
  request: {
    method: 'GET',
    target: '/',
    version: 'HTTP/1.1',
    headers: [
      ['Host', 'a'],
      ['Accept', '*/*'],
    ],
    body: '',
  },
};
const rejected = { ok: false, status: 505 };

/** A copy of `accepted` with one change applied. */
function changed(edit: (copy: typeof accepted) => void): unknown {
  const copy = structuredClone(accepted);
  edit(copy);
  return copy;
}

describe('compareHttpParseResult', () => {
  it('finds equal results equal', () => {
    expect(compareHttpParseResult(accepted, structuredClone(accepted))).toEqual({ equal: true });
    expect(compareHttpParseResult(rejected, { ok: false, status: 505 })).toEqual({ equal: true });
  });

  it('ignores properties the contract does not name', () => {
    expect(compareHttpParseResult(rejected, { ok: false, status: 505, error: 'version' })).toEqual({ equal: true });
    expect(compareHttpParseResult(accepted, changed((copy) => Object.assign(copy.request, { extra: 1 })))).toEqual({ equal: true });
  });

  it.each([null, undefined, 'ok', 400, []])('reports (root) when the answer is %j', (actual) => {
    expect(compareHttpParseResult(rejected, actual)).toEqual({ equal: false, firstDifference: '(root)' });
  });

  it('reports ok when the verdict differs, even if the status is right', () => {
    expect(compareHttpParseResult(rejected, { ok: true, status: 505 })).toEqual({ equal: false, firstDifference: 'ok' });
    expect(compareHttpParseResult(rejected, { ok: 'false', status: 505 })).toEqual({ equal: false, firstDifference: 'ok' });
    expect(compareHttpParseResult(accepted, { ...rejected })).toEqual({ equal: false, firstDifference: 'ok' });
  });

  it('reports status when the status differs, by type as well as by value', () => {
    expect(compareHttpParseResult(rejected, { ok: false, status: 400 })).toEqual({ equal: false, firstDifference: 'status' });
    expect(compareHttpParseResult(rejected, { ok: false, status: '505' })).toEqual({ equal: false, firstDifference: 'status' });
    expect(compareHttpParseResult(rejected, { ok: false })).toEqual({ equal: false, firstDifference: 'status' });
  });

  it('reports the first request field that differs', () => {
    expect(compareHttpParseResult(accepted, { ok: true })).toEqual({ equal: false, firstDifference: 'request' });
    expect(compareHttpParseResult(accepted, changed((copy) => (copy.request.method = 'get')))).toEqual({
      equal: false,
      firstDifference: 'request.method',
    });
    expect(compareHttpParseResult(accepted, changed((copy) => (copy.request.target = '/x')))).toEqual({
      equal: false,
      firstDifference: 'request.target',
    });
    expect(compareHttpParseResult(accepted, changed((copy) => (copy.request.version = 'HTTP/1.0')))).toEqual({
      equal: false,
      firstDifference: 'request.version',
    });
    expect(compareHttpParseResult(accepted, changed((copy) => (copy.request.body = '\r\n')))).toEqual({
      equal: false,
      firstDifference: 'request.body',
    });
  });

  it('points into the headers at the first pair and part that differ', () => {
    const at = (edit: (copy: typeof accepted) => void) => compareHttpParseResult(accepted, changed(edit)).firstDifference;
    expect(at((copy) => ((copy.request.headers[1] as string[])[0] = 'accept'))).toBe('request.headers[1][0]');
    expect(at((copy) => ((copy.request.headers[0] as string[])[1] = ' a'))).toBe('request.headers[0][1]');
    expect(at((copy) => (copy.request.headers[1] = ['Accept', '*/*', 'extra']))).toBe('request.headers[1]');
    expect(at((copy) => Object.assign(copy.request, { headers: { Host: 'a' } }))).toBe('request.headers');
    expect(at((copy) => Object.assign(copy.request, { headers: [{ 0: 'Host', 1: 'a' }, ['Accept', '*/*']] }))).toBe('request.headers[0]');
  });

  it('points at the first missing or extra header pair', () => {
    const at = (edit: (copy: typeof accepted) => void) => compareHttpParseResult(accepted, changed(edit)).firstDifference;
    expect(at((copy) => copy.request.headers.pop())).toBe('request.headers[1]');
    expect(at((copy) => copy.request.headers.push(['X', '1']))).toBe('request.headers[2]');
    expect(at((copy) => (copy.request.headers = []))).toBe('request.headers[0]');
  });

  it('refuses an expected value that is not a ParseResult', () => {
    expect(() => compareHttpParseResult({ status: 400 }, rejected)).toThrow(TypeError);
  });
});
