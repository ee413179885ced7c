/**
 * Every rule a request message can break, as one catalogue: a stable code, the status a server
 * answers (RFC 9110 §15.5.1 400 Bad Request, §15.6.6 505 HTTP Version Not Supported), the RFC
 * section that states the rule, and a sentence for the student.
 *
 * The contract compares only `ok` and `status`; the code is extra information the reference gives
 * so a failing case can say which rule it checks.
 */

export interface RequestErrorInfo {
  status: 400 | 505;
  rfc: string;
  reason: string;
}

export const REQUEST_ERRORS = {
  REQUEST_LINE_INCOMPLETE: {
    status: 400,
    rfc: 'RFC 9112 §3',
    reason: 'The message ends before the request-line and its CRLF are complete.',
  },
  BARE_CR_OR_LF: {
    status: 400,
    rfc: 'RFC 9112 §2.2',
    reason: 'A line of the head ends with a lone CR or a lone LF instead of CRLF.',
  },
  REQUEST_LINE_MALFORMED: {
    status: 400,
    rfc: 'RFC 9112 §3',
    reason: 'The request-line is not method, target and version separated by single spaces.',
  },
  METHOD_INVALID: {
    status: 400,
    rfc: 'RFC 9112 §3.1',
    reason: 'The method contains a character that is not allowed in a token.',
  },
  TARGET_INVALID: {
    status: 400,
    rfc: 'RFC 9112 §3.2',
    reason: 'The request-target contains a byte that is not visible ASCII.',
  },
  VERSION_MALFORMED: {
    status: 400,
    rfc: 'RFC 9112 §2.3',
    reason: 'The version is not "HTTP/" followed by a digit, a dot and a digit.',
  },
  VERSION_UNSUPPORTED: {
    status: 505,
    rfc: 'RFC 9110 §15.6.6',
    reason: 'The version is well-formed but is neither HTTP/1.0 nor HTTP/1.1.',
  },
  OBS_FOLD: {
    status: 400,
    rfc: 'RFC 9112 §5.2',
    reason: 'A header line starts with a space or tab (obsolete line folding).',
  },
  FIELD_LINE_WITHOUT_COLON: {
    status: 400,
    rfc: 'RFC 9112 §5',
    reason: 'A header line has no colon.',
  },
  FIELD_NAME_INVALID: {
    status: 400,
    rfc: 'RFC 9112 §5.1',
    reason: 'A field name is empty, holds a character not allowed in a token, or has whitespace before its colon.',
  },
  FIELD_VALUE_INVALID: {
    status: 400,
    rfc: 'RFC 9110 §5.5',
    reason: 'A field value holds a control character (only SP, HTAB, visible ASCII and bytes 0x80-0xFF are allowed).',
  },
  HEAD_INCOMPLETE: {
    status: 400,
    rfc: 'RFC 9112 §2.1',
    reason: 'The message ends before the empty line that closes the header section.',
  },
  HOST_MISSING: {
    status: 400,
    rfc: 'RFC 9112 §3.2',
    reason: 'An HTTP/1.1 request has no Host header.',
  },
  HOST_REPEATED: {
    status: 400,
    rfc: 'RFC 9112 §3.2',
    reason: 'The request has more than one Host header.',
  },
  CONTENT_LENGTH_INVALID: {
    status: 400,
    rfc: 'RFC 9110 §8.6',
    reason: 'A Content-Length value is not a comma-separated list of digit runs.',
  },
  CONTENT_LENGTH_TOO_LARGE: {
    status: 400,
    rfc: 'RFC 9110 §8.6',
    reason: 'A Content-Length value is above 2^53 - 1.',
  },
  CONTENT_LENGTH_CONFLICT: {
    status: 400,
    rfc: 'RFC 9110 §8.6',
    reason: 'Content-Length values disagree.',
  },
  BODY_INCOMPLETE: {
    status: 400,
    rfc: 'RFC 9112 §6.3',
    reason: 'The message ends before Content-Length bytes of body.',
  },
  BYTES_AFTER_MESSAGE: {
    status: 400,
    rfc: 'RFC 9112 §6.3',
    reason: 'Bytes follow the end of the message (its body, or its empty line when it has no body).',
  },
} as const satisfies Record<string, RequestErrorInfo>;

export type RequestErrorCode = keyof typeof REQUEST_ERRORS;

/** The status a server answers for a broken rule. */
export function statusFor(code: RequestErrorCode): 400 | 505 {
  return REQUEST_ERRORS[code].status;
}
