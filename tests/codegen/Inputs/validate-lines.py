#!/usr/bin/env python3
"""Validates JSON Lines against a JSON Schema; one verdict per line.

Used by the jsonschema tests with Debian's python3-jsonschema, an
implementation independent of the generator.
"""
import json
import sys

import jsonschema


def main():
    schema_path, lines_path = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    with open(lines_path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            error = jsonschema.exceptions.best_match(
                validator.iter_errors(json.loads(line)))
            if error is None:
                print(f"{number}: valid")
            else:
                where = "/" + "/".join(str(p) for p in error.absolute_path)
                print(f"{number}: invalid at {where}: {error.validator or 'false'}")


if __name__ == "__main__":
    main()
