/**
 * Encodes a DnsMessage into its wire form (RFC 1035 §4.1), compressing every name and every
 * repeated suffix (§4.1.4), including names inside NS, CNAME and MX RDATA. `raw` RDATA is copied
 * as given and never offered as a compression target.
 */
import { NameCompressor } from './domain-names.js';
import {
  DnsFormatError,
  RECORD_SECTIONS,
  type DnsHeader,
  type DnsMessage,
  type DnsRecord,
  type RecordData,
} from './message-types.js';

export function encodeMessage(message: DnsMessage): Uint8Array {
  const out: number[] = [];
  const names = new NameCompressor();
  writeHeader(out, message);
  for (const question of message.questions) {
    names.write(out, question.name);
    writeNumber(out, question.type, 2, 'question type');
    writeNumber(out, question.class, 2, 'question class');
  }
  for (const section of RECORD_SECTIONS) {
    for (const record of message[section]) writeRecord(out, names, record);
  }
  return Uint8Array.from(out);
}

/** Appends `value` as an unsigned big-endian integer of `size` bytes, throwing when it does not fit. */
function writeNumber(out: number[], value: number, size: 1 | 2 | 4, what: string): void {
  const limit = 2 ** (8 * size);
  if (!Number.isInteger(value) || value < 0 || value >= limit) throw new DnsFormatError(`${what} ${value} is not in 0..${limit - 1}`);
  for (let shift = 8 * (size - 1); shift >= 0; shift -= 8) out.push(Math.floor(value / 2 ** shift) & 0xff);
}

function checkRange(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new DnsFormatError(`${what} ${value} is not in 0..${max}`);
  return value;
}

/** RFC 1035 §4.1.1. */
function writeHeader(out: number[], message: DnsMessage): void {
  const header: DnsHeader = message.header;
  writeNumber(out, header.id, 2, 'id');
  const flags =
    (header.qr ? 0x8000 : 0) |
    (checkRange(header.opcode, 15, 'opcode') << 11) |
    (header.aa ? 0x0400 : 0) |
    (header.tc ? 0x0200 : 0) |
    (header.rd ? 0x0100 : 0) |
    (header.ra ? 0x0080 : 0) |
    (checkRange(header.z, 7, 'z') << 4) |
    checkRange(header.rcode, 15, 'rcode');
  writeNumber(out, flags, 2, 'flags');
  writeNumber(out, message.questions.length, 2, 'question count');
  for (const section of RECORD_SECTIONS) writeNumber(out, message[section].length, 2, `${section} count`);
}

/** RFC 1035 §4.1.3: RDLENGTH is written once RDATA is, since compression decides its length. */
function writeRecord(out: number[], names: NameCompressor, record: DnsRecord): void {
  names.write(out, record.name);
  writeNumber(out, record.type, 2, 'record type');
  writeNumber(out, record.class, 2, 'record class');
  writeNumber(out, record.ttl, 4, 'ttl');
  const lengthAt = out.length;
  out.push(0, 0);
  writeRecordData(out, names, record.data);
  const rdlength = out.length - lengthAt - 2;
  if (rdlength > 0xffff) throw new DnsFormatError(`RDATA of ${rdlength} bytes is over 65535`);
  out[lengthAt] = rdlength >> 8;
  out[lengthAt + 1] = rdlength & 0xff;
}

function writeRecordData(out: number[], names: NameCompressor, data: RecordData): void {
  switch (data.kind) {
    case 'A': { // §3.4.1
      const parts = data.address.split('.');
      if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part))) throw new DnsFormatError(`"${data.address}" is not a dotted quad`);
      for (const part of parts) writeNumber(out, Number(part), 1, 'address byte');
      return;
    }
    case 'NS':
    case 'CNAME':
      names.write(out, data.host);
      return;
    case 'MX':
      writeNumber(out, data.preference, 2, 'MX preference');
      names.write(out, data.exchange);
      return;
    case 'raw': {
      if (!/^(?:[0-9a-fA-F]{2})*$/.test(data.hex)) throw new DnsFormatError('raw RDATA is not hex');
      for (let i = 0; i < data.hex.length; i += 2) out.push(parseInt(data.hex.slice(i, i + 2), 16));
      return;
    }
  }
}

