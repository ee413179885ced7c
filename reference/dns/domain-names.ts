/**
 * Domain names on the wire (RFC 1035 §3.1, §4.1.4): a sequence of labels, each a length byte and
 * that many bytes, ended by a zero byte or by a two-byte pointer to an earlier occurrence of the
 * rest of the name. The contract writes a name as its labels joined by `.`, without a trailing
 * dot, one character per byte, case kept; the root is `""`.
 */
import { DnsFormatError } from './message-types.js';
import { readU8 } from './wire-cursor.js';

/** RFC 1035 §2.3.4: at most 63 bytes in a label, 255 in a name (length bytes and final zero counted). */
export const LABEL_MAX_BYTES = 63;
export const NAME_MAX_BYTES = 255;
/** A pointer holds a 14-bit offset (RFC 1035 §4.1.4), so only the first 16,384 bytes can be targets. */
export const POINTER_MAX_OFFSET = 0x3fff;

/**
 * Reads the name starting at `offset`. Returns the name and the offset after it in the message,
 * which for a compressed name is just after its first pointer.
 */
export function readName(bytes: Uint8Array, offset: number): [string, number] {
  const labels: string[] = [];
  let position = offset;
  let next: number | undefined;
  // Counts the uncompressed wire length: every label's length byte and bytes, and the final zero.
  let wireLength = 1;
  const pointersSeen = new Set<number>();
  for (;;) {
    const [length, afterLength] = readU8(bytes, position, 'a name');
    const tag = length & 0xc0;
    if (tag === 0xc0) {
      // RFC 1035 §4.1.4: the pointer's low 14 bits are an offset from the start of the message.
      const [low, afterPointer] = readU8(bytes, afterLength, 'a compression pointer');
      const target = ((length & 0x3f) << 8) | low;
      if (target >= position) {
        throw new DnsFormatError(`compression pointer at byte ${position} points to ${target}, which is not before it`);
      }
      if (pointersSeen.has(position)) throw new DnsFormatError(`compression pointers loop through byte ${position}`);
      pointersSeen.add(position);
      next ??= afterPointer;
      position = target;
      continue;
    }
    // RFC 1035 §4.1.4: top bits 01 and 10 are reserved for future use; RFC 6891 gave 01 a meaning
    // (extended labels) that this contract does not accept either.
    if (tag !== 0) throw new DnsFormatError(`label length byte 0x${length.toString(16)} at byte ${position} has reserved top bits`);
    if (length === 0) {
      return [labels.join('.'), next ?? afterLength];
    }
    wireLength += 1 + length;
    if (wireLength > NAME_MAX_BYTES) {
      throw new DnsFormatError(`name starting at byte ${offset} is longer than ${NAME_MAX_BYTES} bytes`);
    }
    if (afterLength + length > bytes.length) throw new DnsFormatError(`message ends inside a label at byte ${position}`);
    let label = '';
    for (let i = afterLength; i < afterLength + length; i++) label += String.fromCharCode(bytes[i]!);
    labels.push(label);
    position = afterLength + length;
  }
}

/** Splits a contract name into its labels, checking the rules of RFC 1035 §2.3.4 and §3.1. */
export function labelsOf(name: string): string[] {
  if (name === '') return [];
  const labels = name.split('.');
  let wireLength = 1;
  for (const label of labels) {
    if (label.length === 0) throw new DnsFormatError(`name "${name}" has an empty label`);
    if (label.length > LABEL_MAX_BYTES) throw new DnsFormatError(`label "${label}" is longer than ${LABEL_MAX_BYTES} bytes`);
    for (let i = 0; i < label.length; i++) {
      if (label.charCodeAt(i) > 0xff) throw new DnsFormatError(`name "${name}" has a character above 0xFF`);
    }
    wireLength += 1 + label.length;
  }
  if (wireLength > NAME_MAX_BYTES) throw new DnsFormatError(`name "${name}" is ${wireLength} bytes on the wire, over ${NAME_MAX_BYTES}`);
  return labels;
}

/**
 * Writes names with compression (RFC 1035 §4.1.4): every suffix written so far (at an offset a
 * pointer can hold) is remembered, and a later name ending in the same labels points to it.
 * Suffixes match byte for byte: `Example.com` and `example.com` are different bytes, so neither
 * points at the other, although DNS compares them case-insensitively.
 */
export class NameCompressor {
  private readonly suffixOffsets = new Map<string, number>();

  /** Appends `name` to `out` (whose length is the current offset in the message). */
  write(out: number[], name: string): void {
    const labels = labelsOf(name);
    for (let i = 0; i < labels.length; i++) {
      // Labels cannot hold '.', so joining the remaining labels is a unique key for the suffix.
      const suffix = labels.slice(i).join('.');
      const earlier = this.suffixOffsets.get(suffix);
      if (earlier !== undefined) {
        out.push(0xc0 | (earlier >> 8), earlier & 0xff);
        return;
      }
      if (out.length <= POINTER_MAX_OFFSET) this.suffixOffsets.set(suffix, out.length);
      const label = labels[i]!;
      out.push(label.length);
      for (let j = 0; j < label.length; j++) out.push(label.charCodeAt(j));
    }
    out.push(0);
  }
}
