/**
 * Mutant: stops after the counted sections and never checks that no bytes are left over.
 */

export interface DnsHeader { id: number; qr: boolean; opcode: number; aa: boolean; tc: boolean; rd: boolean; ra: boolean; z: number; rcode: number }
export interface DnsQuestion { name: string; type: number; class: number }
export type RecordData =
  | { kind: 'A'; address: string }
  | { kind: 'NS'; host: string }
  | { kind: 'CNAME'; host: string }
  | { kind: 'MX'; preference: number; exchange: string }
  | { kind: 'raw'; hex: string };
export interface DnsRecord { name: string; type: number; class: number; ttl: number; data: RecordData }
export interface DnsMessage { header: DnsHeader; questions: DnsQuestion[]; answers: DnsRecord[]; authorities: DnsRecord[]; additionals: DnsRecord[] }

const SECTIONS = ['answers', 'authorities', 'additionals'] as const;

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, at = this.pos): void {
    if (at + n > this.bytes.length) throw new Error('message too short');
  }
  u8(): number { this.need(1); return this.view.getUint8(this.pos++); }
  u16(): number { this.need(2); const v = this.view.getUint16(this.pos); this.pos += 2; return v; }
  u32(): number { this.need(4); const v = this.view.getUint32(this.pos); this.pos += 4; return v; }

  name(): string {
    const labels: string[] = [];
    let at = this.pos;
    let jumped = false;
    let total = 1;
    const visited: number[] = [];
    while (true) {
      this.need(1, at);
      const len = this.bytes[at]!;
      if (len >= 0xc0) {
        this.need(2, at);
        const target = ((len & 0x3f) << 8) | this.bytes[at + 1]!;
        if (target >= at) throw new Error('pointer does not point backwards');
        if (visited.includes(at)) throw new Error('pointer loop');
        visited.push(at);
        if (!jumped) this.pos = at + 2;
        jumped = true;
        at = target;
      } else if (len >= 0x40) {
        throw new Error('reserved label type');
      } else if (len === 0) {
        if (!jumped) this.pos = at + 1;
        return labels.join('.');
      } else {
        total += len + 1;
        if (total > 255) throw new Error('name too long');
        this.need(1 + len, at);
        labels.push(String.fromCharCode(...this.bytes.subarray(at + 1, at + 1 + len)));
        at += 1 + len;
      }
    }
  }
}

export function decodeMessage(bytes: Uint8Array): DnsMessage {
  const r = new Reader(bytes);
  r.need(12);
  const id = r.u16();
  const flags = r.u16();
  const counts = [r.u16(), r.u16(), r.u16(), r.u16()];
  const header: DnsHeader = {
    id, qr: !!(flags & 0x8000), opcode: (flags >>> 11) & 15, aa: !!(flags & 0x400), tc: !!(flags & 0x200),
    rd: !!(flags & 0x100), ra: !!(flags & 0x80), z: (flags >>> 4) & 7, rcode: flags & 15,
  };
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]!; i++) questions.push({ name: r.name(), type: r.u16(), class: r.u16() });
  const message: DnsMessage = { header, questions, answers: [], authorities: [], additionals: [] };
  SECTIONS.forEach((section, s) => {
    for (let i = 0; i < counts[s + 1]!; i++) message[section].push(readRecord(r));
  });
  return message;
}

function readRecord(r: Reader): DnsRecord {
  const name = r.name();
  const type = r.u16();
  const klass = r.u16();
  const ttl = r.u32();
  const length = r.u16();
  r.need(length);
  const end = r.pos + length;
  let data: RecordData;
  const nameToEnd = (): string => {
    const host = r.name();
    if (r.pos !== end) throw new Error('name does not fill RDATA');
    return host;
  };
  if (type === 1) {
    if (length !== 4) throw new Error('A needs 4 bytes');
    data = { kind: 'A', address: [r.u8(), r.u8(), r.u8(), r.u8()].join('.') };
  } else if (type === 2) data = { kind: 'NS', host: nameToEnd() };
  else if (type === 5) data = { kind: 'CNAME', host: nameToEnd() };
  else if (type === 15) {
    if (length < 2) throw new Error('MX too short');
    const preference = r.u16();
    data = { kind: 'MX', preference, exchange: nameToEnd() };
  } else {
    let hex = '';
    for (let i = r.pos; i < end; i++) hex += r.bytes[i]!.toString(16).padStart(2, '0');
    r.pos = end;
    data = { kind: 'raw', hex };
  }
  return { name, type, class: klass, ttl, data };
}

class Writer {
  out: number[] = [];
  private targets = new Map<string, number>();
  num(value: number, bytes: number): void {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** (8 * bytes)) throw new Error(`number out of range: ${value}`);
    for (let i = bytes - 1; i >= 0; i--) this.out.push(Math.floor(value / 256 ** i) % 256);
  }
  name(name: string): void {
    const labels = name === '' ? [] : name.split('.');
    if (labels.some((l) => l.length === 0 || l.length > 63)) throw new Error(`bad label in ${name}`);
    if (labels.reduce((n, l) => n + l.length + 1, 1) > 255) throw new Error('name too long');
    for (let i = 0; i < labels.length; i++) {
      const key = labels.slice(i).join('.');
      const at = this.targets.get(key);
      if (at !== undefined) {
        this.num(0xc000 | at, 2);
        return;
      }
      if (this.out.length < 0x4000) this.targets.set(key, this.out.length);
      this.out.push(labels[i]!.length);
      for (const ch of labels[i]!) this.out.push(ch.charCodeAt(0));
    }
    this.out.push(0);
  }
}

export function encodeMessage(message: DnsMessage): Uint8Array {
  const w = new Writer();
  const h = message.header;
  w.num(h.id, 2);
  for (const [value, max] of [[h.opcode, 15], [h.z, 7], [h.rcode, 15]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > max) throw new Error('header field out of range');
  }
  w.num((h.qr ? 0x8000 : 0) | (h.opcode << 11) | (h.aa ? 0x400 : 0) | (h.tc ? 0x200 : 0) | (h.rd ? 0x100 : 0) | (h.ra ? 0x80 : 0) | (h.z << 4) | h.rcode, 2);
  w.num(message.questions.length, 2);
  for (const section of SECTIONS) w.num(message[section].length, 2);
  for (const q of message.questions) {
    w.name(q.name);
    w.num(q.type, 2);
    w.num(q.class, 2);
  }
  for (const section of SECTIONS) {
    for (const rr of message[section]) {
      w.name(rr.name);
      w.num(rr.type, 2);
      w.num(rr.class, 2);
      w.num(rr.ttl, 4);
      const lengthAt = w.out.length;
      w.num(0, 2);
      const d = rr.data;
      if (d.kind === 'A') for (const part of d.address.split('.')) w.num(Number(part), 1);
      else if (d.kind === 'NS' || d.kind === 'CNAME') w.name(d.host);
      else if (d.kind === 'MX') {
        w.num(d.preference, 2);
        w.name(d.exchange);
      } else for (let i = 0; i < d.hex.length; i += 2) w.out.push(parseInt(d.hex.slice(i, i + 2), 16));
      const length = w.out.length - lengthAt - 2;
      if (length > 0xffff) throw new Error('RDATA too long');
      w.out[lengthAt] = length >> 8;
      w.out[lengthAt + 1] = length & 0xff;
    }
  }
  return new Uint8Array(w.out);
}
