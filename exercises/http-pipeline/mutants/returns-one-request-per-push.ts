/**
 * Mutant: Returns at most one request per push: after completing one it stops and leaves the rest
 * buffered until the next call, so pipelined requests that arrive together come back late.
 */
type Request = { method: string; target: string; version: string; headers: [string, string][]; body: string };
type Result = { ok: true; request: Request } | { ok: false; status: 400 | 505 };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TARGET = /^[\x21-\x7e]+$/;
const VERSION = /^HTTP\/[0-9]\.[0-9]$/;
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const LENGTH_ELEMENT = /^[ \t]*([0-9]+)[ \t]*$/;

export class RequestReader {
  private data = '';
  private broken = false;
  private current: Request | null = null;
  private lineCount = 0;
  private bodyWanted = -1;

  push(chunk: string): Result[] {
    if (this.broken) return [];
    this.data += chunk;
    const out: Result[] = [];
    for (;;) {
      if (this.bodyWanted >= 0) {
        if (this.data.length < this.bodyWanted) return out;
        const request = this.current!;
        request.body = this.data.slice(0, this.bodyWanted);
        this.data = this.data.slice(this.bodyWanted);
        this.current = null;
        this.bodyWanted = -1;
        this.lineCount = 0;
        out.push({ ok: true, request });
        return out;
      }
      const cr = this.data.indexOf('\r');
      const lf = this.data.indexOf('\n');
      if (lf !== -1 && (cr === -1 || lf < cr)) return this.fail(out, 400);
      if (cr === -1 || cr === this.data.length - 1) return out;
      if (this.data[cr + 1] !== '\n') return this.fail(out, 400);
      const line = this.data.slice(0, cr);
      this.data = this.data.slice(cr + 2);
      const status = this.takeLine(line);
      if (status !== 0) return this.fail(out, status);
    }
  }

  end(): Result[] {
    if (this.broken) return [];
    this.broken = true;
    if (this.current === null && (this.data === '' || this.data === '\r') && this.lineCount === 0) {
      return this.data === '' ? [] : [{ ok: false, status: 400 }];
    }
    return [{ ok: false, status: 400 }];
  }

  private fail(out: Result[], status: 400 | 505): Result[] {
    this.broken = true;
    out.push({ ok: false, status });
    return out;
  }

  /** One complete line of a head; 0 when fine, else the status. */
  private takeLine(line: string): 0 | 400 | 505 {
    if (this.current === null) {
      if (line === '') return 0; // an empty line between requests
      const parts = line.split(' ');
      if (parts.length !== 3) return 400;
      const [method, target, version] = parts as [string, string, string];
      if (!TOKEN.test(method) || !TARGET.test(target) || !VERSION.test(version)) return 400;
      if (version !== 'HTTP/1.0' && version !== 'HTTP/1.1') return 505;
      this.current = { method, target, version, headers: [], body: '' };
      this.lineCount = 1;
      return 0;
    }
    const request = this.current;
    if (line !== '') {
      const colon = line.indexOf(':');
      if (colon < 1) return 400;
      const name = line.slice(0, colon);
      const value = line.slice(colon + 1);
      if (!TOKEN.test(name) || !VALUE.test(value)) return 400;
      request.headers.push([name, value.replace(/^[ \t]+/, '').replace(/[ \t]+$/, '')]);
      this.lineCount++;
      return 0;
    }
    const hosts = request.headers.filter(([name]) => name.toLowerCase() === 'host').length;
    if (hosts > 1 || (hosts === 0 && request.version === 'HTTP/1.1')) return 400;
    let length: bigint | null = null;
    for (const [name, value] of request.headers) {
      if (name.toLowerCase() !== 'content-length') continue;
      for (const element of value.split(',')) {
        const match = LENGTH_ELEMENT.exec(element);
        if (!match) return 400;
        const number = BigInt(match[1]!);
        if (number > 9007199254740991n || (length !== null && number !== length)) return 400;
        length = number;
      }
    }
    this.bodyWanted = Number(length ?? 0n);
    return 0;
  }
}
