/**
 * The `dns-message` exercise's reference (RFC 1035 §3.2, §4): `decodeMessage` and
 * `encodeMessage`, the two functions a student module exports.
 */
export { decodeMessage } from './decode-message.js';
export { encodeMessage } from './encode-message.js';
export { DnsFormatError } from './message-types.js';
export type { DnsHeader, DnsMessage, DnsQuestion, DnsRecord, RecordData } from './message-types.js';
