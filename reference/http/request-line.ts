/**
 * The request-line (RFC 9112 §3):
 *
 *     request-line = method SP request-target SP HTTP-version
 *
 * with exactly one SP between the parts. The line arrives here without its CRLF.
 */
import type { RequestErrorCode } from './request-errors.js';
import { everyChar, isDigit, isToken, isVchar } from './syntax.js';

export interface RequestLine {
  method: string;
  target: string;
  version: string;
}

export type RequestLineResult = { ok: true; requestLine: RequestLine } | { ok: false; code: RequestErrorCode };

const SUPPORTED_VERSIONS: readonly string[] = ['HTTP/1.0', 'HTTP/1.1'];

/** Parses a request-line given without its CRLF. */
export function parseRequestLine(line: string): RequestLineResult {
  // A method, a target and a version never contain SP, so single spaces split the line into
  // exactly three non-empty parts. Two spaces in a row, a leading or a trailing space, or a tab
  // instead of a space all show up as a wrong count or an empty part.
  const parts = line.split(' ');
  if (parts.length !== 3) return { ok: false, code: 'REQUEST_LINE_MALFORMED' };
  const [method = '', target = '', version = ''] = parts;
  if (method === '' || target === '' || version === '') return { ok: false, code: 'REQUEST_LINE_MALFORMED' };

  // method = token (RFC 9112 §3.1). Methods are case-sensitive and any token is a method: the
  // parser does not know which ones the server implements; that is a 501 later, not a 400.
  if (!isToken(method)) return { ok: false, code: 'METHOD_INVALID' };

  // The forms of request-target (RFC 9112 §3.2) are all made of visible ASCII; this parser keeps
  // the target as sent and leaves the finer grammar to the code that routes the request.
  if (!everyChar(target, isVchar)) return { ok: false, code: 'TARGET_INVALID' };

  if (!isHttpVersion(version)) return { ok: false, code: 'VERSION_MALFORMED' };
  // A well-formed version this server does not implement earns 505 (RFC 9110 §15.6.6).
  if (!SUPPORTED_VERSIONS.includes(version)) return { ok: false, code: 'VERSION_UNSUPPORTED' };

  return { ok: true, requestLine: { method, target, version } };
}

/**
 * HTTP-version = HTTP-name "/" DIGIT "." DIGIT, HTTP-name = %s"HTTP" (RFC 9112 §2.3): the name is
 * case-sensitive and each number is one digit, so "http/1.1" and "HTTP/1.10" are malformed.
 */
export function isHttpVersion(text: string): boolean {
  return (
    text.length === 8 &&
    text.startsWith('HTTP/') &&
    isDigit(text.charCodeAt(5)) &&
    text[6] === '.' &&
    isDigit(text.charCodeAt(7))
  );
}
