/**
 * Property-based differential tests for `parseRequest`: generated requests, well-formed and
 * nearly so, go to the submission and to the reference; the answers must agree. The vectors pin
 * every rule down with one case each; these properties look for the combinations nobody wrote.
 *
 * Every generator builds a well-formed request first and then breaks it, so that shrinking
 * (fast-check simplifies the parts, not the bytes) ends at a short request that still shows
 * the disagreement.
 */
import fc from 'fast-check';
import { defineProperty } from '../../harness/grading/property-definition.js';
import { parseRequest, type ParseResult } from '../../reference/http/index.js';

/** The contract's answer: the reference's, without the name of the broken rule it adds. */
function contractAnswer(message: string): ParseResult {
  const result = parseRequest(message);
  return result.ok ? result : { ok: false, status: result.status };
}

const charsOf = (codes: number[]) => codes.map((code) => String.fromCharCode(code));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// tchar (RFC 9110 §5.6.2), VCHAR and obs-text (RFC 9110 §5.5).
// Letters first: fast-check shrinks a choice towards the first one, and "A" reads better than "!".
const TCHARS = [...charsOf([...range(0x41, 0x5a), ...range(0x61, 0x7a), ...range(0x30, 0x39)]), ..."!#$%&'*+-.^_`|~"];
const VCHARS = charsOf(range(0x21, 0x7e));
const OBS_TEXT = charsOf(range(0x80, 0xff));
const BYTES = charsOf(range(0x00, 0xff));

const token = fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 8 });
const method = fc.oneof(fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'M-SEARCH'), token);
const target = fc.oneof(fc.constantFrom('/', '*', '/somedir/page.html', 'http://a.example/x?y=z'), fc.string({ unit: fc.constantFrom(...VCHARS), minLength: 1, maxLength: 16 }));
const ows = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 2 });
const fieldValue = fc.string({ unit: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...VCHARS) }, fc.constantFrom(' ', '\t'), fc.constantFrom(...OBS_TEXT)), maxLength: 12 });
/** Names other than Host and Content-Length, whose counts the generators control themselves. */
const fieldName = token.filter((name) => !['host', 'content-length'].includes(name.toLowerCase()));
const body = fc.string({ unit: fc.constantFrom(...BYTES), maxLength: 16 });

interface RequestParts {
  emptyLinesBefore: number;
  method: string;
  target: string;
  version: string;
  /** name, OWS, value, OWS */
  headers: [string, string, string, string][];
  hostAt: number;
  host: string;
  body: string;
  /** How Content-Length is written; "" leaves it out (allowed only for an empty body). */
  contentLength: string;
}

const requestParts: fc.Arbitrary<RequestParts> = fc.record({
  emptyLinesBefore: fc.nat({ max: 2 }),
  method,
  target,
  version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0'),
  headers: fc.array(fc.tuple(fieldName, ows, fieldValue, ows), { maxLength: 4 }),
  hostAt: fc.nat(),
  host: fc.constantFrom('Host', 'host', 'HOST'),
  body,
  contentLength: fc.constantFrom('none', 'decimal', 'leading-zeros'),
}).map((parts) => ({
  ...parts,
  contentLength:
    parts.body === '' && parts.contentLength === 'none' ? '' : parts.contentLength === 'leading-zeros' ? `00${parts.body.length}` : String(parts.body.length),
}));

/** The request as bytes, CRLF line endings; `requestLine` replaces the request-line when given. */
function serialize(parts: RequestParts, requestLine = `${parts.method} ${parts.target} ${parts.version}`, lines = fieldLines(parts)): string {
  return `${'\r\n'.repeat(parts.emptyLinesBefore)}${requestLine}\r\n${lines.map((line) => `${line}\r\n`).join('')}\r\n${parts.body}`;
}

/** The header section's lines, without their CRLFs: the generated fields, Host, Content-Length. */
function fieldLines(parts: RequestParts): string[] {
  const lines = parts.headers.map(([name, before, value, after]) => `${name}:${before}${value}${after}`);
  lines.splice(parts.hostAt % (lines.length + 1), 0, `${parts.host}: a.example`);
  if (parts.contentLength !== '') lines.push(`Content-Length: ${parts.contentLength}`);
  return lines;
}

const wellFormed = requestParts.map((parts) => serialize(parts));

export const wellFormedRequests = defineProperty({
  id: 'property-well-formed-requests',
  name: 'Well-formed requests are parsed field by field',
  checks: 'Generated well-formed requests (any token method, any visible target, headers with OWS and obs-text, a body of Content-Length bytes) must give the same request as the reference.',
  rfc: 'RFC 9112 §2.1, §3, §5',
  points: 4,
  inputs: wellFormed,
  expected: contractAnswer,
});

const edit = fc.constantFrom('delete', 'duplicate', 'replace');
const EDIT_POSITIONS = 1024;

