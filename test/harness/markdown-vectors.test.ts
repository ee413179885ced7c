import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  VectorFormatError,
  decodeInputBlock,
  encodeInputBlock,
  parseVectorFile,
} from '../../harness/vectors/markdown-vectors.js';

const FENCE = '```';

/** A vector file with one case, each part replaceable. */
function oneCase(parts: { metadata?: string[]; input?: string[]; json?: string } = {}): string {
  const metadata = parts.metadata ?? ['- id: simple-get', '- visibility: public', '- points: 1', '- rfc: RFC 9112 §3'];
  const input = parts.input ?? ['GET / HTTP/1.1\\r\\n', 'Host: a\\r\\n', '\\r\\n'];
  const json = parts.json ?? '{ "ok": false, "status": 400 }';
  return ['# Topic', '', '## A simple GET', ...metadata, '', `${FENCE}input`, ...input, FENCE, '', `${FENCE}json`, json, FENCE, ''].join('\n');
}

function failureOf(run: () => unknown): VectorFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VectorFormatError);
    return error as VectorFormatError;
  }
  throw new Error('expected a VectorFormatError, nothing was thrown');
}

function parseFailure(text: string): VectorFormatError {
  return failureOf(() => parseVectorFile(text, 'vectors/topic.md'));
}

const byteString = fc
  .array(
    fc.oneof(
      fc.constantFrom('\r', '\n', '\t', ' ', '\\', 'x', '\r\n'),
      fc.integer({ min: 0, max: 255 }).map((code) => String.fromCharCode(code)),
    ),
  )
  .map((pieces) => pieces.join(''));

