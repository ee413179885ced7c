/**
 * RESP2, the Redis serialization protocol, without I/O: `encodeCommand` turns a command into the
 * bytes a client sends, and `RespReader` turns the bytes a server sends back into replies, one at
 * a time, answering `NEED_DATA` while a reply is incomplete. The socket lives in `redis-client.ts`.
 *
 * Theory of operation: a client sends every command as an array of bulk strings; the server
 * answers each with one reply of five kinds, told apart by the first byte: `+` simple string,
 * `-` error, `:` integer, `$` bulk string (length `-1` is nil), `*` array (count `-1` is nil),
 * each header line ending in CRLF. Replies come in the order the commands were sent.
 */

/** An error the server answered (`-ERR …`, `-NOSCRIPT …`); a value, not a broken connection. */
export class RedisReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisReplyError';
  }
}

export type RespReply = string | number | null | RedisReplyError | RespReply[];

export type CommandArgument = string | number | Buffer;

export const NEED_DATA = Symbol('NEED_DATA');

const CRLF = Buffer.from('\r\n');

/** Encodes a command as an array of bulk strings. Buffers go out as they are (BullMQ packs job options). */
export function encodeCommand(args: readonly CommandArgument[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'utf8');
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

/** Reads replies from a byte stream that arrives in pieces of any size. */
export class RespReader {
  private buffer: Buffer = Buffer.alloc(0);

  push(bytes: Buffer): void {
    this.buffer = this.buffer.length === 0 ? bytes : Buffer.concat([this.buffer, bytes]);
  }

  /** The next complete reply, or NEED_DATA; throws on bytes that are not RESP2. */
  next(): RespReply | typeof NEED_DATA {
    const parsed = this.parse(0);
    if (parsed === NEED_DATA) return NEED_DATA;
    this.buffer = this.buffer.subarray(parsed.next);
    return parsed.value;
  }

  private parse(offset: number): { value: RespReply; next: number } | typeof NEED_DATA {
    const lineEnd = this.buffer.indexOf(CRLF, offset);
    if (lineEnd === -1) return NEED_DATA;
    const kind = String.fromCharCode(this.buffer[offset]!);
    const header = this.buffer.toString('utf8', offset + 1, lineEnd);
    const afterHeader = lineEnd + 2;
    switch (kind) {
      case '+':
        return { value: header, next: afterHeader };
      case '-':
        return { value: new RedisReplyError(header), next: afterHeader };
      case ':':
        return { value: Number(header), next: afterHeader };
      case '$': {
        const length = lengthOf(header);
        if (length === -1) return { value: null, next: afterHeader };
        const end = afterHeader + length;
        if (this.buffer.length < end + 2) return NEED_DATA;
        return { value: this.buffer.toString('utf8', afterHeader, end), next: end + 2 };
      }
      case '*': {
        const count = lengthOf(header);
        if (count === -1) return { value: null, next: afterHeader };
        const items: RespReply[] = [];
        let next = afterHeader;
        for (let i = 0; i < count; i += 1) {
          const item = this.parse(next);
          if (item === NEED_DATA) return NEED_DATA;
          items.push(item.value);
          next = item.next;
        }
        return { value: items, next };
      }
      default:
        throw new Error(`not a RESP2 reply: first byte ${JSON.stringify(kind)}`);
    }
  }
}

function lengthOf(header: string): number {
  if (!/^(-1|\d+)$/.test(header)) throw new Error(`not a RESP2 length: ${JSON.stringify(header)}`);
  return Number(header);
}
