/**
 * parseRequest: the `http-request-parser` exercise's contract, for a buffer that holds exactly one
 * complete request message.
 *
 * The work is split so that a reader of a persistent connection can reuse it: skipEmptyLines and
 * parseRequestHead find and check the head, bodyLengthOf (inside the head) decides how many body
 * bytes follow. Only the last step here is specific to a single message: the buffer must end
 * exactly where the body ends.
 */
import { skipEmptyLines } from './lines.js';
import { statusFor, type RequestErrorCode } from './request-errors.js';
import { parseRequestHead } from './request-head.js';

export interface HttpRequest {
  /** Exactly as sent, e.g. "GET" (methods are case-sensitive). */
  method: string;
  /** The request-target exactly as sent, e.g. "/somedir/page.html". */
  target: string;
  /** "HTTP/1.0" or "HTTP/1.1". */
  version: string;
  /** In the order received; name as sent; value without leading/trailing SP/HTAB. */
  headers: [string, string][];
  /** Exactly Content-Length bytes; "" when there is no Content-Length. */
  body: string;
}

export type ParseResult = { ok: true; request: HttpRequest } | { ok: false; status: 400 | 505 };

/** What the reference returns: a ParseResult whose failures also name the broken rule. */
export type ExplainedParseResult =
  | { ok: true; request: HttpRequest }
  | { ok: false; status: 400 | 505; code: RequestErrorCode };

function reject(code: RequestErrorCode): ExplainedParseResult {
  return { ok: false, status: statusFor(code), code };
}

export function parseRequest(message: string): ExplainedParseResult {
  const head = parseRequestHead(message, skipEmptyLines(message, 0));
  if (head.kind === 'error') return reject(head.code);
  // The whole message is here, so a head that is still incomplete never will be: the request-line
  // lacks its CRLF (which is 400 even when its version would earn 505), or the empty line that
  // ends the header section is missing.
  if (head.kind === 'incomplete') {
    return reject(head.stage === 'request-line' ? 'REQUEST_LINE_INCOMPLETE' : 'HEAD_INCOMPLETE');
  }

  // The body is exactly Content-Length bytes (RFC 9112 §6.3). Fewer means the message was cut off;
  // more cannot belong to this message, since a request without a length has no body (same section).
  const available = message.length - head.bodyStart;
  if (available < head.bodyLength) return reject('BODY_INCOMPLETE');
  if (available > head.bodyLength) return reject('BYTES_AFTER_MESSAGE');

  return { ok: true, request: { ...head.head, body: message.slice(head.bodyStart) } };
}
