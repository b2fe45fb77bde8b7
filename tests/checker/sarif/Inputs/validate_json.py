"""Validates a JSON document against a JSON Schema (python3-jsonschema)."""
import json
import sys

import jsonschema

with open(sys.argv[1]) as f:
    schema = json.load(f)
with open(sys.argv[2]) as f:
    doc = json.load(f)
errors = list(jsonschema.Draft7Validator(schema).iter_errors(doc))
for e in errors:
    print("%s: %s" % ("/".join(str(p) for p in e.absolute_path), e.message))
if errors:
    sys.exit(1)
print("valid: %d item(s)" % len(doc))
