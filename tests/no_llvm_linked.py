#!/usr/bin/env python3
"""Fails when a runtime-side program (the collector, the verifier, the
generator) uses LLVM or Clang, since only the checker may: a shared library
it needs directly (readelf -d's NEEDED entries) or through another (ldd), a
run path into an LLVM install, or LLVM's or Clang's code linked in
statically (their namespaces in its symbols).

usage: no_llvm_linked.py PROGRAM...
"""
import re
import subprocess
import sys

FORBIDDEN = re.compile(r"^lib(LLVM|clang)", re.IGNORECASE)


def needed(program):
    out = subprocess.run(["readelf", "-d", program], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def loaded(program):
    out = subprocess.run(["ldd", program], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines() if line.split()]


def run_paths(program):
    out = subprocess.run(["readelf", "-d", program], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\((?:RPATH|RUNPATH)\)\s+Library (?:rpath|runpath): \[([^\]]*)\]", out)


def static_symbols(program):
    out = subprocess.run(["nm", "-C", program], capture_output=True, text=True).stdout
    return sorted({m.group(1) for m in re.finditer(r"\b(llvm|clang)::", out)})


def main(programs):
    if not programs:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    bad = 0
    for program in programs:
        direct = needed(program)
        # Every dynamically linked program needs libc at least: no NEEDED
        # entry at all means readelf's output was not understood.
        if not direct:
            print("error: %s: no NEEDED entries in readelf -d's output" % program, file=sys.stderr)
            return 2
        found = sorted({lib for lib in direct + loaded(program) if FORBIDDEN.match(lib)})
        found += ["run path " + p for p in run_paths(program) if re.search(r"llvm|clang", p, re.I)]
        found += ["code of %s:: linked in" % ns for ns in static_symbols(program)]
        if found:
            bad += 1
            print("error: %s needs %s; only the checker may link LLVM or Clang"
                  % (program, ", ".join(found)), file=sys.stderr)
        else:
            print("ok: %s (%d libraries, none of LLVM or Clang)" % (program, len(direct)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
