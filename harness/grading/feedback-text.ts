import { encodeInputBlock } from '../vectors/markdown-vectors.js';

/** The most characters of one input, expected or actual value shown to a student. */
export const SHOWN_VALUE_MAX_CHARS = 4000;

export function capText(text: string, max = SHOWN_VALUE_MAX_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length - max} more characters)`;
}

/** An input as the vector files write it: every byte visible, CRLF as `\r\n`. */
export function showInput(input: unknown): string {
  return capText(typeof input === 'string' ? encodeInputBlock(input) : JSON.stringify(input, null, 2));
}

export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  return capText(JSON.stringify(value, null, 2));
}
