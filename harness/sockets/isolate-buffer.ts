/**
 * The source of the `Buffer` stand-in that socket exercises get inside the isolate, where Node's
 * own is absent. It is the subset the socket-programming contract lists (spec §3): `from(string[,
 * encoding])`, `from(array | Uint8Array)`, `alloc`, `concat`, `isBuffer`, `byteLength`, and on a
 * buffer `toString([encoding])`, `length`, indexing, `subarray`, `slice`, `equals`, with the
 * encodings `utf8` (the default), `latin1` and `ascii`.
 *
 * A buffer is a Uint8Array subclass, as in Node, so indexing and `length` come from the engine.
 * The isolate has no TextEncoder, so UTF-8 is coded here as WHATWG Encoding says (Node agrees):
 * a lone surrogate is written as U+FFFD, and a broken byte sequence is read as U+FFFD.
 *
 * The script is an expression: it evaluates to the Buffer class, and defines no global itself.
 */
export const ISOLATE_BUFFER_SOURCE = `(() => {
  'use strict';
  const fromCharCode = String.fromCharCode;
  const Uint8ArrayType = Uint8Array;
  const TypeErrorType = TypeError;

  const encodingOf = (encoding) => {
    const name = encoding === undefined ? 'utf8' : String(encoding).toLowerCase();
    if (name === 'utf8' || name === 'utf-8') return 'utf8';
    if (name === 'latin1' || name === 'binary') return 'latin1';
    if (name === 'ascii') return 'ascii';
    throw new TypeErrorType('Unknown encoding: ' + encoding);
  };

  const encodeUtf8 = (text) => {
    const bytes = [];
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i++;
        }
      }
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
      if (code < 0x80) bytes.push(code);
      else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
      else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
      else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    }
    return bytes;
  };

  // WHATWG Encoding, "UTF-8 decoder": a broken sequence becomes one U+FFFD for its longest valid
  // prefix, and the byte that broke it is read again as the start of the next one.
  const decodeUtf8 = (bytes) => {
    let text = '';
    let needed = 0;
    let seen = 0;
    let code = 0;
    let lower = 0x80;
    let upper = 0xbf;
    const emit = (point) => {
      if (point >= 0x10000) text += fromCharCode(0xd800 + ((point - 0x10000) >> 10), 0xdc00 + ((point - 0x10000) & 0x3ff));
      else text += fromCharCode(point);
    };
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (needed === 0) {
        if (byte <= 0x7f) emit(byte);
        else if (byte >= 0xc2 && byte <= 0xdf) { needed = 1; code = byte & 0x1f; }
        else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) lower = 0xa0;
          if (byte === 0xed) upper = 0x9f;
          needed = 2;
          code = byte & 0xf;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) lower = 0x90;
          if (byte === 0xf4) upper = 0x8f;
          needed = 3;
          code = byte & 0x7;
        } else emit(0xfffd);
        continue;
      }
      if (byte < lower || byte > upper) {
        needed = seen = code = 0;
        lower = 0x80;
        upper = 0xbf;
        emit(0xfffd);
        i--;
        continue;
      }
      lower = 0x80;
      upper = 0xbf;
      code = (code << 6) | (byte & 0x3f);
      if (++seen === needed) {
        emit(code);
        needed = seen = code = 0;
      }
    }
    if (needed !== 0) emit(0xfffd);
    return text;
  };

  const encode = (text, encoding) => {
    const name = encodingOf(encoding);
    if (name === 'utf8') return encodeUtf8(text);
    const bytes = [];
    for (let i = 0; i < text.length; i++) bytes.push(text.charCodeAt(i) & 0xff);
    return bytes;
  };

  class Buffer extends Uint8ArrayType {
    static from(value, encoding) {
      if (typeof value === 'string') return Buffer.fromBytes(encode(value, encoding));
      if (value instanceof Uint8ArrayType || Array.isArray(value)) return Buffer.fromBytes(value);
      throw new TypeErrorType('The first argument must be a string, an array or a Uint8Array');
    }
    static fromBytes(bytes) {
      const buffer = new Buffer(bytes.length);
      for (let i = 0; i < bytes.length; i++) buffer[i] = bytes[i];
      return buffer;
    }
    static alloc(size, fill) {
      const buffer = new Buffer(size);
      if (fill !== undefined) {
        const pattern = typeof fill === 'number' ? [fill] : encode(String(fill));
        if (pattern.length > 0) for (let i = 0; i < size; i++) buffer[i] = pattern[i % pattern.length];
      }
      return buffer;
    }
    static concat(list, totalLength) {
      let length = 0;
      for (const part of list) length += part.length;
      const total = totalLength === undefined ? length : totalLength;
      const buffer = new Buffer(total);
      let at = 0;
      for (const part of list) {
        for (let i = 0; i < part.length && at < total; i++) buffer[at++] = part[i];
      }
      return buffer;
    }
    static isBuffer(value) {
      return value instanceof Buffer;
    }
    static byteLength(value, encoding) {
      if (typeof value === 'string') return encode(value, encoding).length;
      return value.byteLength;
    }
    toString(encoding, start, end) {
      const name = encodingOf(encoding);
      const from = start === undefined ? 0 : start;
      const to = end === undefined ? this.length : end;
      const bytes = this.subarray(from, to);
      if (name === 'utf8') return decodeUtf8(bytes);
      let text = '';
      for (let i = 0; i < bytes.length; i++) text += fromCharCode(name === 'ascii' ? bytes[i] & 0x7f : bytes[i]);
      return text;
    }
    // In Node, slice shares memory with the buffer, like subarray (not like Uint8Array's slice).
    slice(start, end) {
      return this.subarray(start, end);
    }
    equals(other) {
      if (!(other instanceof Uint8ArrayType)) throw new TypeErrorType('The "otherBuffer" argument must be a Buffer or Uint8Array');
      if (other.length !== this.length) return false;
      for (let i = 0; i < this.length; i++) if (this[i] !== other[i]) return false;
      return true;
    }
  }
  return Buffer;
})()`;
