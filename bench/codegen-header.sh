#!/usr/bin/env bash
# Measures trailguard-gen cpp and the compile-time cost of including a generated 200-event header.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD:-$ROOT/build}"
RUNS=3
EVENTS=200
SEED=1
STD=c++17

usage() {
  cat <<USAGE
usage: BUILD=DIR bash bench/codegen-header.sh [--runs N] [--events N] [--seed S] [--std STD]

Writes a synthetic schema of N events (bench/make-schema.py: 6-10 fields each,
every field type, enums, optional and required fields, max_length, patterns)
into a scratch directory, then prints, as the median of N runs after one
untimed warm-up:

  - the wall and CPU time of 'trailguard-gen cpp' for it and for
    schemas/owasp-vocabulary.yaml, and the size of both headers;
  - for clang++ and g++, '-fsyntax-only' and '-c -O2' of a translation unit
    that includes the generated header and uses one event, against a baseline
    unit that includes exactly the headers the generated header includes
    (its standard headers and the two small trailguard ones), same flags,
    runs interleaved: absolute times, ratio and added milliseconds.

  --runs N    timed runs per command (default: $RUNS)
  --events N  events in the synthetic schema (default: $EVENTS)
  --seed S    seed of the synthetic schema (default: $SEED)
  --std STD   C++ standard of the compiles (default: $STD)
  BUILD       build directory with bin/trailguard-gen (default: <repo>/build)
  CLANGXX, GXX  the compilers (default: LLVM \${TRAILGUARD_LLVM_MAJOR:-19}'s clang++, g++ on PATH)

Timing is reported, never judged: exit status 0 if every command worked, 2 otherwise.
USAGE
}

die() { printf 'codegen-header: error: %s\n' "$*" >&2; exit 2; }

positive() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, got '$2'"; }

while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --runs|--events|--seed|--std)
      [[ $# -ge 2 ]] || die "$1 needs a value"
      declare "$(tr a-z A-Z <<<"${1#--}")=$2"; shift 2 ;;
    --runs=*|--events=*|--seed=*|--std=*)
      opt="${1%%=*}"; declare "$(tr a-z A-Z <<<"${opt#--}")=${1#*=}"; shift ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
positive --runs "$RUNS"
positive --events "$EVENTS"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "--seed must be a whole number, got '$SEED'"
[[ "$STD" =~ ^(c|gnu)\+\+[0-9a-z]+$ ]] || die "--std must look like c++17, got '$STD'"

[[ -d "$BUILD" ]] || die "build directory not found: $BUILD (run ./dev build)"
GEN="$BUILD/bin/trailguard-gen"
[[ -x "$GEN" ]] || die "no generator: $GEN (run ./dev build)"
OWASP="$ROOT/schemas/owasp-vocabulary.yaml"
[[ -f "$OWASP" ]] || die "missing $OWASP"
CLANGXX="${CLANGXX:-/usr/lib/llvm-${TRAILGUARD_LLVM_MAJOR:-19}/bin/clang++}"
[[ -x "$CLANGXX" ]] || CLANGXX="$(command -v clang++ || true)"
[[ -n "$CLANGXX" ]] || die "no clang++ found; set CLANGXX"
GXX="${GXX:-$(command -v g++ || true)}"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

python3 "$ROOT/bench/make-schema.py" --events "$EVENTS" --seed "$SEED" \
  -o "$TMP/synthetic.yaml" --use-cpp "$TMP/use.cpp" --header events.hpp ||
  die "bench/make-schema.py failed"
"$GEN" cpp "$TMP/synthetic.yaml" -o "$TMP/events.hpp" || die "trailguard-gen cpp failed on the synthetic schema"
"$GEN" cpp "$OWASP" -o "$TMP/owasp.hpp" || die "trailguard-gen cpp failed on $OWASP"

# The baseline includes exactly what the generated header includes.
{
  echo "// Baseline: the includes of the generated header, and no events."
  grep '^#include ' "$TMP/events.hpp"
  echo
  echo 'int main() {'
  echo '  std::string s("x");'
  echo '  std::vector<std::string> v{s};'
  echo '  return v.size() == 1 ? 0 : 1;'
  echo '}'
} >"$TMP/base.cpp"

python3 - "$TMP" "$RUNS" "$EVENTS" "$SEED" "$STD" "$GEN" "$OWASP" "$ROOT" "$CLANGXX" "$GXX" <<'PY'
import os, statistics, subprocess, sys, time

tmp, runs, events, seed, std, gen, owasp, root, clangxx, gxx = sys.argv[1:]
runs = int(runs)


def run(argv):
    """Runs argv in tmp; returns (wall ms, cpu ms, peak KiB). Fatal on failure."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, cwd=tmp, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.stderr.write(err.decode(errors="replace"))
        sys.exit("codegen-header: error: exit status %d from: %s" % (p.returncode, " ".join(argv)))
    return wall, (ru.ru_utime + ru.ru_stime) * 1000, ru.ru_maxrss


def bench(commands):
    """commands: {key: argv}; one warm-up each, then `runs` rounds run interleaved.
    Returns {key: (median wall ms, median cpu ms, max KiB)}."""
    samples = {k: [] for k in commands}
    for argv in commands.values():
        run(argv)
    for _ in range(runs):
        for k, argv in commands.items():
            samples[k].append(run(argv))
    return {k: (statistics.median(s[0] for s in v), statistics.median(s[1] for s in v),
                max(s[2] for s in v)) for k, v in samples.items()}


def size(path):
    with open(path, "rb") as f:
        data = f.read()
    return data.count(b"\n"), len(data), data.count(b"\nstruct ")


def ratio(a, b):
    return "%.2fx" % (a / b) if b > 0 else "n/a"


fields = sum(1 for line in open(os.path.join(tmp, "synthetic.yaml")) if line.startswith("      - name: "))
print("codegen-header: median of %d run(s) after one warm-up; synthetic schema: %s events, "
      "%d fields (seed %s)" % (runs, events, fields, seed))

# 1. The generator.
owasp_out = os.path.join(tmp, "owasp-timed.hpp")
g = bench({"synthetic": [gen, "cpp", "synthetic.yaml", "-o", "synthetic-timed.hpp"],
           "owasp": [gen, "cpp", owasp, "-o", owasp_out]})
print()
fmt = "%-30s %8s %8s %9s %8s %10s %8s\n"
sys.stdout.write(fmt % ("trailguard-gen cpp", "wall ms", "cpu ms", "peak MiB", "events", "lines", "KiB"))
for key, label, hdr in (("synthetic", "synthetic schema", "events.hpp"),
                        ("owasp", "schemas/owasp-vocabulary.yaml", "owasp.hpp")):
    wall, cpu, kib = g[key]
    lines, nbytes, structs = size(os.path.join(tmp, hdr))
    sys.stdout.write(fmt % (label, "%.1f" % wall, "%.1f" % cpu, "%.1f" % (kib / 1024),
                            structs, lines, "%.1f" % (nbytes / 1024)))
lines, nbytes, _ = size(os.path.join(tmp, "events.hpp"))
print("synthetic header: %d lines, %d bytes (%.0f bytes per event)" % (lines, nbytes, nbytes / int(events)))

# 2. The compilers: baseline vs the header, interleaved, same flags.
flags = ["-std=" + std, "-I" + tmp, "-I" + os.path.join(root, "annotations", "include"),
         "-I" + os.path.join(root, "runtime", "include")]
modes = [("-fsyntax-only", ["-fsyntax-only"]), ("-c -O2", ["-c", "-O2"])]
compilers = [("clang++", clangxx)] + ([("g++", gxx)] if gxx else [])
print()
print("compile, %s; baseline = base.cpp (the header's includes only), header = use.cpp "
      "(includes events.hpp, uses one event)" % std)
fmt = "%-22s %9s %9s %8s %7s %9s %9s %8s %7s %8s %8s\n"
sys.stdout.write(fmt % ("compiler, mode", "base ms", "hdr ms", "+ms", "wall", "base cpu",
                        "hdr cpu", "+cpu ms", "cpu", "base MiB", "hdr MiB"))
for cname, cxx in compilers:
    version = subprocess.run([cxx, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    for mname, margs in modes:
        out = ["-o", os.devnull] if "-c" in margs else []
        r = bench({"base": [cxx] + flags + margs + ["base.cpp"] + out,
                   "hdr": [cxx] + flags + margs + ["use.cpp"] + out})
        (bw, bc, bk), (hw, hc, hk) = r["base"], r["hdr"]
        sys.stdout.write(fmt % ("%s %s" % (cname, mname), "%.0f" % bw, "%.0f" % hw,
                                "%+.0f" % (hw - bw), ratio(hw, bw), "%.0f" % bc, "%.0f" % hc,
                                "%+.0f" % (hc - bc), ratio(hc, bc), "%.1f" % (bk / 1024),
                                "%.1f" % (hk / 1024)))
    print("  (%s: %s)" % (cname, version))
if not gxx:
    print("g++ not found: its rows are skipped")
print("codegen-header: +ms is the header's added wall time per translation unit that includes it; "
      "divide by %s for the cost per event" % events)
PY
