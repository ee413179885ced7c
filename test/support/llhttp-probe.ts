/**
 * Sends raw request bytes to a real Node `http` server (its parser is llhttp) over a loopback
 * socket and reports what that server made of them, in the contract's ParseResult shape, so the
 * vectors can be checked against an independent, widely deployed implementation.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type LlhttpVerdict =
  | { kind: 'requests'; requests: { method: string; target: string; version: string; headers: [string, string][]; body: string }[] }
  | { kind: 'rejected'; status: number }
  /** The server still waited for bytes when the client had sent everything (an unfinished message). */
  | { kind: 'waiting' };

export class LlhttpProbe {
  private constructor(private readonly server: http.Server, private readonly port: number) {}

  static async start(): Promise<LlhttpProbe> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers: [string, string][] = [];
        for (let i = 0; i < request.rawHeaders.length; i += 2) headers.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
        const parsed = { method: request.method, target: request.url, version: `HTTP/${request.httpVersion}`, headers, body: Buffer.concat(chunks).toString('latin1') };
        response.end(`${JSON.stringify(parsed)}\n`);
      });
    });
    // Node hands CONNECT requests to 'connect' instead of 'request'.
    server.on('connect', (request: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      const headers: [string, string][] = [];
      for (let i = 0; i < request.rawHeaders.length; i += 2) headers.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
      const parsed = { method: request.method, target: request.url, version: `HTTP/${request.httpVersion}`, headers, body: head.toString('latin1') };
      socket.end(`HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n${JSON.stringify(parsed)}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new LlhttpProbe(server, (server.address() as AddressInfo).port);
  }

  /** Writes the bytes, then waits for the server to answer and go quiet (or `quietMs` of silence). */
  send(bytes: string, quietMs = 150): Promise<LlhttpVerdict> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.port, '127.0.0.1');
      let received = '';
      let timer: NodeJS.Timeout | undefined;
      const settle = () => {
        clearTimeout(timer);
        socket.destroy();
        // Runs from a timer or a socket event: a reply it cannot read must reject, not throw there.
        try {
          resolve(verdictOf(received));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      const rearm = () => {
        clearTimeout(timer);
        timer = setTimeout(settle, quietMs);
      };
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        received += chunk;
        rearm();
      });
      socket.on('close', settle);
      socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? settle() : reject(error)));
      socket.write(bytes, 'latin1', rearm);
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function verdictOf(received: string): LlhttpVerdict {
  if (received === '') return { kind: 'waiting' };
  const requests: Extract<LlhttpVerdict, { kind: 'requests' }>['requests'] = [];
  // Each answered request is a 200 response whose body is one JSON line; a parse error is a bare status line.
  for (const response of received.split(/(?=HTTP\/1\.1 )/)) {
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
    if (status !== 200) return requests.length > 0 ? { kind: 'requests', requests } : { kind: 'rejected', status };
    const json = response.slice(response.indexOf('\r\n\r\n') + 4).trim();
    // The socket is read byte per character; the JSON itself was sent as UTF-8.
    const text = Buffer.from(json.replace(/^[0-9a-f]+\r\n/, '').replace(/\r\n0$/, ''), 'latin1').toString('utf8');
    requests.push(JSON.parse(text) as (typeof requests)[number]);
  }
  return { kind: 'requests', requests };
}
