/**
 * RequestReader: the `http-pipeline` exercise's contract. It reads the requests of one persistent
 * connection (RFC 9112 §9.3) from the bytes as they arrive, in pieces of any size.
 *
 * Theory of operation. The reader owns no socket and no timer: the caller pushes the bytes it read
 * and is handed back the requests those bytes completed; `end()` says the peer closed its side.
 * Bytes that belong to no finished request wait in `buffered`. The reader is always in one of five
 * states, and every change of state goes through `apply`, which looks it up in TRANSITIONS and
 * throws on a change the table does not list (a bug in the reader, or a call after `end()`):
 *
 *   between-requests  only complete empty lines (skipped, RFC 9112 §2.2) or one CR that may be the
 *                     start of one have arrived since the last request
 *   in-head           a request has started; its head is not complete yet
 *   in-body           its head is complete and valid; `bodyLength` bytes of body are awaited
 *   failed            a request was broken: the connection is unusable and every call returns []
 *   closed            `end()` was called
 *
 * With pipelining (RFC 9112 §9.3.2) a client sends its next requests without waiting for the
 * answers, so one push may finish several requests, or none, and a request may be split anywhere,
 * even between the CR and the LF of a line ending. The head is judged by parseRequestHead, which
 * answers `incomplete` until it has seen a CRLF it can judge, so where a push ends never changes
 * an answer, only when it is given. The body is exactly Content-Length bytes (RFC 9112 §6.3), and
 * whatever follows it is the start of the next request.
 */
import { skipEmptyLines } from './lines.js';
import type { ExplainedParseResult } from './parse-request.js';
import { statusFor, type RequestErrorCode } from './request-errors.js';
import { parseRequestHead, type RequestHead } from './request-head.js';

type ReaderState = 'between-requests' | 'in-head' | 'in-body' | 'failed' | 'closed';

type ReaderEvent =
  | 'request-started'
  | 'head-complete-with-body'
  | 'request-complete'
  | 'request-broken'
  | 'bytes-after-failure'
  | 'connection-closed';

const TRANSITIONS: Record<ReaderState, Partial<Record<ReaderEvent, ReaderState>>> = {
  'between-requests': { 'request-started': 'in-head', 'connection-closed': 'closed' },
  'in-head': {
    'head-complete-with-body': 'in-body',
    'request-complete': 'between-requests',
    'request-broken': 'failed',
    'connection-closed': 'closed',
  },
  'in-body': { 'request-complete': 'between-requests', 'connection-closed': 'closed' },
  failed: { 'bytes-after-failure': 'failed', 'connection-closed': 'closed' },
  closed: {},
};

function reject(code: RequestErrorCode): ExplainedParseResult {
  return { ok: false, status: statusFor(code), code };
}

export class RequestReader {
  private state: ReaderState = 'between-requests';
  /** Bytes received that belong to no returned request yet. */
  private buffered = '';
  /** The head of the request whose body is being read (state in-body). */
  private head: RequestHead | undefined;
  private bodyLength = 0;

  /** The next bytes read from the connection. Returns the results completed by these bytes, in order. */
  push(chunk: string): ExplainedParseResult[] {
    if (this.state === 'failed') {
      this.apply('bytes-after-failure');
      return [];
    }
    if (this.state === 'closed') throw new Error('RequestReader: push() after end(), which is the last call');
    this.buffered += chunk;
    const results: ExplainedParseResult[] = [];
    while (this.step(results));
    return results;
  }

  /** The peer closed its side. Returns [{ ok: false, status: 400 }] when a partial request is pending, else []. */
  end(): ExplainedParseResult[] {
    const state = this.state;
    this.apply('connection-closed');
    // Complete empty lines were skipped when they arrived; a lone CR left in between-requests is a
    // byte of a request that never came, so it is pending too.
    if (state === 'between-requests') return this.buffered === '' ? [] : [reject('REQUEST_LINE_INCOMPLETE')];
    if (state === 'in-body') return [reject('BODY_INCOMPLETE')];
    if (state === 'failed') return [];
    // A request-line that earns 505 was rejected as soon as its CRLF arrived, so a head still
    // pending here has no complete request-line or a valid one: a message cut short is a 400.
    const head = parseRequestHead(this.buffered, 0);
    return [reject(head.kind === 'incomplete' && head.stage === 'request-line' ? 'REQUEST_LINE_INCOMPLETE' : 'HEAD_INCOMPLETE')];
  }

  /** Takes one step on the buffered bytes; false when it needs more bytes (or the reader failed). */
  private step(results: ExplainedParseResult[]): boolean {
    switch (this.state) {
      case 'between-requests': {
        this.buffered = this.buffered.slice(skipEmptyLines(this.buffered, 0));
        // A CR alone may still become an empty line: wait for the next byte.
        if (this.buffered === '' || this.buffered === '\r') return false;
        this.apply('request-started');
        return true;
      }
      case 'in-head': {
        const parsed = parseRequestHead(this.buffered, 0);
        if (parsed.kind === 'incomplete') return false;
        if (parsed.kind === 'error') {
          results.push(reject(parsed.code));
          this.buffered = '';
          this.apply('request-broken');
          return false;
        }
        this.buffered = this.buffered.slice(parsed.bodyStart);
        this.head = parsed.head;
        this.bodyLength = parsed.bodyLength;
        // A request without Content-Length has no body (RFC 9112 §6.3): it is complete at its empty line.
        this.apply(parsed.bodyLength === 0 ? 'request-complete' : 'head-complete-with-body');
        if (parsed.bodyLength === 0) results.push(this.complete(''));
        return true;
      }
      case 'in-body': {
        if (this.buffered.length < this.bodyLength) return false;
        const body = this.buffered.slice(0, this.bodyLength);
        this.buffered = this.buffered.slice(this.bodyLength);
        this.apply('request-complete');
        results.push(this.complete(body));
        return true;
      }
      case 'failed':
      case 'closed':
        return false;
    }
  }

  private complete(body: string): ExplainedParseResult {
    const head = this.head as RequestHead;
    this.head = undefined;
    return { ok: true, request: { method: head.method, target: head.target, version: head.version, headers: head.headers, body } };
  }

  private apply(event: ReaderEvent): void {
    const next = TRANSITIONS[this.state][event];
    if (next === undefined) throw new Error(`RequestReader: "${event}" cannot happen in state "${this.state}"`);
    this.state = next;
  }
}
