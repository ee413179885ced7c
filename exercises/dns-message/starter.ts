/**
 * DNS messages: decode the bytes of a query or reply into its parts, and encode parts into bytes.
 *
 * The statement lists every rule. Read bytes with small functions that check bounds first, such
 * as `readU16(bytes, offset)` returning `[value, nextOffset]`, so that a short message throws
 * instead of reading `undefined`.
 */

export interface DnsHeader {
  id: number; qr: boolean; opcode: number; aa: boolean; tc: boolean; rd: boolean; ra: boolean;
  z: number; // the 3 reserved bits, 0–7
  rcode: number;
}
export interface DnsQuestion { name: string; type: number; class: number }
export type RecordData =
  | { kind: 'A'; address: string } // type 1, dotted quad, e.g. "145.37.93.126"
  | { kind: 'NS'; host: string } // type 2
  | { kind: 'CNAME'; host: string } // type 5
  | { kind: 'MX'; preference: number; exchange: string } // type 15
  | { kind: 'raw'; hex: string }; // any other type: RDATA as lowercase hex
export interface DnsRecord { name: string; type: number; class: number; ttl: number; data: RecordData }
export interface DnsMessage {
  header: DnsHeader;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
}

/** Throws an Error on malformed input. `bytes` may be a view at a non-zero byteOffset. */
export function decodeMessage(bytes: Uint8Array): DnsMessage {
  // TODO 1: check there are at least 12 bytes, then read the ID, the flags word and the four counts.
  //         Index with bytes[i]: bytes.buffer may hold other bytes before and after the view.
  // TODO 2: read QDCOUNT questions: a name, then QTYPE and QCLASS.
  // TODO 3: read a name: labels until a zero byte, or a pointer (top bits 11) to an earlier offset.
  //         Throw on top bits 01 or 10, on a pointer that is not strictly backwards or that loops,
  //         and on a name over 255 bytes uncompressed.
  // TODO 4: read ANCOUNT, NSCOUNT and ARCOUNT records; interpret A, NS, CNAME and MX RDATA, keep
  //         any other type as hex. TTL is unsigned.
  // TODO 5: throw if any bytes are left over.
  throw new Error(`decodeMessage is not written yet (${bytes.length} bytes)`);
}

export function encodeMessage(message: DnsMessage): Uint8Array {
  // TODO 6: write the header, then every question and record, RDLENGTH after its RDATA.
  // TODO 7: write names as labels; remember where every suffix was written and use a pointer
  //         when the same suffix (byte for byte) comes again, in RDATA names too. Never compress raw RDATA.
  // TODO 8: throw on a bad label, a name over 255 bytes or a number that does not fit its field.
  throw new Error(`encodeMessage is not written yet (${message.questions.length} questions)`);
}
