/**
 * Bounds-checked reads from a message's bytes. Each reader takes the bytes and an offset and
 * returns the value with the offset just after it, throwing before it would read past the end:
 * a message shorter than a count or a length says is malformed (RFC 1035 §4.1).
 *
 * Reads use `bytes[i]`, which indexes from the view's own start, so a Uint8Array that is a view
 * at a non-zero byteOffset into a larger buffer reads correctly; `bytes.buffer` is never touched.
 */
import { DnsFormatError } from './message-types.js';

export function needBytes(bytes: Uint8Array, offset: number, count: number, what: string): void {
  if (offset + count > bytes.length) {
    throw new DnsFormatError(`message ends at byte ${bytes.length}, inside ${what} (needs bytes ${offset} to ${offset + count - 1})`);
  }
}

export function readU8(bytes: Uint8Array, offset: number, what = 'a byte'): [number, number] {
  needBytes(bytes, offset, 1, what);
  return [bytes[offset]!, offset + 1];
}

/** Network byte order (RFC 1035 §2.3.2: most significant byte first). */
export function readU16(bytes: Uint8Array, offset: number, what = 'a 16-bit field'): [number, number] {
  needBytes(bytes, offset, 2, what);
  return [(bytes[offset]! << 8) | bytes[offset + 1]!, offset + 2];
}

/** Unsigned: a TTL of 0xFFFFFFFF is 4294967295, not −1 (RFC 1035 §3.2.1 "32 bit unsigned integer"). */
export function readU32(bytes: Uint8Array, offset: number, what = 'a 32-bit field'): [number, number] {
  needBytes(bytes, offset, 4, what);
  const value = bytes[offset]! * 0x1000000 + ((bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!);
  return [value, offset + 4];
}

export function readSlice(bytes: Uint8Array, offset: number, length: number, what: string): [Uint8Array, number] {
  needBytes(bytes, offset, length, what);
  return [bytes.subarray(offset, offset + length), offset + length];
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
