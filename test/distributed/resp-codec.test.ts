import { describe, expect, it } from 'vitest';
import { encodeCommand, NEED_DATA, RedisReplyError, RespReader, type RespReply } from '../../server/distributed/resp-codec.js';

/** Every reply `bytes` holds, read from pieces split at `cut`. */
function readAll(bytes: Buffer, cut?: number): RespReply[] {
  const reader = new RespReader();
  const replies: RespReply[] = [];
  const pieces = cut === undefined ? [bytes] : [bytes.subarray(0, cut), bytes.subarray(cut)];
  for (const piece of pieces) {
    reader.push(piece);
    for (let reply = reader.next(); reply !== NEED_DATA; reply = reader.next()) replies.push(reply);
  }
  return replies;
}

describe('encodeCommand', () => {
  it('sends a command as an array of bulk strings, counting bytes rather than characters', () => {
    expect(encodeCommand(['SET', 'clé', 42]).toString('utf8')).toBe('*3\r\n$3\r\nSET\r\n$4\r\nclé\r\n$2\r\n42\r\n');
  });

  it('sends a Buffer argument byte for byte', () => {
    const bytes = Buffer.from([0x00, 0xff, 0x0d, 0x0a]);
    const encoded = encodeCommand(['EVALSHA', bytes]);
    expect(encoded.subarray(encoded.length - 6, encoded.length - 2)).toEqual(bytes);
    expect(encoded.toString('latin1')).toContain('$4\r\n');
  });
});

describe('RespReader', () => {
  const stream = Buffer.from(
    '+OK\r\n' + '-NOSCRIPT No matching script\r\n' + ':-7\r\n' + '$5\r\nhé\r\n\r\n' + '$-1\r\n' + '*-1\r\n' + '*3\r\n$1\r\na\r\n*2\r\n:1\r\n$0\r\n\r\n$-1\r\n',
  );
  const expected: RespReply[] = ['OK', new RedisReplyError('NOSCRIPT No matching script'), -7, 'hé\r\n', null, null, ['a', [1, ''], null]];

  it('reads each kind of reply, nil bulk strings and arrays as null, and nested arrays', () => {
    expect(readAll(stream)).toEqual(expected);
  });

  it('answers a server error as a value, so one failed command does not break the connection', () => {
    const [reply] = readAll(Buffer.from('-ERR wrong number of arguments\r\n'));
    expect(reply).toBeInstanceOf(RedisReplyError);
    expect((reply as Error).message).toBe('ERR wrong number of arguments');
  });

  it('reads the same replies however the bytes are split', () => {
    for (let cut = 0; cut <= stream.length; cut += 1) expect(readAll(stream, cut), `split at ${cut}`).toEqual(expected);
  });

  it('waits for the rest of a bulk string whose length is known but whose bytes have not all come', () => {
    const reader = new RespReader();
    reader.push(Buffer.from('$10\r\nhello'));
    expect(reader.next()).toBe(NEED_DATA);
    reader.push(Buffer.from('world\r\n'));
    expect(reader.next()).toBe('helloworld');
  });

  it('refuses bytes that are not RESP2', () => {
    const reader = new RespReader();
    reader.push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'));
    expect(() => reader.next()).toThrow(/not a RESP2 reply/);
  });
});
