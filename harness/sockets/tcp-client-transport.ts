import type { SubmissionSandbox } from '../sandbox/submission-sandbox.js';
import { SERVER_NAMES, type ServerScript } from '../grading/socket-client-vector.js';
import { delay, type ClientTransportHost, type ExchangeReport } from './client-exchange.js';
import { SandboxTcp } from './host-tcp.js';
import { TcpClientPeer } from './host-tcp-client-peer.js';

/** How long after its answer the client may take to close its side of the connection. Once the
 *  server has closed, Node's socket ends its own side at once (`allowHalfOpen: false`). */
const CLOSE_GRACE_MS = 300;
/** How long the server may take to accept a connection and read bytes already sent to it. */
const ARRIVAL_GRACE_MS = 20;

/**
 * The TCP side of a client exercise (spec §3d): the program's `node:net` stand-in, whose
 * connections reach only the current vector's server (a connection anywhere else is refused with
 * `EACCES`), and that server. Whether the client closed its connection is seen from the server's
 * side: the connection is closed in both directions.
 */
export class TcpClientHost implements ClientTransportHost {
  private readonly tcp: SandboxTcp;
  private peer?: TcpClientPeer;
  private windowStartMs = 0;

  constructor(limits: { maxSockets: number; eventTimeoutMs: number }) {
    this.tcp = new SandboxTcp({
      maxServers: 0,
      maxAccepted: 0,
      maxOpened: limits.maxSockets,
      maxBytesIn: 1024 * 1024,
      maxBytesOut: 1024 * 1024,
      eventTimeoutMs: limits.eventTimeoutMs,
      connectTarget: (hostName, port) => (this.peer !== undefined && SERVER_NAMES.has(hostName) && port === this.peer.port ? port : undefined),
    });
  }

  attach(sandbox: SubmissionSandbox): void {
    this.tcp.attach(sandbox);
  }

  async startPeer(script: ServerScript): Promise<number> {
    this.peer = await TcpClientPeer.start(script);
    this.windowStartMs = this.tcp.elapsedMs();
    return this.peer.port;
  }

  async finish(sentence: string, settled: boolean): Promise<ExchangeReport> {
    const peer = this.peer;
    if (peer === undefined) throw new Error('finish without startPeer');
    // A call that never settled has its verdict already; its connection is not worth the wait.
    // The server first takes in what a client wrote just before it resolved.
    if (settled) await delay(ARRIVAL_GRACE_MS);
    const closed = settled ? await peer.allClosedWithin(CLOSE_GRACE_MS) : true;
    const report: ExchangeReport = { problems: this.tcp.problems.filter((problem) => problem.atMs >= this.windowStartMs).map((problem) => problem.text) };
    const wrong = wrongRequest(peer.connections.map((connection) => connection.received), sentence);
    if (wrong) report.wrongRequest = wrong;
    if (!closed) report.leftOpen = 'The client left its connection open after the answer came; once the server has closed, the client closes too (socket.end() or socket.destroy()).';
    peer.stop();
    this.peer = undefined;
    return report;
  }

  waitingFor(sentence: string): string | undefined {
    const connections = this.peer?.connections ?? [];
    if (connections.length === 0) return 'No connection reached the server.';
    const [connection] = connections;
    if (!connection!.received.includes('\n')) {
      const received = connection!.received === '' ? 'nothing yet' : JSON.stringify(connection!.received);
      return `The server received ${received} and is still waiting for the "\\n" that ends the line; the client writes ${JSON.stringify(`${sentence}\n`)}.`;
    }
    if (connection!.answered) return 'The server sent its whole answer and closed the connection; the client resolves when the stream ends (the socket\'s \'end\' event).';
    return undefined;
  }

  close(): void {
    this.peer?.stop();
    this.tcp.close();
  }
}

/** Spec §3d: one connection, on which the client writes `sentence + "\n"` and nothing else. */
function wrongRequest(received: string[], sentence: string): string | undefined {
  if (received.length === 0) return 'No connection reached the server; the client connects to serverName:serverPort.';
  if (received.length > 1) return `The client opened ${received.length} connections; it sends its sentence over one.`;
  const expected = `${sentence}\n`;
  if (received[0] !== expected) return `The server received ${JSON.stringify(received[0])}; the client writes the sentence and one line feed, ${JSON.stringify(expected)}, and nothing else.`;
  return undefined;
}
