/**
 * Character classes of the HTTP grammar, as predicates on one byte (a character code 0–255).
 *
 * Messages are byte strings: each character's code is one byte. A code above 0xFF cannot come
 * from the wire, so every predicate here rejects it.
 */

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** DIGIT (RFC 5234 Appendix B.1): "0" to "9" only, never other Unicode digits. */
export function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

function isAlpha(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** The punctuation tchar allows besides ALPHA and DIGIT (RFC 9110 §5.6.2). */
const TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

/**
 * tchar (RFC 9110 §5.6.2): the characters of a token, such as a method or a field name.
 * Delimiters like `(`, `)`, `,`, `/`, `:`, `;`, `"`, `@`, `[`, `]`, `{`, `}` and whitespace are not.
 */
export function isTchar(code: number): boolean {
  return isAlpha(code) || isDigit(code) || TCHAR_SYMBOLS.includes(String.fromCharCode(code));
}

/** token = 1*tchar (RFC 9110 §5.6.2). */
export function isToken(text: string): boolean {
  return text.length > 0 && everyChar(text, isTchar);
}

/** VCHAR (RFC 5234 Appendix B.1): visible ASCII, 0x21 to 0x7E. */
export function isVchar(code: number): boolean {
  return code >= 0x21 && code <= 0x7e;
}

/** obs-text (RFC 9110 §5.5): bytes 0x80 to 0xFF, tolerated in field values for old senders. */
export function isObsText(code: number): boolean {
  return code >= 0x80 && code <= 0xff;
}

/** OWS = *( SP / HTAB ) (RFC 9110 §5.6.3). */
export function isOwsChar(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * A byte allowed inside a field value (RFC 9110 §5.5): VCHAR, obs-text, and SP or HTAB between
 * them. Every other control character, NUL, CR, LF and DEL included, makes the message invalid.
 */
export function isFieldValueChar(code: number): boolean {
  return isVchar(code) || isObsText(code) || isOwsChar(code);
}

/** Removes leading and trailing OWS (SP and HTAB only: no other whitespace, RFC 9110 §5.5). */
export function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isOwsChar(text.charCodeAt(start))) start++;
  while (end > start && isOwsChar(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** True when every character of `text` satisfies `accepts`. */
export function everyChar(text: string, accepts: (code: number) => boolean): boolean {
  for (let index = 0; index < text.length; index++) {
    if (!accepts(text.charCodeAt(index))) return false;
  }
  return true;
}
