/**
 * Pipelined HTTP requests: read the requests of one persistent connection as its bytes arrive.
 *
 * Every chunk is a byte string: each character's code is one byte (0 to 255). Chunks may be cut
 * anywhere, even between the CR and the LF of a line ending, and one chunk may hold several
 * requests. The statement lists every rule.
 */

export interface HttpRequest {
  method: string; // exactly as sent, e.g. "GET" (methods are case-sensitive)
  target: string; // request-target exactly as sent, e.g. "/somedir/page.html"
  version: string; // "HTTP/1.0" or "HTTP/1.1"
  headers: [string, string][]; // in the order received; name as sent; value without leading/trailing SP/HTAB
  body: string; // exactly Content-Length bytes; "" when there is no Content-Length
}

export type ParseResult = { ok: true; request: HttpRequest } | { ok: false; status: 400 | 505 };

export class RequestReader {
  /** The next bytes read from the connection. Returns the results completed by these bytes, in order. */
  push(chunk: string): ParseResult[] {
    // TODO 1: keep the bytes that do not finish a request yet; a request may arrive over many pushes.
    // TODO 2: skip empty lines ("\r\n") before each request. A "\r" alone at the end may still
    //         become one: wait for the next byte before deciding.
    // TODO 3: once a request's head is complete (its empty line), check it with the rules of
    //         http-request-parser. Without Content-Length the request is complete right there;
    //         with one, it is complete when that many body bytes have arrived.
    // TODO 4: return every request these bytes completed, in order, and keep going: what follows a
    //         body is the next request.
    // TODO 5: after a broken request, return it last and then [] for every later call.
    void chunk;
    return [];
  }

  /** The peer closed its side. Returns [{ ok: false, status: 400 }] when a partial request is pending, else []. */
  end(): ParseResult[] {
    // TODO 6: a request that has started but was not returned is pending: 400, or 505 when its
    //         request-line is complete and names a version other than HTTP/1.0 and HTTP/1.1.
    return [];
  }
}
