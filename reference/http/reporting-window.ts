/**
 * When the `http-pipeline` contract lets each result of a byte stream appear.
 *
 * A request is returned exactly when its last byte arrives. A broken request may be reported as
 * soon as it is certainly broken (no bytes that could still follow would make it a valid request)
 * and at the latest when its head is complete (its blank line) or at `end()`. A grader must
 * accept every timing in that window and no other, so this module computes, for one whole stream,
 * each result with the earliest and the latest byte count after which it may be returned.
 *
 * "Certainly broken" is decided by `couldStillBeValid`, which answers whether some continuation
 * of the bytes received so far makes a valid request; it follows the same rules as the reference
 * parser, one line at a time, and for the line still being received asks whether it is the
 * beginning of some valid line.
 */
import { bodyLengthOf, MAX_CONTENT_LENGTH } from './content-length.js';
import { parseFieldLine } from './field-line.js';
import { readLine, skipEmptyLines } from './lines.js';
import type { ExplainedParseResult } from './parse-request.js';
import { checkHost } from './request-head.js';
import { parseRequestLine } from './request-line.js';
import { RequestReader } from './request-reader.js';
import { everyChar, isDigit, isFieldValueChar, isOwsChar, isTchar, isToken, isVchar } from './syntax.js';

/** Where a result may appear: after `earliest` and no later than after `latest` bytes of the
 *  stream have been pushed; `'end'` is the call to `end()`. */
export interface ResultWindow {
  result: ExplainedParseResult;
  earliest: number | 'end';
  latest: number | 'end';
}

const SUPPORTED_VERSIONS = ['HTTP/1.0', 'HTTP/1.1'];

/** Every result of `stream` (read whole, then `end()`), in order, each with its window. */
export function resultWindows(stream: string): ResultWindow[] {
  const reader = new RequestReader();
  const windows: ResultWindow[] = [];
  // The reference reads byte by byte, so each result's position is the exact byte that completed it.
  let requestStart = 0;
  for (let length = 1; length <= stream.length + 1; length++) {
    const results = length <= stream.length ? reader.push(stream[length - 1] as string) : reader.end();
    const at = length <= stream.length ? length : 'end';
    for (const result of results) {
      if (result.ok) windows.push({ result, earliest: at, latest: at });
      else {
        // A request that only end() can break (its body is cut short) is reported at end().
        const earliest = brokenSince(stream, requestStart);
        windows.push({ result, earliest, latest: earliest === 'end' ? 'end' : headEnd(stream, requestStart) });
      }
      if (at !== 'end') requestStart = at;
    }
  }
  return windows;
}

/** The first byte count after which the request starting at `start` is certainly broken. */
function brokenSince(stream: string, start: number): number | 'end' {
  for (let length = start + 1; length <= stream.length; length++) {
    if (!couldStillBeValid(stream.slice(start, length))) return length;
  }
  return 'end';
}

/** The byte count at the end of the blank line of the head starting at `start` (after its empty lines). */
function headEnd(stream: string, start: number): number | 'end' {
  const blank = stream.indexOf('\r\n\r\n', skipEmptyLines(stream, start));
  return blank === -1 ? 'end' : blank + 4;
}

/**
 * Whether some continuation of `pending` (the bytes received since the last returned request)
 * makes it a valid request, or leaves it waiting for its body (which can no longer be broken).
 */
export function couldStillBeValid(pending: string): boolean {
  const text = pending.slice(skipEmptyLines(pending, 0));
  if (text === '' || text === '\r') return true;
  const first = readLine(text, 0);
  if (first.kind === 'broken') return false;
  if (first.kind === 'incomplete') return couldBeginRequestLine(text);
  const requestLine = parseRequestLine(first.text);
  if (!requestLine.ok) return false;

  const headers: [string, string][] = [];
  let position = first.next;
  for (;;) {
    const line = readLine(text, position);
    if (line.kind === 'broken') return false;
    if (line.kind === 'incomplete') return couldContinueHeaders(requestLine.requestLine.version, headers, text.slice(position));
    position = line.next;
    // The head is complete: from here on only end() can break the request (RFC 9112 §6.3).
    if (line.text === '') return headSectionIsValid(requestLine.requestLine.version, headers);
    const field = parseFieldLine(line.text);
    if (!field.ok) return false;
    headers.push(field.field);
  }
}

