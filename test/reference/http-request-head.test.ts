import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bodyLengthOf, contentLengthElements } from '../../reference/http/content-length.js';
import { readLine, skipEmptyLines } from '../../reference/http/lines.js';
import { parseRequestHead } from '../../reference/http/request-head.js';

// The pieces a reader of a persistent connection reuses: they work on a buffer that may hold
// part of a request, or more than one.

describe('skipEmptyLines', () => {
  it('skips complete CRLF pairs only', () => {
    expect(skipEmptyLines('\r\n\r\nGET', 0)).toBe(4);
    expect(skipEmptyLines('\r\n\r', 0)).toBe(2);
    expect(skipEmptyLines('\r\n\nGET', 0)).toBe(2);
    expect(skipEmptyLines('xx\r\nGET', 2)).toBe(4);
  });
});

describe('readLine', () => {
  it('returns the line without its CRLF and the position after it', () => {
    expect(readLine('ab\r\ncd', 0)).toEqual({ kind: 'line', text: 'ab', next: 4 });
  });

  it('waits when the buffer ends with a CR that an LF may still follow', () => {
    expect(readLine('ab\r', 0)).toEqual({ kind: 'incomplete' });
  });

  it('reports a lone CR or LF as a broken line', () => {
    expect(readLine('a\nb\r\n', 0)).toEqual({ kind: 'broken' });
    expect(readLine('a\rb\r\n', 0)).toEqual({ kind: 'broken' });
  });
});

describe('parseRequestHead', () => {
  const head = 'POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n';

  it('answers incomplete, at the request-line, until the request-line CRLF arrives', () => {
    for (let cut = 0; cut <= 'POST /upload HTTP/1.1\r'.length; cut++) {
      expect(parseRequestHead(head.slice(0, cut), 0)).toEqual({ kind: 'incomplete', stage: 'request-line' });
    }
  });

  it('answers incomplete, at the header section, until the empty line arrives', () => {
    for (let cut = 'POST /upload HTTP/1.1\r\n'.length; cut < head.length; cut++) {
      expect(parseRequestHead(head.slice(0, cut), 0)).toEqual({ kind: 'incomplete', stage: 'header-section' });
    }
  });

  it('says where the body starts and how long it is, and leaves what follows alone', () => {
    const buffer = `\r\n${head}abcGET / HTTP/1.1\r\n`;
    expect(parseRequestHead(buffer, 2)).toEqual({
      kind: 'complete',
      head: { method: 'POST', target: '/upload', version: 'HTTP/1.1', headers: [['Host', 'a'], ['Content-Length', '3']] },
      bodyStart: 2 + head.length,
      bodyLength: 3,
    });
  });

  it('answers 505 as soon as a request-line with another version is complete', () => {
    expect(parseRequestHead('GET / HTTP/2.0\r\n', 0)).toEqual({ kind: 'error', code: 'VERSION_UNSUPPORTED' });
  });

  it('reports a broken line before the head is complete', () => {
    expect(parseRequestHead('GET / HTTP/1.1\r\nHost: a\nAcc', 0)).toEqual({ kind: 'error', code: 'BARE_CR_OR_LF' });
    expect(parseRequestHead('GET / HTTP/1.1\r\n folded\r\n', 0)).toEqual({ kind: 'error', code: 'OBS_FOLD' });
  });

  it('checks Host and Content-Length once the head is complete', () => {
    expect(parseRequestHead('GET / HTTP/1.1\r\n\r\n', 0)).toEqual({ kind: 'error', code: 'HOST_MISSING' });
    expect(parseRequestHead('GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n', 0)).toEqual({ kind: 'error', code: 'HOST_REPEATED' });
    expect(parseRequestHead('GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\n', 0)).toEqual({
      kind: 'error',
      code: 'CONTENT_LENGTH_CONFLICT',
    });
  });
});

describe('contentLengthElements', () => {
  it('reads every element of a list, OWS around each and leading zeros allowed', () => {
    expect(contentLengthElements('5, 05 ,\t0005')).toEqual({ ok: true, lengths: [5, 5, 5] });
  });

  it('accepts 2^53 - 1 and rejects the next integer, however many leading zeros', () => {
    expect(contentLengthElements('0009007199254740991')).toEqual({ ok: true, lengths: [Number.MAX_SAFE_INTEGER] });
    expect(contentLengthElements('9007199254740992')).toEqual({ ok: false, code: 'CONTENT_LENGTH_TOO_LARGE' });
    expect(contentLengthElements('9007199254740993')).toEqual({ ok: false, code: 'CONTENT_LENGTH_TOO_LARGE' });
  });

  it.each(['', ' ', '5,', ',5', '5,,5', '+5', '-5', '5 5', '5a', '0x5', '5.0', '\u0665'])('rejects %j', (value) => {
    expect(contentLengthElements(value)).toEqual({ ok: false, code: 'CONTENT_LENGTH_INVALID' });
  });
});

describe('bodyLengthOf', () => {
  it('is 0 without Content-Length', () => {
    expect(bodyLengthOf([['Host', 'a']])).toEqual({ ok: true, length: 0 });
  });

  it('is the number every Content-Length header agrees on, whatever the name case', () => {
    expect(bodyLengthOf([['content-length', '7'], ['X', '1'], ['CONTENT-LENGTH', '007, 7']])).toEqual({ ok: true, length: 7 });
  });

  it('rejects headers that disagree', () => {
    expect(bodyLengthOf([['Content-Length', '7'], ['Content-Length', '8']])).toEqual({ ok: false, code: 'CONTENT_LENGTH_CONFLICT' });
  });
});

describe('reference/http', () => {
  it('imports nothing but its own modules: no sockets, files or timers', () => {
    const dir = new URL('../../reference/http/', import.meta.url);
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'/g)].map((match) => match[1] ?? match[2]);
      for (const specifier of specifiers) expect(specifier, file).toMatch(/^\.\/[\w-]+\.js$/);
      expect(source, file).not.toMatch(/\b(setTimeout|setInterval|setImmediate|process\.|require\()/);
    }
  });
});
