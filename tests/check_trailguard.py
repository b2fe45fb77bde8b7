#!/usr/bin/env python3
"""Runs trailguard-check on one test file and matches its inline expectations.

In the spirit of clang-tidy's check_clang_tidy.py:

  // RUN: %check_trailguard %s -- -std=c++17 -I%mocks
  printf("%s", user.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: ... [trailguard-tier-leak]

Every `CHECK-MESSAGES` line is matched in order against the tool's output,
and any other warning or error fails the test (-implicit-check-not), so a
file with no CHECK-MESSAGES asserts that the tool is silent. Files that also
check notes use `CHECK-NOTES`, which makes unexpected notes fail too.

The expected exit code is 1 when the file expects a warning, 0 otherwise;
`--exit-code N` overrides it.
"""
import argparse
import re
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", required=True, help="path to trailguard-check")
    parser.add_argument("--filecheck", required=True, help="path to FileCheck")
    parser.add_argument("--exit-code", type=int, default=None)
    parser.add_argument("--check-prefix", default=None,
                        help="use PREFIX-MESSAGES / PREFIX-NOTES instead of CHECK-...")
    parser.add_argument("input")
    # argparse would swallow the "--" that separates compiler arguments.
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    compiler_args = argv[split + 1:]
    args, tool_args = parser.parse_known_args(argv[:split])

    with open(args.input, encoding="utf-8") as f:
        source = f.read()
    base = args.check_prefix or "CHECK"
    messages, notes = base + "-MESSAGES", base + "-NOTES"
    has_notes = re.search(r"\b%s:" % re.escape(notes), source) is not None
    has_messages = re.search(r"\b%s:" % re.escape(messages), source) is not None
    if has_notes and has_messages:
        sys.exit("check_trailguard: use either %s or %s in one file, not both" % (messages, notes))
    expects_warning = re.search(r"\b(%s|%s):.*(warning|error):" % (messages, notes), source) is not None

    command = [args.tool, args.input] + tool_args + ["--"] + compiler_args
    run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True)
    output = run.stdout
    print("command:", " ".join(command))
    print("------------------------ trailguard-check output ------------------------")
    print(output, end="")
    print("-------------------------------------------------------------------------")

    expected = args.exit_code
    if expected is None:
        expected = 1 if expects_warning else 0
    if run.returncode != expected:
        sys.exit("check_trailguard: trailguard-check exited with %d, expected %d"
                 % (run.returncode, expected))

    if not (has_notes or has_messages):
        # FileCheck refuses a file without directives: check silence here.
        unexpected = [l for l in output.splitlines() if re.search(r"\b(warning|error):", l)]
        if unexpected:
            sys.exit("check_trailguard: expected no diagnostics, got:\n" + "\n".join(unexpected))
        sys.exit(0)

    prefix = notes if has_notes else messages
    implicit = "{{note|warning|error}}:" if has_notes else "{{warning|error}}:"
    filecheck = [args.filecheck, args.input, "--check-prefix=" + prefix,
                 "--implicit-check-not=" + implicit]
    check = subprocess.run(filecheck, input=output, universal_newlines=True)
    sys.exit(check.returncode)


if __name__ == "__main__":
    main()
