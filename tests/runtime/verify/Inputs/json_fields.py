"""Prints a JSON object (a file, or - for stdin) one top-level key a line, sorted, for FileCheck; with a dotted path, only that value."""
import json
import sys

doc = json.load(sys.stdin if sys.argv[1] == "-" else open(sys.argv[1]))
if len(sys.argv) > 2:
    for key in sys.argv[2].split("."):
        doc = doc[key]
    print(doc if isinstance(doc, (str, int)) and not isinstance(doc, bool) else json.dumps(doc, sort_keys=True))
else:
    for key in sorted(doc):
        print("%s = %s" % (key, json.dumps(doc[key], sort_keys=True)))
