"""The GNU build ID note of an ELF file: print it, or copy the file with it
changed (as a rebuild changes it) or unreadable (as --build-id=none leaves
none)."""
import re
import shutil
import sys

NOTE = re.compile(rb"\x04\x00\x00\x00(.)\x00\x00\x00\x03\x00\x00\x00GNU\x00", re.S)


def find(data):
    m = NOTE.search(data)
    if not m:
        sys.exit("no build ID note")
    return m.end(), m.group(1)[0]


def main():
    mode, path = sys.argv[1], sys.argv[2]
    data = bytearray(open(path, "rb").read())
    at, size = find(data)
    if mode == "print":
        print(data[at:at + size].hex())
        return
    if mode == "change":
        data[at] ^= 0xFF
    elif mode == "remove":
        data[at - 8] = 0x7F  # another note type: no build ID left
    out = sys.argv[3]
    open(out, "wb").write(data)
    shutil.copymode(path, out)


main()