export const singleByteEdits = defineProperty({
  id: 'property-single-byte-edits',
  name: 'A well-formed request with one byte deleted, duplicated or replaced',
  checks: 'A well-formed request with one byte deleted, doubled or replaced by any byte must get the same answer as from the reference, 400, 505 or a parsed request.',
  rfc: 'RFC 9112 §2.2, §3, §5',
  points: 3,
  // The position is a fraction of the length, so that the edit stays in the same part of the
  // message while shrinking makes the message shorter.
  inputs: fc.tuple(wellFormed, fc.nat({ max: EDIT_POSITIONS - 1 }), edit, fc.constantFrom(...BYTES)).map(([message, at, kind, byte]) => {
    const i = Math.floor((at / EDIT_POSITIONS) * message.length);
    const rest = message.slice(i + 1);
    if (kind === 'delete') return message.slice(0, i) + rest;
    if (kind === 'duplicate') return message.slice(0, i + 1) + message[i] + rest;
    return message.slice(0, i) + byte + rest;
  }),
  expected: contractAnswer,
});

export const brokenLineEndings = defineProperty({
  id: 'property-broken-line-endings',
  name: 'Line endings other than CRLF in the head',
  checks: 'A well-formed request with some of its CRLFs turned into a bare LF, a bare CR or CR CR LF must get the same answer as from the reference.',
  rfc: 'RFC 9112 §2.2',
  points: 3,
  inputs: fc.tuple(wellFormed, fc.array(fc.tuple(fc.nat(), fc.constantFrom('\n', '\r', '\r\r\n')), { minLength: 1, maxLength: 3 })).map(([message, changes]) => {
    const crlfs = [...message.matchAll(/\r\n/g)].map((match) => match.index);
    const replaced = new Map(changes.map(([which, ending]) => [crlfs[which % crlfs.length]!, ending]));
    let out = '';
    for (let i = 0; i < message.length; i += 1) {
      const ending = replaced.get(i);
      if (ending === undefined) out += message[i];
      else {
        out += ending;
        i += 1;
      }
    }
    return out;
  }),
  expected: contractAnswer,
});

/** Characters put at the edge of a field value: OWS is trimmed, the rest is kept or is an error. */
const EDGE_CHARS = [' ', '\t', '\xa0', '\x85', '\v', '\f', '\x00', '\x7f', '\r', '\n'];
const fieldLineEdit = fc.record({
  kind: fc.constantFrom('edge-char', 'space-before-colon', 'obs-fold', 'repeat', 'repeat-host', 'delete', 'no-colon'),
  at: fc.nat(),
  char: fc.constantFrom(...EDGE_CHARS),
  atEnd: fc.boolean(),
});

function editFieldLines(lines: string[], edits: { kind: string; at: number; char: string; atEnd: boolean }[]): string[] {
  const edited = [...lines];
  for (const { kind, at, char, atEnd } of edits) {
    if (edited.length === 0) break;
    const i = at % edited.length;
    const line = edited[i]!;
    const colon = line.indexOf(':');
    if (kind === 'edge-char') edited[i] = atEnd ? `${line}${char}` : `${line.slice(0, colon + 1)}${char}${line.slice(colon + 1)}`;
    else if (kind === 'space-before-colon') edited[i] = `${line.slice(0, colon)}${char === '\t' ? '\t' : ' '}${line.slice(colon)}`;
    else if (kind === 'obs-fold') edited.splice(i + 1, 0, `${char === '\t' ? '\t' : ' '}folded`);
    else if (kind === 'repeat') edited.splice(i, 0, line);
    else if (kind === 'repeat-host') edited.splice(i, 0, char === ' ' ? 'Host: a.example' : 'host:b');
    else if (kind === 'delete') edited.splice(i, 1);
    else edited[i] = line.replace(':', '');
  }
  return edited;
}

export const fieldLineVariants = defineProperty({
  id: 'property-field-line-variants',
  name: 'Header lines repeated, deleted, folded or with odd characters at the edges',
  checks: 'A request whose header lines are repeated (Host and Content-Length included), deleted, folded, lack a colon, have whitespace before the colon, or have SP, HTAB, NBSP, other controls at a value\'s edge must get the same answer as from the reference.',
  rfc: 'RFC 9112 §5, §5.1, §5.2, §3.2',
  points: 3,
  inputs: fc
    .tuple(requestParts, fc.array(fieldLineEdit, { minLength: 1, maxLength: 2 }))
    .map(([parts, edits]) => serialize(parts, undefined, editFieldLines(fieldLines(parts), edits))),
  expected: contractAnswer,
});

/** Mostly nothing; else a byte that is neither tchar nor VCHAR, or a delimiter that is VCHAR but not tchar. */
const oddByte = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, fc.constantFrom('\x00', '\x01', '\x1f', '\x7f', '\x80', '\xa0', '\xff', '"', '(', '@', '/'));

