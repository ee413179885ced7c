/**
 * The head of a request: request-line, header lines, and the empty line that ends them
 * (RFC 9112 §2.1):
 *
 *     HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]
 *
 * parseRequestHead works on a buffer that may hold only part of a message, so a reader that
 * receives a connection's bytes in pieces can call it again as more arrive: it answers
 * `incomplete` until the head is complete or certainly broken. What comes after the head (the
 * body, or the next request on a persistent connection) is the caller's business.
 */
import { bodyLengthOf } from './content-length.js';
import { parseFieldLine } from './field-line.js';
import { readLine } from './lines.js';
import type { RequestErrorCode } from './request-errors.js';
import { parseRequestLine, type RequestLine } from './request-line.js';

export interface RequestHead extends RequestLine {
  /** In the order received; names as sent, values without surrounding OWS. */
  headers: [string, string][];
}

export type HeadResult =
  /** `bodyStart` is the position after the empty line; `bodyLength` comes from Content-Length. */
  | { kind: 'complete'; head: RequestHead; bodyStart: number; bodyLength: number }
  | { kind: 'error'; code: RequestErrorCode }
  /** Nothing is wrong so far, but the request-line or the header section has not ended. */
  | { kind: 'incomplete'; stage: 'request-line' | 'header-section' };

/**
 * Parses the head that starts at `start` (after any empty lines, see skipEmptyLines).
 *
 * The request-line is judged as soon as its CRLF is there. So a well-formed request-line with a
 * version other than 1.0 or 1.1 earns 505 whatever follows it, and once the request-line is good,
 * any later broken rule earns 400.
 */
export function parseRequestHead(bytes: string, start: number): HeadResult {
  const first = readLine(bytes, start);
  if (first.kind === 'incomplete') return { kind: 'incomplete', stage: 'request-line' };
  if (first.kind === 'broken') return { kind: 'error', code: 'BARE_CR_OR_LF' };
  const requestLine = parseRequestLine(first.text);
  if (!requestLine.ok) return { kind: 'error', code: requestLine.code };

  const headers: [string, string][] = [];
  let position = first.next;
  for (;;) {
    const line = readLine(bytes, position);
    if (line.kind === 'incomplete') return { kind: 'incomplete', stage: 'header-section' };
    if (line.kind === 'broken') return { kind: 'error', code: 'BARE_CR_OR_LF' };
    position = line.next;
    if (line.text === '') break;
    const field = parseFieldLine(line.text);
    if (!field.ok) return { kind: 'error', code: field.code };
    headers.push(field.field);
  }

  const hostProblem = checkHost(requestLine.requestLine.version, headers);
  if (hostProblem) return { kind: 'error', code: hostProblem };
  const bodyLength = bodyLengthOf(headers);
  if (!bodyLength.ok) return { kind: 'error', code: bodyLength.code };

  return { kind: 'complete', head: { ...requestLine.requestLine, headers }, bodyStart: position, bodyLength: bodyLength.length };
}

/**
 * RFC 9112 §3.2: an HTTP/1.1 request carries exactly one Host header. HTTP/1.0 predates the rule,
 * so it may omit Host, but two Host headers are ambiguous in any version. Names compare
 * case-insensitively (RFC 9110 §5.1): "host" and "HOST" are Host too.
 */
export function checkHost(version: string, headers: readonly (readonly [string, string])[]): RequestErrorCode | undefined {
  let count = 0;
  for (const [name] of headers) if (name.toLowerCase() === 'host') count++;
  if (count > 1) return 'HOST_REPEATED';
  if (count === 0 && version !== 'HTTP/1.0') return 'HOST_MISSING';
  return undefined;
}
