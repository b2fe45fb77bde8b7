#!/usr/bin/env python3
"""Writes a large schema for large-schema.test.

  members N OUT:     one enum field with N members, all on one flow line;
  fields N TYPE OUT: one event with N fields in one flow list on one line,
                     the last of type TYPE, the others bool; prints the
                     line:col where the last field starts.
"""
import sys

head = 'format: 1\nnamespace: a\nservice: s\nversion: "1.0"\nevents:\n  - name: x.y\n    version: "1.0"\n'
if sys.argv[1] == "members":
    n, out = int(sys.argv[2]), sys.argv[3]
    text = head + "    fields:\n      - { name: f, type: enum, tier: unrestricted, members: [" + \
        ", ".join("m%d" % i for i in range(n)) + "] }\n"
else:
    n, last_type, out = int(sys.argv[2]), sys.argv[3], sys.argv[4]
    line = "    fields: [" + "".join(
        "{ name: f%d, type: bool, tier: unrestricted }, " % i for i in range(n - 1)) + "{ "
    print("%d:%d" % (head.count("\n") + 1, len(line) + 1))  # a flow mapping starts at its key
    text = head + line + "name: last, type: %s, tier: unrestricted }]\n" % last_type
with open(out, "w") as f:
    f.write(text)
