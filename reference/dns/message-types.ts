/**
 * The DNS message as the `dns-message` exercise sees it (RFC 1035 §4.1). These types are the
 * published contract: students' modules export functions over exactly these shapes.
 */

/** RFC 1035 §4.1.1: the fixed 12-byte header, minus the four counts (they are the list lengths). */
export interface DnsHeader {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  /** The 3 reserved bits, 0–7. */
  z: number;
  rcode: number;
}

/** RFC 1035 §4.1.2. */
export interface DnsQuestion {
  name: string;
  type: number;
  class: number;
}

/** RDATA of the four types the exercise interprets (RFC 1035 §3.3, §3.4); any other type is `raw`. */
export type RecordData =
  | { kind: 'A'; address: string }
  | { kind: 'NS'; host: string }
  | { kind: 'CNAME'; host: string }
  | { kind: 'MX'; preference: number; exchange: string }
  | { kind: 'raw'; hex: string };

/** RFC 1035 §4.1.3: one resource record. `ttl` is unsigned, 0 to 2^32−1. */
export interface DnsRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  data: RecordData;
}

export interface DnsMessage {
  header: DnsHeader;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
}

/** RFC 1035 §3.2.2 TYPE values the exercise interprets. */
export const RecordType = { A: 1, NS: 2, CNAME: 5, MX: 15 } as const;

/** The three record sections, in wire order (RFC 1035 §4.1). */
export const RECORD_SECTIONS = ['answers', 'authorities', 'additionals'] as const;

/** Thrown for malformed wire data (decoding) and for messages that cannot be written (encoding). */
export class DnsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DnsFormatError';
  }
}
