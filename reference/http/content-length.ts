/**
 * How long the body is: the Content-Length rule of RFC 9110 §8.6, as this contract states it.
 *
 * Content-Length = 1*DIGIT. A sender that merges repeated fields produces a list ("5, 5"), so a
 * recipient may accept a list, or several fields, whose members are all the same number. Anything
 * else is rejected: a proxy and a server that pick different lengths for one message would
 * split the stream into different requests (RFC 9112 §6.3, request smuggling).
 */
import type { RequestErrorCode } from './request-errors.js';
import { everyChar, isDigit, trimOws } from './syntax.js';

/** The largest length accepted: 2^53 − 1; above it a JavaScript number cannot tell neighbouring integers apart. */
export const MAX_CONTENT_LENGTH = Number.MAX_SAFE_INTEGER;

export type BodyLengthResult = { ok: true; length: number } | { ok: false; code: RequestErrorCode };

/**
 * The numbers in one Content-Length field value: a comma-separated list of one or more elements,
 * OWS allowed around each, every element one or more digits (leading zeros allowed).
 */
export function contentLengthElements(value: string): { ok: true; lengths: number[] } | { ok: false; code: RequestErrorCode } {
  const lengths: number[] = [];
  for (const element of value.split(',')) {
    const digits = trimOws(element);
    // An empty element ("5,", "5,,5", or an empty value), a sign, or a space inside the number.
    if (digits === '' || !everyChar(digits, isDigit)) return { ok: false, code: 'CONTENT_LENGTH_INVALID' };
    // BigInt keeps long runs of digits exact, so "0000000000000000000005" is 5 and
    // "9007199254740993" is not rounded down to a number that would pass the check.
    const length = BigInt(digits);
    if (length > BigInt(MAX_CONTENT_LENGTH)) return { ok: false, code: 'CONTENT_LENGTH_TOO_LARGE' };
    lengths.push(Number(length));
  }
  return { ok: true, lengths };
}

/**
 * The body length a request's headers announce: 0 without Content-Length (a request without
 * Content-Length or Transfer-Encoding has no body, RFC 9112 §6.3), else the one number that every
 * Content-Length field and list element agrees on.
 */
export function bodyLengthOf(headers: readonly (readonly [string, string])[]): BodyLengthResult {
  let agreed: number | undefined;
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'content-length') continue;
    const parsed = contentLengthElements(value);
    if (!parsed.ok) return parsed;
    for (const length of parsed.lengths) {
      if (agreed !== undefined && length !== agreed) return { ok: false, code: 'CONTENT_LENGTH_CONFLICT' };
      agreed = length;
    }
  }
  return { ok: true, length: agreed ?? 0 };
}