/** Is `partial` (no CRLF yet) the beginning of a valid request-line with a supported version (RFC 9112 §3)? */
function couldBeginRequestLine(partial: string): boolean {
  // A final CR can only be followed by LF, so the line before it must already be complete and valid.
  if (partial.endsWith('\r')) return parseRequestLine(partial.slice(0, -1)).ok;
  const parts = partial.split(' ');
  if (parts.length > 3) return false;
  const last = parts.length - 1;
  const [method = '', target = '', version = ''] = parts;
  if (last > 0 ? !isToken(method) : !everyChar(method, isTchar)) return false;
  if (last > 1 ? target === '' || !everyChar(target, isVchar) : !everyChar(target, isVchar)) return false;
  return SUPPORTED_VERSIONS.some((supported) => supported.startsWith(version));
}

function headSectionIsValid(version: string, headers: [string, string][]): boolean {
  return checkHost(version, headers) === undefined && bodyLengthOf(headers).ok;
}

/**
 * Can the header section go on from the complete `headers` and the line `partial` still being
 * received? A missing Host can still come; a second Host, or Content-Length values that cannot
 * agree, cannot be undone.
 */
function couldContinueHeaders(version: string, headers: [string, string][], partial: string): boolean {
  const hostCount = headers.filter(([name]) => name.toLowerCase() === 'host').length;
  const lengths = bodyLengthOf(headers);
  if (hostCount > 1 || !lengths.ok) return false;
  const agreed = headers.some(([name]) => name.toLowerCase() === 'content-length') ? lengths.length : undefined;

  if (partial.endsWith('\r')) {
    const line = partial.slice(0, -1);
    if (line === '') return headSectionIsValid(version, headers);
    const field = parseFieldLine(line);
    if (!field.ok) return false;
    const withField = [...headers, field.field];
    return withField.filter(([name]) => name.toLowerCase() === 'host').length <= 1 && bodyLengthOf(withField).ok;
  }
  if (partial === '') return true;
  if (isOwsChar(partial.charCodeAt(0))) return false; // obs-fold (RFC 9112 §5.2)
  const colon = partial.indexOf(':');
  if (colon === -1) return everyChar(partial, isTchar);
  const name = partial.slice(0, colon);
  const value = partial.slice(colon + 1);
  if (!isToken(name) || !everyChar(value, isFieldValueChar)) return false;
  if (name.toLowerCase() === 'host') return hostCount === 0;
  if (name.toLowerCase() === 'content-length') return couldBeginContentLength(value, agreed);
  return true;
}

/** Is `value` the beginning of a Content-Length value (RFC 9110 §8.6) that agrees with `agreed`? */
function couldBeginContentLength(value: string, agreed: number | undefined): boolean {
  const elements = value.split(',');
  const partial = elements.pop() as string;
  for (const element of elements) {
    const digits = element.replace(/^[ \t]+|[ \t]+$/g, '');
    if (digits === '' || !everyChar(digits, isDigit) || BigInt(digits) > BigInt(MAX_CONTENT_LENGTH)) return false;
    if (agreed !== undefined && Number(digits) !== agreed) return false;
    agreed = Number(digits);
  }
  const start = partial.replace(/^[ \t]+/, '');
  const digits = /^\d*/.exec(start)?.[0] ?? '';
  const rest = start.slice(digits.length);
  if (rest !== '' && (digits === '' || !everyChar(rest, isOwsChar))) return false;
  if (digits === '') return true;
  const number = BigInt(digits);
  if (number > BigInt(MAX_CONTENT_LENGTH)) return false;
  if (agreed === undefined) return true;
  // Trailing OWS ends the element; otherwise more digits may still come.
  if (rest !== '' || number === BigInt(agreed)) return number === BigInt(agreed);
  return number === 0n || String(agreed).startsWith(String(number));
}
