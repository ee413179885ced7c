import net from 'node:net';
import { cutIntoPieces, serverAnswer, type ServerScript } from '../grading/socket-client-vector.js';

/** One connection the server accepted: every byte it received, and how far the exchange got. */
export interface AcceptedConnection {
  received: string;
  /** The server has sent its whole answer and its FIN. */
  answered: boolean;
  /** The client's FIN arrived (it called `end`, or its socket ended once the server's had). */
  clientEnded: boolean;
  /** Both directions are closed. */
  closed: boolean;
}

/**
 * The server a sandboxed TCP client talks to while one vector is graded: a real listening socket
 * on a free loopback port that follows the vector's script. Like the textbook's TCPServer it reads
 * one line, up to its `\n`, answers (upper-cased, or a fixed text, in one write or in pieces with
 * pauses between them) and closes its side. It lets the client half-close first (`allowHalfOpen`):
 * a client may `end()` right after writing the sentence and still read the answer (RFC 9293 §3.6).
 * It records what each connection received, so the grader can check what the client sent.
 */
export class TcpClientPeer {
  readonly connections: AcceptedConnection[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly closeWaiters = new Set<() => void>();
  private stopped = false;

  private constructor(
    private readonly server: net.Server,
    private readonly script: ServerScript,
  ) {
    server.on('connection', (socket) => this.serve(socket));
  }

  /** Listens on 127.0.0.1 and a free port. */
  static async start(script: ServerScript): Promise<TcpClientPeer> {
    const server = net.createServer({ allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new TcpClientPeer(server, script);
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Resolves once every accepted connection is closed, or after `ms`, whichever comes first. */
  async allClosedWithin(ms: number): Promise<boolean> {
    const allClosed = () => this.connections.every((connection) => connection.closed);
    if (allClosed()) return true;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      const check = () => {
        if (!allClosed()) return;
        this.closeWaiters.delete(check);
        resolve();
      };
      this.closeWaiters.add(check);
      timer = setTimeout(() => {
        this.closeWaiters.delete(check);
        resolve();
      }, ms);
    });
    clearTimeout(timer);
    return allClosed();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
  }

  private serve(socket: net.Socket): void {
    const connection: AcceptedConnection = { received: '', answered: false, clientEnded: false, closed: false };
    this.connections.push(connection);
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let answering = false;
    socket.on('data', (chunk: Buffer) => {
      connection.received += chunk.toString('latin1');
      const lineEnd = connection.received.indexOf('\n');
      if (answering || lineEnd < 0) return;
      answering = true;
      this.answer(socket, connection, serverAnswer(this.script, connection.received.slice(0, lineEnd + 1)));
    });
    socket.on('end', () => {
      connection.clientEnded = true;
      // No line can come any more: like the textbook server, whose read returns what there was,
      // answer what arrived (nothing to upper-case without a line) and close.
      if (answering) return;
      answering = true;
      this.answer(socket, connection, connection.received === '' ? '' : serverAnswer(this.script, connection.received));
    });
    // A client that resets the connection is the client's business, not a grading error.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      connection.closed = true;
      this.sockets.delete(socket);
      for (const check of [...this.closeWaiters]) check();
    });
  }

  /** Writes the answer in the script's pieces, each `gapMs` after the last, then closes this side. */
  private answer(socket: net.Socket, connection: AcceptedConnection, answer: string): void {
    const pieces = cutIntoPieces(answer, this.script.pieces);
    const next = () => {
      if (this.stopped || socket.destroyed) return;
      const piece = pieces.shift();
      if (piece === undefined) {
        socket.end();
        connection.answered = true;
        return;
      }
      socket.write(Buffer.from(piece, 'latin1'));
      this.after(pieces.length > 0 ? this.script.gapMs : 0, next);
    };
    this.after(this.script.gapMs, next);
  }

  private after(ms: number, run: () => void): void {
    if (ms === 0) {
      run();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}