const separator = fc.oneof({ weight: 3, arbitrary: fc.constant(' ') }, fc.constantFrom('  ', '\t', ' \t'));
const version = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('HTTP/1.1', 'HTTP/1.0') },
  { weight: 2, arbitrary: fc.constantFrom('HTTP/2.0', 'HTTP/0.9', 'HTTP/3.0', 'HTTP/1.2') },
  { weight: 2, arbitrary: fc.constantFrom('http/1.1', 'Http/1.1', 'HTTP/1.10', 'HTTP/1.01', 'HTTP/01.1', 'HTTP/11', 'HTTP/1.', 'HTTP/1.1 ', 'HTTP/1.1\t') },
  fc.tuple(fc.constantFrom('HTTP/', 'HTTP\\', 'HTTPS/'), fc.nat({ max: 9 }), fc.constantFrom('.', ','), fc.nat({ max: 9 })).map((parts) => parts.join('')),
);

export const requestLineVariants = defineProperty({
  id: 'property-request-line-variants',
  name: 'Request-lines with other spacing and other versions',
  checks: 'A request whose request-line has doubled or tab separators, a leading or trailing space, a control, DEL, obs-text or delimiter byte in its method or target, or a version in another case or with other digits, possibly cut off before its CRLF or followed by a broken header, must get the same answer (400, 505 or a request) as from the reference.',
  rfc: 'RFC 9112 §3, §2.3',
  points: 3,
  inputs: fc
    .tuple(
      requestParts,
      separator,
      separator,
      version,
      fc.constantFrom('', '', '', ' '),
      fc.constantFrom('whole', 'cut-before-crlf', 'broken-header'),
      fc.tuple(oddByte, oddByte),
    )
    .map(([parts, first, second, versionText, lead, rest, [inMethod, inTarget]]) => {
      const requestLine = `${lead}${parts.method}${inMethod}${first}${parts.target}${inTarget}${second}${versionText}`;
      // 400 or 505 depends on whether the request-line's CRLF arrived before the broken part.
      if (rest === 'cut-before-crlf') return `${'\r\n'.repeat(parts.emptyLinesBefore)}${requestLine}`;
      if (rest === 'broken-header') return serialize(parts, requestLine, ['no colon here', ...fieldLines(parts)]);
      return serialize(parts, requestLine);
    }),
  expected: contractAnswer,
});

/** One element of a Content-Length list, as OWS, leading zeros, the body's length plus `offset`, OWS. */
const lengthElement = fc.record({ before: ows, zeros: fc.nat({ max: 2 }), offset: fc.constantFrom(0, 0, 0, 1, -1), after: ows });

export const contentLengthVariants = defineProperty({
  id: 'property-content-length-variants',
  name: 'Content-Length lists, repeats and bodies of another length',
  checks: 'Requests whose Content-Length is a list, is repeated, has leading zeros or OWS, or disagrees with itself or with the body must get the same answer as from the reference.',
  rfc: 'RFC 9110 §8.6, RFC 9112 §6.3',
  points: 3,
  inputs: fc
    .tuple(requestParts, fc.array(fc.array(lengthElement, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }), fc.constantFrom('', '', 'x', '\r\n'))
    .map(([parts, fields, extraBody]) => {
      const message = serialize({ ...parts, contentLength: '' });
      // serialize ends the head with the Host line's CRLF and the empty line's CRLF.
      const headEnd = message.length - parts.body.length - 4;
      const written = ({ before, zeros, offset, after }: { before: string; zeros: number; offset: number; after: string }) =>
        `${before}${'0'.repeat(zeros)}${Math.max(0, parts.body.length + offset)}${after}`;
      const lengthLines = fields.map((elements) => `\r\nContent-Length:${elements.map(written).join(',')}`).join('');
      return `${message.slice(0, headEnd)}${lengthLines}\r\n\r\n${parts.body}${extraBody}`;
    }),
  expected: contractAnswer,
});

const FRAGMENTS = ['GET', 'POST', ' ', '/', 'HTTP/1.1', 'HTTP/1.0', '\r\n', '\r', '\n', 'Host', ':', 'a', 'Content-Length', '0', '1', ',', '\t', '\x00', '\xff'];

export const arbitraryBytes = defineProperty({
  id: 'property-arbitrary-bytes',
  name: 'Arbitrary byte strings',
  checks: 'Any byte string, random bytes or random runs of request fragments, must get the same answer as from the reference, never an exception.',
  rfc: 'RFC 9112 §2.2',
  points: 1,
  inputs: fc.oneof(fc.string({ unit: fc.constantFrom(...BYTES), maxLength: 64 }), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 24 }).map((parts) => parts.join(''))),
  expected: contractAnswer,
});
