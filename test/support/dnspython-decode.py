"""Parses DNS messages with dnspython and prints them as the dns-message contract's DnsMessage.

Reads a JSON list of hex strings on stdin; prints a JSON list with, for each message, either
{"message": DnsMessage} or {"error": "..."}. Run with Debian's /usr/bin/python3 (python3-dnspython).
"""
import json
import sys

import dns.flags
import dns.message
import dns.rdatatype


def name_text(name):
    # Labels as bytes, one character per byte, joined by "." without the root label.
    return ".".join(label.decode("latin-1") for label in name.labels if label != b"")


def record_data(rdata):
    kind = rdata.rdtype
    if kind == dns.rdatatype.A:
        return {"kind": "A", "address": rdata.address}
    if kind == dns.rdatatype.NS:
        return {"kind": "NS", "host": name_text(rdata.target)}
    if kind == dns.rdatatype.CNAME:
        return {"kind": "CNAME", "host": name_text(rdata.target)}
    if kind == dns.rdatatype.MX:
        return {"kind": "MX", "preference": rdata.preference, "exchange": name_text(rdata.exchange)}
    return {"kind": "raw", "hex": rdata.to_wire().hex()}


def records(section):
    out = []
    for rrset in section:
        for rdata in rrset:
            out.append({"name": name_text(rrset.name), "type": int(rrset.rdtype), "class": int(rrset.rdclass),
                        "ttl": rrset.ttl, "data": record_data(rdata)})
    return out


def convert(wire):
    message = dns.message.from_wire(wire, one_rr_per_rrset=True, ignore_trailing=False)
    flags = message.flags
    header = {"id": message.id, "qr": bool(flags & 0x8000), "opcode": (flags >> 11) & 0xF,
              "aa": bool(flags & 0x0400), "tc": bool(flags & 0x0200), "rd": bool(flags & 0x0100),
              "ra": bool(flags & 0x0080), "z": (flags >> 4) & 0x7, "rcode": flags & 0xF}
    questions = [{"name": name_text(rrset.name), "type": int(rrset.rdtype), "class": int(rrset.rdclass)}
                 for rrset in message.question]
    return {"header": header, "questions": questions, "answers": records(message.answer),
            "authorities": records(message.authority), "additionals": records(message.additional)}


def main():
    results = []
    for text in json.load(sys.stdin):
        try:
            results.append({"message": convert(bytes.fromhex(text))})
        except Exception as error:  # every parse failure is reported, not raised
            results.append({"error": f"{type(error).__name__}: {error}"})
    json.dump(results, sys.stdout)


main()