describe('parseVectorFile', () => {
  it('reads every field of a case as the format document shows it', () => {
    const text = [
      '# Content-Length',
      '',
      'Prose about the topic.',
      '',
      '## Body of exactly Content-Length bytes',
      '- id: content-length-simple',
      '- visibility: public',
      '- points: 1',
      '- rfc: RFC 9110 §8.6',
      '- note: optional free text',
      '',
      `${FENCE}input`,
      'POST /form HTTP/1.1\\r\\n',
      'Host: example.com\\r\\n',
      'Content-Length: 5\\r\\n',
      '\\r\\n',
      'hello',
      FENCE,
      '',
      `${FENCE}json`,
      '{ "ok": true, "request": { "method": "POST", "target": "/form", "version": "HTTP/1.1",',
      '  "headers": [["Host", "example.com"], ["Content-Length", "5"]], "body": "hello" } }',
      FENCE,
    ].join('\n');
    expect(parseVectorFile(text, 'vectors/content-length.md')).toEqual([
      {
        id: 'content-length-simple',
        name: 'Body of exactly Content-Length bytes',
        file: 'vectors/content-length.md',
        line: 5,
        input: 'POST /form HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhello',
        expected: {
          ok: true,
          request: {
            method: 'POST',
            target: '/form',
            version: 'HTTP/1.1',
            headers: [['Host', 'example.com'], ['Content-Length', '5']],
            body: 'hello',
          },
        },
        visibility: 'public',
        points: 1,
        rfc: 'RFC 9110 §8.6',
        note: 'optional free text',
      },
    ]);
  });

  it('leaves note out when the case has none', () => {
    const [vector] = parseVectorFile(oneCase(), 'vectors/topic.md');
    expect(vector).not.toHaveProperty('note');
  });

  it('reads several cases, each with the line of its heading', () => {
    const second = oneCase({ metadata: ['- id: second', '- visibility: hidden', '- points: 2.5', '- rfc: RFC 9112 §2.2'] });
    const text = `${oneCase()}${second.replace('# Topic\n', '')}`;
    const vectors = parseVectorFile(text, 'vectors/topic.md');
    expect(vectors.map((vector) => [vector.id, vector.line, vector.visibility, vector.points])).toEqual([
      ['simple-get', 3, 'public', 1],
      ['second', 19, 'hidden', 2.5],
    ]);
  });

  it('ignores prose, other code blocks and headings inside code blocks', () => {
    const text = [
      '# Topic',
      `${FENCE}text`,
      '## not a case, inside a block',
      FENCE,
      '## The case',
      '- id: the-case',
      '- visibility: public',
      '- points: 1',
      '- rfc: RFC 9112 §3',
      '',
      'Some prose, with a list that is not metadata:',
      '- unknown: this is prose',
      '### A sub-heading',
      `${FENCE}json`,
      '"a json block before the input is not the expected result"',
      FENCE,
      `${FENCE}input`,
      'first',
      FENCE,
      `${FENCE}input`,
      'second input block is ignored',
      FENCE,
      `${FENCE}json`,
      '{ "ok": false, "status": 505 }',
      FENCE,
      `${FENCE}json`,
      '"a second json block is ignored"',
      FENCE,
    ].join('\n');
    const vectors = parseVectorFile(text, 'vectors/topic.md');
    expect(vectors).toHaveLength(1);
    expect(vectors[0]).toMatchObject({ id: 'the-case', line: 5, input: 'first', expected: { ok: false, status: 505 } });
  });

  it('allows blank lines between the heading and the metadata list', () => {
    const text = oneCase().replace('## A simple GET\n', '## A simple GET\n\n\n');
    expect(parseVectorFile(text, 'vectors/topic.md')[0]?.id).toBe('simple-get');
  });

  it('reads a file saved with CRLF line endings exactly like one saved with LF', () => {
    const text = oneCase();
    expect(parseVectorFile(text.replaceAll('\n', '\r\n'), 'vectors/topic.md')).toEqual(parseVectorFile(text, 'vectors/topic.md'));
  });

  it('reads an input block with no lines as the empty input', () => {
    expect(parseVectorFile(oneCase({ input: [] }), 'vectors/topic.md')[0]?.input).toBe('');
  });

  it.each(['id', 'visibility', 'points', 'rfc'])('rejects a case without the required "%s"', (key) => {
    const metadata = ['- id: simple-get', '- visibility: public', '- points: 1', '- rfc: RFC 9112 §3'].filter(
      (line) => !line.startsWith(`- ${key}:`),
    );
    const error = parseFailure(oneCase({ metadata }));
    expect(error.message).toBe(`vectors/topic.md:3: case "A simple GET" is missing required metadata "${key}"`);
    expect([error.file, error.line]).toEqual(['vectors/topic.md', 3]);
  });

  it('rejects an unknown metadata key, naming it and its line', () => {
    const error = parseFailure(
      oneCase({ metadata: ['- id: simple-get', '- visiblity: public', '- visibility: public', '- points: 1', '- rfc: RFC 9112 §3'] }),
    );
    expect(error.message).toMatch(/^vectors\/topic\.md:5: unknown metadata key "visiblity"/);
  });

  it('rejects a metadata key given twice', () => {
    const error = parseFailure(
      oneCase({ metadata: ['- id: simple-get', '- visibility: public', '- points: 1', '- points: 2', '- rfc: RFC 9112 §3'] }),
    );
    expect(error.message).toBe('vectors/topic.md:7: metadata key "points" appears twice');
  });

  it('rejects a metadata line without a colon', () => {
    const error = parseFailure(oneCase({ metadata: ['- id simple-get', '- visibility: public', '- points: 1', '- rfc: RFC 9112 §3'] }));
    expect(error.message).toBe('vectors/topic.md:4: metadata line must read "- key: value"');
  });

  it('rejects an empty metadata value', () => {
    const error = parseFailure(oneCase({ metadata: ['- id: simple-get', '- visibility: public', '- points: 1', '- rfc:'] }));
    expect(error.message).toBe('vectors/topic.md:7: metadata "rfc" is empty');
  });

  it.each(['private', 'Public', 'visible'])('rejects visibility "%s"', (visibility) => {
    const error = parseFailure(
      oneCase({ metadata: ['- id: simple-get', `- visibility: ${visibility}`, '- points: 1', '- rfc: RFC 9112 §3'] }),
    );
    expect(error.message).toBe(`vectors/topic.md:5: visibility must be one of "public", "hidden", "after-due", not "${visibility}"`);
  });

  it('reads visibility "after-due", for a case shown in full once the due date has passed', () => {
    const [vector] = parseVectorFile(
      oneCase({ metadata: ['- id: simple-get', '- visibility: after-due', '- points: 1', '- rfc: RFC 9112 §3'] }),
      'vectors/topic.md',
    );
    expect(vector!.visibility).toBe('after-due');
  });

  it.each(['0', '-1', '0.0', 'one', '1e3', 'Infinity', '2 points'])('rejects points "%s"', (points) => {
    const error = parseFailure(
      oneCase({ metadata: ['- id: simple-get', '- visibility: public', `- points: ${points}`, '- rfc: RFC 9112 §3'] }),
    );
    expect(error.message).toBe(`vectors/topic.md:6: points must be a positive number, not "${points}"`);
  });

  it.each(['Simple-Get', 'simple_get', 'simple--get', '-simple', 'simple get'])('rejects id "%s" that is not kebab-case', (id) => {
    const error = parseFailure(oneCase({ metadata: [`- id: ${id}`, '- visibility: public', '- points: 1', '- rfc: RFC 9112 §3'] }));
    expect(error.message).toBe(`vectors/topic.md:4: id "${id}" is not kebab-case`);
  });

  it('rejects a case without an input block', () => {
    const text = oneCase().replace(`${FENCE}input`, `${FENCE}text`);
    expect(parseFailure(text).message).toBe('vectors/topic.md:3: case "A simple GET" has no ```input block');
  });

  it('rejects a case whose json block comes only before the input block', () => {
    const text = [
      '## Case',
      '- id: a',
      '- visibility: public',
      '- points: 1',
      '- rfc: RFC 9112 §3',
      `${FENCE}json`,
      '{}',
      FENCE,
      `${FENCE}input`,
      'x',
      FENCE,
    ].join('\n');
    expect(parseFailure(text).message).toBe('vectors/topic.md:1: case "Case" has no ```json block after its input block');
  });

  it('rejects invalid JSON at the line of its block', () => {
    const error = parseFailure(oneCase({ json: '{ ok: false }' }));
    expect(error.message).toMatch(/^vectors\/topic\.md:15: json block is not valid JSON: /);
  });

  it('rejects a code block that is never closed', () => {
    const text = oneCase().replace(/```\n$/, '');
    expect(parseFailure(text).message).toBe('vectors/topic.md:15: code block is never closed');
  });

  it('rejects an id used twice in the file, at the second use', () => {
    const text = `${oneCase()}${oneCase().replace('# Topic\n', '')}`;
    expect(parseFailure(text).message).toBe('vectors/topic.md:20: duplicate id "simple-get" (first used at line 4)');
  });

  it('rejects a case heading without a name', () => {
    expect(parseFailure(oneCase().replace('## A simple GET', '##  ')).message).toBe('vectors/topic.md:3: case heading has no name');
  });

  it('rejects a file without any case', () => {
    expect(parseFailure('# Topic\n\nOnly prose.\n').message).toBe(
      'vectors/topic.md:1: file has no cases (a case starts with a "## " heading)',
    );
  });

  it('reports a malformed input line at its own line in the file', () => {
    const error = parseFailure(oneCase({ input: ['GET / HTTP/1.1\\r\\n', 'Host: a\\q\\r\\n'] }));
    expect([error.line, error.message]).toEqual([11, 'vectors/topic.md:11: unknown escape \\q at column 8']);
  });
});

describe('decodeInputBlock', () => {
  it('turns each escape into its byte', () => {
    expect(decodeInputBlock(['\\r\\n\\t\\s\\\\\\x00\\x7F\\xff\\xAb'])).toBe('\r\n\t \\\x00\x7f\xff\xab');
  });

  it('does not count the block line breaks as input', () => {
    expect(decodeInputBlock(['GET / HTTP/1.1\\r\\n', '', 'Host: a\\r\\n'])).toBe('GET / HTTP/1.1\r\nHost: a\r\n');
  });

  it('keeps printable ASCII, spaces inside a line included, as itself', () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index))
      .join('')
      .replace('\\', '');
    expect(decodeInputBlock([printable])).toBe(printable);
  });

  it.each([
    ['a space at the end', 'Host: a ', 'input line ends with a space or tab (write a final space as \\s)'],
    ['a tab at the end', 'Host: a\t', 'input line ends with a space or tab (write a final space as \\s)'],
    ['a lone backslash at the end', 'Host: a\\', 'input line ends with a lone backslash (write a backslash as \\\\)'],
    ['an unknown escape', 'a\\0b', 'unknown escape \\0 at column 2'],
    ['an escape in capitals', 'a\\R\\N', 'unknown escape \\R at column 2'],
    ['\\x with one hex digit', 'a\\x4', 'escape \\x at column 2 needs two hex digits'],
    ['\\x with non-hex digits', 'a\\xzz', 'escape \\x at column 2 needs two hex digits'],
    ['a non-ASCII character', 'caf\u00e9', 'input has U+00E9 at column 4, which is not printable ASCII (write bytes as \\xHH, a tab as \\t)'],
    ['a literal tab inside a line', 'a\tb', 'input has U+0009 at column 2, which is not printable ASCII (write bytes as \\xHH, a tab as \\t)'],
    ['a control character', 'a\u0001b', 'input has U+0001 at column 2, which is not printable ASCII (write bytes as \\xHH, a tab as \\t)'],
    ['DEL', 'a\u007f', 'input has U+007F at column 2, which is not printable ASCII (write bytes as \\xHH, a tab as \\t)'],
  ])('rejects %s', (_, line, problem) => {
    const error = failureOf(() => decodeInputBlock(['fine\\r\\n', line], 'vectors/x.md', 20));
    expect(error.message).toBe(`vectors/x.md:21: ${problem}`);
  });
});

describe('encodeInputBlock', () => {
  it('breaks the block after each LF and writes CR LF as \\r\\n', () => {
    expect(encodeInputBlock('GET / HTTP/1.1\r\nHost: a\r\n\r\n')).toBe('GET / HTTP/1.1\\r\\n\nHost: a\\r\\n\n\\r\\n');
  });

  it('escapes tab, backslash and bytes outside printable ASCII, in lowercase hex', () => {
    expect(encodeInputBlock('a\tb\\c\x00\x1b\x7f\x80\xe9\xff')).toBe('a\\tb\\\\c\\x00\\x1b\\x7f\\x80\\xe9\\xff');
  });

  it('writes a space as \\s only at the end of a block line', () => {
    expect(encodeInputBlock('a b ')).toBe('a b\\s');
    expect(encodeInputBlock('a \r\n')).toBe('a \\r\\n');
  });

  it('gives the empty text for the empty input', () => {
    expect(encodeInputBlock('')).toBe('');
  });

  it('refuses a string that is not a byte string', () => {
    expect(() => encodeInputBlock('caf\u0113')).toThrow(RangeError);
  });

  it('is undone by decodeInputBlock for any byte string', () => {
    fc.assert(
      fc.property(byteString, (bytes) => {
        expect(decodeInputBlock(encodeInputBlock(bytes).split('\n'))).toBe(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('only writes lines a vector file accepts: printable ASCII, no trailing blank', () => {
    fc.assert(
      fc.property(byteString, (bytes) => {
        for (const line of encodeInputBlock(bytes).split('\n')) {
          expect(line).toMatch(/^[\x20-\x7e]*$/);
          expect(line).not.toMatch(/[ \t]$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('ends a block line only right after an LF', () => {
    fc.assert(
      fc.property(byteString, (bytes) => {
        const lines = encodeInputBlock(bytes).split('\n');
        lines.slice(0, -1).forEach((line) => expect(line.endsWith('\\n')).toBe(true));
        expect(lines.length - 1).toBe(Math.max(0, [...bytes.replace(/\n$/, '')].filter((char) => char === '\n').length));
      }),
    );
  });
});
