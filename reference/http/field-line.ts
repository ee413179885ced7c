/**
 * One header line (RFC 9112 §5):
 *
 *     field-line = field-name ":" OWS field-value OWS
 *
 * The line arrives here without its CRLF.
 */
import type { RequestErrorCode } from './request-errors.js';
import { everyChar, isFieldValueChar, isOwsChar, isToken, trimOws } from './syntax.js';

export type FieldLineResult = { ok: true; field: [name: string, value: string] } | { ok: false; code: RequestErrorCode };

export function parseFieldLine(line: string): FieldLineResult {
  // A line that starts with whitespace continued the previous value in old HTTP (obs-fold).
  // RFC 9112 §5.2 lets a server reject it with 400; this contract always does.
  if (line.length > 0 && isOwsChar(line.charCodeAt(0))) return { ok: false, code: 'OBS_FOLD' };

  const colon = line.indexOf(':');
  if (colon === -1) return { ok: false, code: 'FIELD_LINE_WITHOUT_COLON' };

  // The name ends at the first colon, so a value may hold more colons ("Host: a.example:8080").
  // Whitespace before the colon must be rejected with 400 (RFC 9112 §5.1): it is not a tchar, so
  // the token check catches it together with an empty name.
  const name = line.slice(0, colon);
  if (!isToken(name)) return { ok: false, code: 'FIELD_NAME_INVALID' };

  // OWS around the value is not part of it (RFC 9110 §5.5); the name is kept as sent, since
  // field names compare case-insensitively only when a rule looks one up (RFC 9110 §5.1).
  const rawValue = line.slice(colon + 1);
  if (!everyChar(rawValue, isFieldValueChar)) return { ok: false, code: 'FIELD_VALUE_INVALID' };
  return { ok: true, field: [name, trimOws(rawValue)] };
}
