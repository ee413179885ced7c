/**
 * Splitting the head of a message into lines.
 *
 * Every line of the head ends with CRLF (RFC 9112 §2.1). A lone CR or a lone LF is a broken line
 * ending: RFC 9112 §2.2 lets a recipient accept a bare LF, but this contract does not, because a
 * parser and a proxy that disagree on where a line ends can be made to see different requests.
 */

const CR = 0x0d;
const LF = 0x0a;

/** What reading one line from a position of the message found. */
export type LineRead =
  /** A complete line; `text` excludes the CRLF and `next` is the position after it. */
  | { kind: 'line'; text: string; next: number }
  /** A lone CR or lone LF before any CRLF. */
  | { kind: 'broken' }
  /** No line end yet. A CR as the very last byte is here too: an LF may still follow it. */
  | { kind: 'incomplete' };

/** Reads the line starting at `start`. */
export function readLine(bytes: string, start: number): LineRead {
  for (let index = start; index < bytes.length; index++) {
    const code = bytes.charCodeAt(index);
    if (code === LF) return { kind: 'broken' };
    if (code === CR) {
      if (index + 1 === bytes.length) return { kind: 'incomplete' };
      if (bytes.charCodeAt(index + 1) !== LF) return { kind: 'broken' };
      return { kind: 'line', text: bytes.slice(start, index), next: index + 2 };
    }
  }
  return { kind: 'incomplete' };
}

/**
 * The position after any empty lines (CRLF) at `start`. A server ignores empty lines where it
 * expects a request-line (RFC 9112 §2.2), which tolerates clients that end a body with an extra
 * CRLF. Only complete CRLF pairs count; a lone CR or LF is left for the request-line to reject.
 */
export function skipEmptyLines(bytes: string, start: number): number {
  let position = start;
  while (bytes.charCodeAt(position) === CR && bytes.charCodeAt(position + 1) === LF) position += 2;
  return position;
}
