import dgram from 'node:dgram';
import { serverAnswer, type ServerScript } from '../grading/socket-client-vector.js';

/** One datagram the server received, as a byte string, and the port it came from. */
export interface ReceivedDatagram {
  bytes: string;
  fromPort: number;
}

/**
 * The server a sandboxed UDP client talks to while one vector is graded: a real socket on a free
 * loopback port that follows the vector's script (the textbook UDPServer, or a fixed answer, late
 * or not) and records every datagram it received, so the grader can check what the client sent.
 */
export class UdpClientPeer {
  readonly received: ReceivedDatagram[] = [];
  private readonly pendingReplies = new Set<NodeJS.Timeout>();
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly script: ServerScript,
  ) {
    socket.on('message', (message, rinfo) => this.answer(message, rinfo));
    // A reply to a client that has already closed its socket is refused by the kernel (ICMP port
    // unreachable); that is the client's business, not a grading error.
    socket.on('error', () => undefined);
  }

  /** Binds a fresh server on 127.0.0.1 and a free port. */
  static async start(script: ServerScript): Promise<UdpClientPeer> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new UdpClientPeer(socket, script);
  }

  get port(): number {
    return this.socket.address().port;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.pendingReplies) clearTimeout(timer);
    this.socket.close();
  }

  /** The textbook server: one datagram back per datagram received, to its sender (RFC 768). */
  private answer(message: Buffer, rinfo: dgram.RemoteInfo): void {
    const bytes = message.toString('latin1');
    this.received.push({ bytes, fromPort: rinfo.port });
    const reply = Buffer.from(serverAnswer(this.script, bytes), 'latin1');
    const send = () => {
      if (!this.closed) this.socket.send(reply, rinfo.port, rinfo.address);
    };
    if (this.script.gapMs === 0) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      this.pendingReplies.delete(timer);
      send();
    }, this.script.gapMs);
    this.pendingReplies.add(timer);
  }
}
