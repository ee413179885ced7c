/**
 * Mutant: Reads Content-Length with parseInt, which skips leading whitespace, accepts a sign and stops at
 * the first non-digit: "+5", "5abc", "5 5" and "5," all pass as 5.
 */
export interface HttpRequest {
  method: string;
  target: string;
  version: string;
  headers: [string, string][];
  body: string;
}

export type ParseResult = { ok: true; request: HttpRequest } | { ok: false; status: 400 | 505 };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TARGET = /^[\x21-\x7e]+$/;
const VERSION = /^HTTP\/[0-9]\.[0-9]$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function fail(status: 400 | 505 = 400): ParseResult {
  return { ok: false, status };
}

function trimOws(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

export function parseRequest(message: string): ParseResult {
  let start = 0;
  while (message.startsWith('\r\n', start)) start += 2;

  const lineEnd = message.indexOf('\r\n', start);
  if (lineEnd === -1) return fail();
  const requestLine = message.slice(start, lineEnd);
  if (/[\r\n]/.test(requestLine)) return fail();
  const parts = requestLine.split(' ');
  if (parts.length !== 3) return fail();
  const [method, target, version] = parts as [string, string, string];
  if (!TOKEN.test(method) || !TARGET.test(target) || !VERSION.test(version)) return fail();
  if (version !== 'HTTP/1.0' && version !== 'HTTP/1.1') return fail(505);

  const headEnd = message.indexOf('\r\n\r\n', lineEnd);
  if (headEnd === -1) return fail();
  const headers: [string, string][] = [];
  const section = message.slice(lineEnd + 2, headEnd);
  for (const line of section === '' ? [] : section.split('\r\n')) {
    if (/[\r\n]/.test(line)) return fail();
    if (line.startsWith(' ') || line.startsWith('\t')) return fail();
    const colon = line.indexOf(':');
    if (colon === -1) return fail();
    const name = line.slice(0, colon);
    const value = trimOws(line.slice(colon + 1));
    if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) return fail();
    headers.push([name, value]);
  }

  const hosts = headers.filter(([name]) => name.toLowerCase() === 'host').length;
  if (hosts > 1 || (hosts === 0 && version === 'HTTP/1.1')) return fail();

  let length: number | undefined;
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'content-length') continue;
    {
      const n = parseInt(value, 10);
      if (Number.isNaN(n) || n < 0) return fail();
      if (n > Number.MAX_SAFE_INTEGER) return fail();
      if (length !== undefined && n !== length) return fail();
      length = n;
    }
  }

  const body = message.slice(headEnd + 4);
  if (body.length !== (length ?? 0)) return fail();
  return { ok: true, request: { method, target, version, headers, body } };
}
