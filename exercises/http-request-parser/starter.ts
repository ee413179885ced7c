/**
 * HTTP request parser: turn the bytes of one HTTP/1.1 request message into its parts.
 *
 * `message` is a byte string: each character's code is one byte (0 to 255). It holds exactly one
 * complete request, or something that breaks a rule and must be answered with 400 or 505.
 * The statement lists every rule; the RFC sections it links are worth a read.
 */

export interface HttpRequest {
  method: string; // exactly as sent, e.g. "GET" (methods are case-sensitive)
  target: string; // request-target exactly as sent, e.g. "/somedir/page.html"
  version: string; // "HTTP/1.0" or "HTTP/1.1"
  headers: [string, string][]; // in the order received; name as sent; value without leading/trailing SP/HTAB
  body: string; // exactly Content-Length bytes; "" when there is no Content-Length
}

export type ParseResult = { ok: true; request: HttpRequest } | { ok: false; status: 400 | 505 };

export function parseRequest(message: string): ParseResult {
  // TODO 1: skip any empty lines ("\r\n") before the request-line.
  // TODO 2: find the end of the request-line. It must end with "\r\n"; a lone "\r" or "\n" is a 400,
  //         and so is a message that ends before the "\r\n".
  // TODO 3: split the request-line into method, target and version, separated by exactly one space.
  //         Check the method (a token), the target (visible ASCII) and the version ("HTTP/" digit "." digit).
  //         A well-formed version other than HTTP/1.0 and HTTP/1.1 is a 505; decide it right here,
  //         before looking at anything that follows the request-line.
  // TODO 4: read header lines up to the empty line. For each: name, colon, value. Keep the name as
  //         sent, trim only spaces and tabs around the value, and reject what the rules forbid.
  // TODO 5: check Host (compare names case-insensitively) and work out the body length from
  //         Content-Length.
  // TODO 6: the body is exactly that many bytes, and nothing may follow it.
  void message;
  return { ok: false, status: 400 };
}
