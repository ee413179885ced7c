/**
 * Decodes one DNS message (RFC 1035 §4.1) from its bytes. Sans-I/O: bytes in, a DnsMessage out,
 * or a DnsFormatError for anything the contract calls malformed.
 */
import { readName } from './domain-names.js';
import {
  DnsFormatError,
  RECORD_SECTIONS,
  RecordType,
  type DnsHeader,
  type DnsMessage,
  type DnsQuestion,
  type DnsRecord,
  type RecordData,
} from './message-types.js';
import { readSlice, readU16, readU32, toHex } from './wire-cursor.js';

export const HEADER_BYTES = 12;

export function decodeMessage(bytes: Uint8Array): DnsMessage {
  const [header, counts, afterHeader] = readHeader(bytes);
  let offset = afterHeader;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const [question, next] = readQuestion(bytes, offset);
    questions.push(question);
    offset = next;
  }
  const sections: Record<(typeof RECORD_SECTIONS)[number], DnsRecord[]> = { answers: [], authorities: [], additionals: [] };
  RECORD_SECTIONS.forEach((section, index) => {
    for (let i = 0; i < counts[index + 1]!; i++) {
      const [record, next] = readRecord(bytes, offset);
      sections[section].push(record);
      offset = next;
    }
  });
  // The counts say where the message ends; anything after that is not part of it.
  if (offset !== bytes.length) throw new DnsFormatError(`${bytes.length - offset} bytes left over after the last section`);
  return { header, questions, ...sections };
}

/** RFC 1035 §4.1.1: ID, a 16-bit flags word, then QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT. */
function readHeader(bytes: Uint8Array): [DnsHeader, [number, number, number, number], number] {
  if (bytes.length < HEADER_BYTES) throw new DnsFormatError(`message of ${bytes.length} bytes is shorter than its 12-byte header`);
  const [id, afterId] = readU16(bytes, 0, 'the header');
  const [flags, afterFlags] = readU16(bytes, afterId, 'the header');
  let offset = afterFlags;
  const counts: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [count, next] = readU16(bytes, offset, 'the header');
    counts.push(count);
    offset = next;
  }
  // Flags word, most significant bit first: QR(1) OPCODE(4) AA TC RD RA Z(3) RCODE(4).
  const header: DnsHeader = {
    id,
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    z: (flags >> 4) & 0x7,
    rcode: flags & 0xf,
  };
  return [header, counts as [number, number, number, number], offset];
}

/** RFC 1035 §4.1.2: QNAME, QTYPE, QCLASS. */
function readQuestion(bytes: Uint8Array, offset: number): [DnsQuestion, number] {
  const [name, afterName] = readName(bytes, offset);
  const [type, afterType] = readU16(bytes, afterName, 'a question');
  const [qclass, next] = readU16(bytes, afterType, 'a question');
  return [{ name, type, class: qclass }, next];
}

/** RFC 1035 §4.1.3: NAME, TYPE, CLASS, TTL, RDLENGTH, RDATA. */
function readRecord(bytes: Uint8Array, offset: number): [DnsRecord, number] {
  const [name, afterName] = readName(bytes, offset);
  const [type, afterType] = readU16(bytes, afterName, 'a resource record');
  const [rclass, afterClass] = readU16(bytes, afterType, 'a resource record');
  const [ttl, afterTtl] = readU32(bytes, afterClass, 'a resource record');
  const [rdlength, rdataStart] = readU16(bytes, afterTtl, 'a resource record');
  const [rdata, next] = readSlice(bytes, rdataStart, rdlength, 'RDATA');
  return [{ name, type, class: rclass, ttl, data: readRecordData(bytes, type, rdataStart, next, rdata) }, next];
}

/**
 * Interprets RDATA by type (RFC 1035 §3.3, §3.4). Names inside it are read from the whole message,
 * since their pointers may lead anywhere before them, but must end exactly at RDLENGTH.
 */
function readRecordData(bytes: Uint8Array, type: number, start: number, end: number, rdata: Uint8Array): RecordData {
  const nameAt = (offset: number): string => {
    const [name, after] = readName(bytes, offset);
    if (after !== end) throw new DnsFormatError(`the name in RDATA at byte ${start} does not end at RDLENGTH`);
    return name;
  };
  switch (type) {
    case RecordType.A: // §3.4.1: a 32-bit Internet address
      if (rdata.length !== 4) throw new DnsFormatError(`A record RDATA is ${rdata.length} bytes, not 4`);
      return { kind: 'A', address: Array.from(rdata).join('.') };
    case RecordType.NS: // §3.3.11: NSDNAME
      return { kind: 'NS', host: nameAt(start) };
    case RecordType.CNAME: // §3.3.1: CNAME
      return { kind: 'CNAME', host: nameAt(start) };
    case RecordType.MX: { // §3.3.9: PREFERENCE, EXCHANGE
      if (rdata.length < 2) throw new DnsFormatError(`MX record RDATA is ${rdata.length} bytes, too short for a preference`);
      const [preference, afterPreference] = readU16(bytes, start, 'MX RDATA');
      return { kind: 'MX', preference, exchange: nameAt(afterPreference) };
    }
    default:
      return { kind: 'raw', hex: toHex(rdata) };
  }
}
