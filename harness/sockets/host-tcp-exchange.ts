import net from 'node:net';

/** One way of sending a client's bytes: its pieces, written one at a time with a pause between. */
export interface Delivery {
  /** How the bytes were cut, for feedback: "whole", "byte by byte", … */
  label: string;
  pieces: string[];
}

/** What one client saw of the server: the bytes that came back and how the connection ended. */
export interface TcpExchange {
  received: string;
  /** The server closed its side (the client saw FIN, or a reset after it had the answer). */
  closed: boolean;
  /** The connection failed: refused, or reset; with Node's error code. */
  errorCode?: string;
  startedMs: number;
  endedMs: number;
}

/** At most this many pieces when a line is sent in fragments, so a long line stays quick. */
const MAX_FRAGMENTS = 64;

/**
 * The ways a client's bytes are cut, each a test that a server reads a byte stream and not
 * messages: TCP delivers bytes in order but keeps no write boundaries (RFC 9293 §2.2), so one
 * line may arrive in any number of reads. The whole at once;
 * in fragments (byte by byte for lines up to 64 bytes); split just before the line feed, so the
 * first read holds the text and no line end; and split in the middle. Cuttings that give the same
 * pieces are tried once.
 */
export function deliveriesOf(bytes: string): Delivery[] {
  const size = Math.max(1, Math.ceil(bytes.length / MAX_FRAGMENTS));
  const fragments: string[] = [];
  for (let at = 0; at < bytes.length; at += size) fragments.push(bytes.slice(at, at + size));
  const lineFeed = bytes.indexOf('\n');
  const middle = Math.floor(bytes.length / 2);
  const candidates: Delivery[] = [
    { label: 'whole', pieces: [bytes] },
    { label: size === 1 ? 'byte by byte' : `in fragments of ${size} bytes`, pieces: fragments },
    { label: 'split just before the line feed', pieces: [bytes.slice(0, lineFeed), bytes.slice(lineFeed)] },
    { label: 'split in the middle', pieces: [bytes.slice(0, middle), bytes.slice(middle)] },
  ];
  const seen = new Set<string>();
  const deliveries: Delivery[] = [];
  for (const candidate of candidates) {
    const pieces = candidate.pieces.filter((piece) => piece.length > 0);
    const key = JSON.stringify(pieces);
    if (lineFeed < 0 && candidate.label.startsWith('split just before')) continue;
    if (pieces.length === 0 || seen.has(key)) continue;
    seen.add(key);
    deliveries.push({ label: candidate.label, pieces });
  }
  return deliveries.length > 0 ? deliveries : [{ label: 'whole', pieces: [''] }];
}

/**
 * One client on the host: connects to `port` on loopback, writes the pieces with `gapMs` between
 * them (Nagle off, so each goes out as its own segment), and reads until the server closes or
 * `replyTimeoutMs` after the last piece. It never ends its own side first: a server must answer
 * the line without waiting for the client to finish.
 */
export function exchangeOverTcp(port: number, delivery: Delivery, timing: { gapMs: number; replyTimeoutMs: number }, clock: () => number): Promise<TcpExchange> {
  const startedMs = clock();
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const chunks: Buffer[] = [];
    let closed = false;
    let errorCode: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      socket.destroy();
      resolve({ received: Buffer.concat(chunks).toString('latin1'), closed, ...(errorCode ? { errorCode } : {}), startedMs, endedMs: clock() });
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      closed = true;
      finish();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after the answer is a close (a server that closes with unread bytes resets).
      if (error.code === 'ECONNRESET' && chunks.length > 0) closed = true;
      else errorCode = error.code ?? 'EIO';
      finish();
    });
    socket.on('close', finish);
    socket.on('connect', async () => {
      for (const [i, piece] of delivery.pieces.entries()) {
        if (settled) return;
        if (i > 0) await new Promise((next) => setTimeout(next, timing.gapMs));
        if (!settled) socket.write(Buffer.from(piece, 'latin1'));
      }
      if (!settled) timer = setTimeout(finish, timing.replyTimeoutMs);
    });
  });
}
