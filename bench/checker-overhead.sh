#!/usr/bin/env bash
# Measures the wall time and peak RSS of trailguard-check against clang++ -fsyntax-only on this project's checker sources.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD:-$ROOT/build}"
RUNS=3
FILTER=""
TIME_TARGET=1.15
MEM_TARGET=1.20

usage() {
  cat <<USAGE
usage: BUILD=DIR bash bench/checker-overhead.sh [--runs N] [--filter REGEX]

Runs, for each translation unit of \$BUILD/compile_commands.json under checker/,
its compile command as 'clang++ -fsyntax-only' and 'trailguard-check -p \$BUILD FILE',
alternately N times; prints the median wall time, the peak RSS and their ratios.

  --runs N        runs per translation unit and tool (default: $RUNS)
  --filter REGEX  only the files whose repo-relative path matches REGEX (Python syntax)
  BUILD           build directory (default: <repo>/build)

Exit status: 0 if every run worked (the ratios never fail it), 2 otherwise.
USAGE
}

die() { printf 'checker-overhead: error: %s\n' "$*" >&2; exit 2; }

while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --runs) [[ $# -ge 2 ]] || die "--runs needs a value"; RUNS="$2"; shift 2 ;;
    --runs=*) RUNS="${1#*=}"; shift ;;
    --filter) [[ $# -ge 2 ]] || die "--filter needs a value"; FILTER="$2"; shift 2 ;;
    --filter=*) FILTER="${1#*=}"; shift ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got '$RUNS'"

[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) not found; install the Debian package 'time'"
[[ -d "$BUILD" ]] || die "build directory not found: $BUILD (run ./dev build)"
BUILD="$(cd "$BUILD" && pwd)"
DB="$BUILD/compile_commands.json"
CHECK="$BUILD/bin/trailguard-check"
[[ -f "$DB" ]] || die "no compilation database: $DB"
[[ -x "$CHECK" ]] || die "no checker binary: $CHECK (run ./dev build)"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Select the TUs; for each, write the baseline argv (NUL-separated) to $TMP/argv.I
# and print "DIRECTORY<TAB>REPO-RELATIVE FILE<TAB>ABSOLUTE FILE".
python3 - "$DB" "$ROOT" "$FILTER" "$TMP" >"$TMP/tus" <<'PY' || exit 2
import json, os, re, shlex, sys
db, root, pattern, tmp = sys.argv[1:]
try:
    rx = re.compile(pattern)
except re.error as e:
    sys.exit(f"checker-overhead: error: bad --filter regex: {e}")
checker = os.path.join(os.path.realpath(root), "checker") + os.sep
seen = set()
try:
    entries = json.load(open(db))
except (OSError, ValueError) as e:
    sys.exit(f"checker-overhead: error: cannot read {db}: {e}")
for e in entries:
    path = os.path.realpath(os.path.join(e["directory"], e["file"]))
    rel = os.path.relpath(path, root)
    if not path.startswith(checker) or not rx.search(rel):
        continue
    if path in seen:  # the checker would analyze every command for the file
        print(f"checker-overhead: warning: {rel} has several commands; "
              "the baseline uses only the first", file=sys.stderr)
        continue
    seen.add(path)
    args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in ("-o", "-MT", "-MF", "-MQ"):
            skip = True
        elif a in ("-c", "-MD", "-MMD") or a[:3] in ("-MT", "-MF", "-MQ"):
            pass
        else:
            out.append(a)
    out.append("-fsyntax-only")
    with open(os.path.join(tmp, f"argv.{len(seen)}"), "w") as f:
        f.write("\0".join(out) + "\0")
    print(f"{e['directory']}\t{rel}\t{path}")
PY
[[ -s "$TMP/tus" ]] || die "no translation units under $ROOT/checker/ in $DB${FILTER:+ matching --filter $FILTER}"

# measure OUT DIR OK_STATUSES CMD...: runs CMD in DIR under GNU time and
# appends "SECONDS KIB" to $TMP/OUT; any exit status outside OK_STATUSES is fatal.
measure() {
  local out="$1" dir="$2" ok="$3"; shift 3
  local status=0
  (cd "$dir" && /usr/bin/time -f '%e %M' -o "$TMP/time" "$@") </dev/null >"$TMP/log" 2>&1 || status=$?
  if [[ " $ok " != *" $status "* ]]; then
    cat "$TMP/log" >&2
    die "exit status $status from: (cd ${dir@Q} &&$(printf ' %q' "$@"))"
  fi
  # GNU time writes "Command exited with non-zero status N" before the format line.
  tail -n 1 "$TMP/time" >>"$TMP/$out"
}

# stats FILE: prints "MEDIAN-SECONDS MAX-KIB" of the measurements in FILE.
stats() {
  sort -g "$1" | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
    END { printf "%.2f %d\n", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2, m }'
}

i=0
while IFS=$'\t' read -r dir rel file; do
  i=$((i + 1))
  mapfile -d '' -t argv <"$TMP/argv.$i"
  : >"$TMP/base"; : >"$TMP/check"
  for ((r = 0; r < RUNS; r++)); do
    measure base "$dir" "0" "${argv[@]}"
    measure check "$dir" "0 1" "$CHECK" -p "$BUILD" "$file"
  done
  printf '%s %s %s\n' "$rel" "$(stats "$TMP/base")" "$(stats "$TMP/check")" >>"$TMP/results"
done <"$TMP/tus"

awk -v runs="$RUNS" -v tt="$TIME_TARGET" -v mt="$MEM_TARGET" '
  function ratio(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "n/a" }
  BEGIN {
    fmt = "%-36s %11s %11s %7s %11s %11s %7s\n"
    printf "checker-overhead: median of %d run(s) per tool, peak RSS over all runs\n", runs
    printf fmt, "file", "syntax s", "checker s", "time", "syntax MiB", "checker MiB", "memory"
  }
  {
    bt += $2; ct += $4
    if ($3 > bm) bm = $3
    if ($5 > cm) cm = $5
    printf fmt, $1, sprintf("%.2f", $2), sprintf("%.2f", $4), ratio($4, $2),
      sprintf("%.1f", $3 / 1024), sprintf("%.1f", $5 / 1024), ratio($5, $3)
  }
  END {
    printf fmt, "TOTAL (time: sum, memory: max)", sprintf("%.2f", bt), sprintf("%.2f", ct),
      ratio(ct, bt), sprintf("%.1f", bm / 1024), sprintf("%.1f", cm / 1024), ratio(cm, bm)
    printf "checker-overhead: time %s, memory %s of clang -fsyntax-only (targets: <=%sx, <=%sx)\n",
      ratio(ct, bt), ratio(cm, bm), tt, mt
  }' "$TMP/results"
