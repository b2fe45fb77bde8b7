"""Tampers with a sealed trail the way an attacker without the MAC key can:
edits a line, then recomputes every chain value from there on (SHA-256 needs
no key), leaving the MACs as they were. Usage: rechain.py IN OUT LINE OLD NEW"""
import hashlib
import sys

SUFFIX = len(',"chain":"') + 64 + len('","mac":"') + 64 + len('"}')


def main():
    src, dst, number, old, new = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    lines = open(src, "rb").read().split(b"\n")[:-1]
    lines[number - 1] = lines[number - 1].replace(old.encode(), new.encode(), 1)
    prev = bytes(32) if number == 1 else bytes.fromhex(lines[number - 2][-SUFFIX:][10:74].decode())
    for i in range(number - 1, len(lines)):
        record, suffix = lines[i][:-SUFFIX], lines[i][-SUFFIX:]
        chain = hashlib.sha256(prev + record).digest()
        lines[i] = record + b',"chain":"' + chain.hex().encode() + suffix[74:]
        prev = chain
    open(dst, "wb").write(b"".join(l + b"\n" for l in lines))


main()
