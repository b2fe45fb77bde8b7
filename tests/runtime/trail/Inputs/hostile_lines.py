"""Appends lines an attacker could put in a trail file: a record whose strings carry terminal escapes, C1 and bidi controls and a forged "tampered":false, a line of raw control bytes and bytes that are not UTF-8, and a line cut short."""
import json
import sys

record = {
    "seq": 99, "time": "2026-01-01T00:09:00.000000Z", "service": "shop",
    "event": "authn.login_failure", "outcome": "failure", "tampered": False,
    "context": {"source_address": "\u001b]0;pwned\u0007\u001b[2J", "request_id": "r\u009b31m\u202eevil"},
    "fields": {"user": "back\\slash \u2066x"},
}
with open(sys.argv[1], "ab") as f:
    f.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
    f.write(b"\x1b[31mraw escape \x9b \xff\xfe\x07 not json\n")
    f.write(b'{"seq":100,"event":"cut')
