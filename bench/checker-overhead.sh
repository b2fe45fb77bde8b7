#!/usr/bin/env bash
# Measures the wall time and peak RSS of trailguard-check against clang++ -fsyntax-only, per file on this project's checker sources or over a whole compile database.
#
# Per file (default): each TU of build/compile_commands.json under checker/ and examples/.
#   BUILD=build bash bench/checker-overhead.sh [--runs N] [--filter REGEX]
# Whole program: one cold 'trailguard-check -p DIR -j 1' over every TU of DIR/compile_commands.json
# (a real project's) against the same TUs' 'clang++ -fsyntax-only', one after another, with the
# same flags. Prints the total time ratio and the checker's peak RSS against the largest TU's,
# the warm rerun, the rerun after editing one file against that file's -fsyntax-only, and
# whether two shards merged give the unsharded run's SARIF.
#   bash bench/checker-overhead.sh --whole-program ~/src/znc/build [--runs 3] [--filter '/src/']
#       [--check-arg=--infer-sensitive-names] [--touch FILE] [--no-shard-check]
# To time the two sides with another whole-process timer, the baseline alone is
#   bash bench/checker-overhead.sh --whole-program DIR --syntax-only-pass
# and the checker side is 'build/bin/trailguard-check -p DIR -j 1' (plus the files --filter keeps).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD:-$ROOT/build}"
RUNS=3
FILTER=""
WHOLE=""
PASS_ONLY=0
TOUCH=""
SHARD_CHECK=1
CHECK_ARGS=()
TIME_TARGET=1.15
MEM_TARGET=1.20

usage() {
  cat <<USAGE
usage: BUILD=DIR bash bench/checker-overhead.sh [--runs N] [--filter REGEX]
       BUILD=DIR bash bench/checker-overhead.sh --whole-program DB_DIR [--runs N] [--filter REGEX]
                                                 [--check-arg ARG]... [--syntax-only-pass]
                                                 [--touch FILE] [--no-shard-check]

Runs, for each translation unit of \$BUILD/compile_commands.json under checker/ and examples/,
its compile command as 'clang++ -fsyntax-only' and 'trailguard-check -p \$BUILD FILE',
alternately N times; prints the median wall time, the peak RSS and their ratios.

With --whole-program, runs 'trailguard-check -p DB_DIR -j 1' cold (a new summary directory) over
every translation unit of DB_DIR/compile_commands.json and, alternately, every one of those compile
commands as 'clang++ -fsyntax-only', one after another; prints the median total times and their
ratio, and the checker's peak RSS against the peak RSS of the largest translation unit's
-fsyntax-only. Then it times the warm rerun (nothing changed), the rerun after appending a
comment to one file (restored afterwards) against that file's -fsyntax-only, and compares the
SARIF of two shards merged with the unsharded run's.

  --runs N          runs per translation unit and tool (default: $RUNS)
  --filter REGEX    only the files whose repo-relative path (whole program: absolute path)
                    matches REGEX (Python syntax)
  --whole-program DB_DIR  the whole-program mode, over DB_DIR/compile_commands.json
  --check-arg ARG   (whole program) one more argument for trailguard-check, e.g.
                    --check-arg=--infer-sensitive-names; repeatable
  --syntax-only-pass  (whole program) only run the -fsyntax-only side once, unmeasured, so
                    that another whole-process timer can time it
  --touch FILE      (whole program) the file to edit for the one-edited-file rerun (default:
                    the largest selected source file)
  --no-shard-check  (whole program) skip the sharded-vs-unsharded comparison (two more cold
                    half runs)
  BUILD             trailguard's build directory, for bin/trailguard-check (default: <repo>/build)

Exit status: 0 if every run worked (the ratios never fail it), 2 otherwise (also when the
merged shards' SARIF differs from the unsharded run's).
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
    --whole-program) [[ $# -ge 2 ]] || die "--whole-program needs a directory"; WHOLE="$2"; shift 2 ;;
    --whole-program=*) WHOLE="${1#*=}"; shift ;;
    --check-arg) [[ $# -ge 2 ]] || die "--check-arg needs a value"; CHECK_ARGS+=("$2"); shift 2 ;;
    --check-arg=*) CHECK_ARGS+=("${1#*=}"); shift ;;
    --syntax-only-pass) PASS_ONLY=1; shift ;;
    --touch) [[ $# -ge 2 ]] || die "--touch needs a file"; TOUCH="$2"; shift 2 ;;
    --touch=*) TOUCH="${1#*=}"; shift ;;
    --no-shard-check) SHARD_CHECK=0; shift ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got '$RUNS'"
if [[ -z "$WHOLE" ]] && ((PASS_ONLY || ${#CHECK_ARGS[@]})); then
  die "--syntax-only-pass and --check-arg need --whole-program"
fi

[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) not found; install the Debian package 'time'"
[[ -d "$BUILD" ]] || die "build directory not found: $BUILD (run ./dev build)"
BUILD="$(cd "$BUILD" && pwd)"
DB="$BUILD/compile_commands.json"
CHECK="$BUILD/bin/trailguard-check"
if [[ -n "$WHOLE" ]]; then
  [[ -d "$WHOLE" ]] || die "--whole-program: directory not found: $WHOLE"
  WHOLE="$(cd "$WHOLE" && pwd)"
  DB="$WHOLE/compile_commands.json"
fi
[[ -f "$DB" ]] || die "no compilation database: $DB"
[[ -x "$CHECK" ]] || die "no checker binary: $CHECK (run ./dev build)"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Select the TUs; for each, write the baseline argv (NUL-separated) to $TMP/argv.I
# and print "DIRECTORY<TAB>REPO-RELATIVE FILE<TAB>ABSOLUTE FILE".
python3 - "$DB" "$ROOT" "$FILTER" "$TMP" "$WHOLE" >"$TMP/tus" <<'PY' || exit 2
import json, os, re, shlex, sys
db, root, pattern, tmp, whole = sys.argv[1:]
try:
    rx = re.compile(pattern)
except re.error as e:
    sys.exit(f"checker-overhead: error: bad --filter regex: {e}")
# The checker's own sources (heavy Clang headers, no annotations) and the
# annotated example service (spdlog, fmt, real leaks to follow).
dirs = [os.path.join(os.path.realpath(root), d) + os.sep for d in ("checker", "examples")]
seen = set()
try:
    entries = json.load(open(db))
except (OSError, ValueError) as e:
    sys.exit(f"checker-overhead: error: cannot read {db}: {e}")
for e in entries:
    path = os.path.realpath(os.path.join(e["directory"], e["file"]))
    rel = path if whole else os.path.relpath(path, root)
    if not whole and not any(path.startswith(d) for d in dirs):
        continue
    if not rx.search(rel):
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
if [[ -n "$WHOLE" ]]; then
  [[ -s "$TMP/tus" ]] || die "no translation units in $DB${FILTER:+ matching --filter $FILTER}"
else
  [[ -s "$TMP/tus" ]] || die "no translation units under $ROOT/checker/ or examples/ in $DB${FILTER:+ matching --filter $FILTER}"
fi

# syntax_pass: every selected TU's -fsyntax-only, one after another; a failing
# one is fatal, since the totals would not compare the same work.
syntax_pass() {
  local i=0 dir rel file status
  while IFS=$'\t' read -r dir rel file; do
    i=$((i + 1))
    mapfile -d '' -t argv <"$TMP/argv.$i"
    status=0
    (cd "$dir" && "${argv[@]}") </dev/null >"$TMP/pass.log" 2>&1 || status=$?
    if ((status)); then
      cat "$TMP/pass.log" >&2
      die "exit status $status from clang -fsyntax-only on $rel"
    fi
  done <"$TMP/tus"
}

if [[ -n "$WHOLE" ]] && ((PASS_ONLY)); then
  syntax_pass
  exit 0
fi

# measure OUT DIR OK_STATUSES CMD...: runs CMD in DIR under GNU time and
# appends "SECONDS KIB CPU-SECONDS" to $TMP/OUT; any exit status outside
# OK_STATUSES is fatal. CPU time (user+sys) is steadier than wall time on a
# busy machine, so both are reported.
measure() {
  local out="$1" dir="$2" ok="$3"; shift 3
  local status=0
  (cd "$dir" && /usr/bin/time -f '%e %M %U %S' -o "$TMP/time" "$@") </dev/null >"$TMP/log" 2>&1 || status=$?
  if [[ " $ok " != *" $status "* ]]; then
    cat "$TMP/log" >&2
    die "exit status $status from: (cd ${dir@Q} &&$(printf ' %q' "$@"))"
  fi
  # GNU time writes "Command exited with non-zero status N" before the format line.
  tail -n 1 "$TMP/time" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$TMP/$out"
}

# stats FILE: prints "MEDIAN-SECONDS MAX-KIB MEDIAN-CPU" of the measurements in FILE.
stats() {
  local wall cpu
  wall=$(sort -g -k1,1 "$1" | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
    END { printf "%.2f %d", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2, m }')
  cpu=$(sort -g -k3,3 "$1" | awk '{ t[NR] = $3 }
    END { printf "%.2f", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
  printf '%s %s\n' "$wall" "$cpu"
}

if [[ -n "$WHOLE" ]]; then
  # The checker gets the file list only when --filter narrowed it: without
  # one it reads the database itself, as users run it.
  files=()
  [[ -n "$FILTER" ]] && mapfile -t files < <(cut -f3 "$TMP/tus")
  # The baseline runs as a child of this script under GNU time, so its peak
  # RSS is that of the largest single clang process of the pass.
  export -f syntax_pass die
  export TMP
  : >"$TMP/base"; : >"$TMP/check"
  # Each checker run starts from an empty summary directory: a cold run,
  # which also pays for writing the summaries a later run reuses.
  for ((r = 0; r < RUNS; r++)); do
    measure base "$ROOT" "0" bash -c 'set -euo pipefail; syntax_pass'
    rm -rf "$TMP/sum"
    measure check "$WHOLE" "0 1" "$CHECK" -p "$WHOLE" -j 1 --no-progress --summary-dir "$TMP/sum" \
      "${CHECK_ARGS[@]}" "${files[@]}"
  done
  read -r bwall bkib bcpu < <(stats "$TMP/base" | awk '{ print $1, $2, $3 }')
  read -r cwall ckib ccpu < <(stats "$TMP/check" | awk '{ print $1, $2, $3 }')

  # Warm: the summaries of the last cold run, nothing changed; then one file
  # changed (the TU whose -fsyntax-only took longest, or --touch FILE),
  # against that TU's own -fsyntax-only. The file gets a comment line
  # appended and is restored byte for byte afterwards.
  : >"$TMP/warm"; : >"$TMP/touched"; : >"$TMP/one"
  for ((r = 0; r < RUNS; r++)); do
    measure warm "$WHOLE" "0 1" "$CHECK" -p "$WHOLE" -j 1 --no-progress --summary-dir "$TMP/sum" \
      "${CHECK_ARGS[@]}" "${files[@]}"
  done
  if [[ -z "$TOUCH" ]]; then
    # The longest TU by a single timed -fsyntax-only of each would cost a
    # third pass; the largest preprocessed input is a close, cheap proxy.
    TOUCH=$(python3 - "$TMP" <<'PY'
import os, sys
tmp = sys.argv[1]
best, best_size = "", -1
for i, line in enumerate(open(os.path.join(tmp, "tus")), 1):
    d, rel, path = line.rstrip("\n").split("\t")
    size = os.path.getsize(path)
    if size > best_size:
        best, best_size = path, size
print(best)
PY
)
  fi
  TOUCH="$(realpath "$TOUCH")"
  ti=$(awk -F'\t' -v f="$TOUCH" '$3 == f { print NR; exit }' "$TMP/tus")
  [[ -n "$ti" ]] || die "--touch: $TOUCH is not one of the selected translation units"
  tdir=$(sed -n "${ti}p" "$TMP/tus" | cut -f1)
  mapfile -d '' -t targv <"$TMP/argv.$ti"
  cp -p "$TOUCH" "$TMP/touch.orig"
  trap 'cp -p "$TMP/touch.orig" "$TOUCH"; rm -rf "$TMP"' EXIT
  for ((r = 0; r < RUNS; r++)); do
    printf '\n// checker-overhead: edit %d\n' "$r" >>"$TOUCH"
    measure touched "$WHOLE" "0 1" "$CHECK" -p "$WHOLE" -j 1 --no-progress --summary-dir "$TMP/sum" \
      "${CHECK_ARGS[@]}" "${files[@]}"
    cp -p "$TMP/touch.orig" "$TOUCH"
    measure one "$tdir" "0" "${targv[@]}"
  done
  # Leave the cache as it was before the edits, for the shard check below.
  # Not a warm run: the restored file is parsed again (its own figures,
  # unreported, so that they do not count as a warm run's).
  measure restore "$WHOLE" "0 1" "$CHECK" -p "$WHOLE" -j 1 --no-progress --summary-dir "$TMP/sum" \
    "${CHECK_ARGS[@]}" "${files[@]}"
  read -r wwall wkib wcpu < <(stats "$TMP/warm" | awk '{ print $1, $2, $3 }')
  read -r twall tkib tcpu < <(stats "$TMP/touched" | awk '{ print $1, $2, $3 }')
  read -r owall okib ocpu < <(stats "$TMP/one" | awk '{ print $1, $2, $3 }')

  # Sharded and merged against unsharded: the same SARIF, byte for byte.
  # Both reuse nothing: the shards write a new directory each.
  shard_status="skipped (--no-shard-check)"
  if ((SHARD_CHECK)); then
    (cd "$WHOLE" && "$CHECK" -p "$WHOLE" --no-progress --summary-dir "$TMP/sum" --format sarif \
      -o "$TMP/whole.sarif" "${CHECK_ARGS[@]}" "${files[@]}") </dev/null >/dev/null 2>&1 || true
    for s in 1 2; do
      (cd "$WHOLE" && "$CHECK" -p "$WHOLE" --no-progress --shard "$s/2" --summary-dir "$TMP/shard$s" \
        "${CHECK_ARGS[@]}" "${files[@]}") </dev/null >/dev/null 2>"$TMP/shard.log" ||
        { cat "$TMP/shard.log" >&2; die "shard $s/2 failed"; }
    done
    (cd "$WHOLE" && "$CHECK" --merge "$TMP/shard1" --merge "$TMP/shard2" --format sarif \
      -o "$TMP/merged.sarif") </dev/null >/dev/null 2>"$TMP/shard.log" || true
    [[ -s "$TMP/merged.sarif" ]] || { cat "$TMP/shard.log" >&2; die "--merge wrote no SARIF"; }
    if cmp -s "$TMP/whole.sarif" "$TMP/merged.sarif"; then
      shard_status="identical SARIF"
    else
      diff "$TMP/whole.sarif" "$TMP/merged.sarif" | head -20 >&2
      shard_status="DIFFERENT SARIF"
      shard_failed=2
    fi
  fi

  awk -v n="$(wc -l <"$TMP/tus")" -v runs="$RUNS" -v bw="$bwall" -v bk="$bkib" -v bc="$bcpu" \
      -v cw="$cwall" -v ck="$ckib" -v cc="$ccpu" -v db="$DB" \
      -v ww="$wwall" -v wk="$wkib" -v wc="$wcpu" -v tw="$twall" -v tk="$tkib" -v tc="$tcpu" \
      -v ow="$owall" -v ok="$okib" -v oc="$ocpu" -v touched="$TOUCH" -v shard="$shard_status" \
      -v tt="$TIME_TARGET" -v mt="$MEM_TARGET" '
    function ratio(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "n/a" }
    BEGIN {
      printf "checker-overhead: whole program, %d translation unit(s) of %s, median of %d run(s)\n", n, db, runs
      printf "%-34s %10s %10s %12s\n", "", "wall s", "cpu s", "peak MiB"
      printf "%-34s %10.2f %10.2f %12.1f\n", "clang -fsyntax-only (each)", bw, bc, bk / 1024
      printf "%-34s %10.2f %10.2f %12.1f\n", "trailguard-check -j 1, cold", cw, cc, ck / 1024
      printf "%-34s %10.2f %10.2f %12.1f\n", "trailguard-check -j 1, warm", ww, wc, wk / 1024
      printf "%-34s %10.2f %10.2f %12.1f\n", "trailguard-check -j 1, one edited", tw, tc, tk / 1024
      printf "%-34s %10.2f %10.2f %12.1f\n", "clang -fsyntax-only, that file", ow, oc, ok / 1024
      printf "checker-overhead: cold: wall %s, cpu %s of the -fsyntax-only pass (target <=%sx); peak RSS %s of the largest TU\x27s -fsyntax-only (target <=%sx)\n",
        ratio(cw, bw), ratio(cc, bc), tt, ratio(ck, bk), mt
      printf "checker-overhead: one edited file (%s): %+.2f s wall, %+.2f s cpu over its -fsyntax-only (target < +1 s)\n",
        touched, tw - ow, tc - oc
      printf "checker-overhead: sharded 2 ways and merged vs unsharded: %s\n", shard
    }'
  exit "${shard_failed:-0}"
fi

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
    fmt = "%-36s %9s %9s %7s %9s %9s %7s %9s %9s %7s\n"
    printf "checker-overhead: median of %d run(s) per tool, peak RSS over all runs\n", runs
    printf fmt, "file", "syntax s", "check s", "wall", "syn cpu", "chk cpu", "cpu",
      "syn MiB", "chk MiB", "memory"
  }
  {
    # $2 wall, $3 KiB, $4 cpu of the baseline; $5, $6, $7 of the checker.
    bt += $2; ct += $5; bc += $4; cc += $7
    if ($3 > bm) bm = $3
    if ($6 > cm) cm = $6
    printf fmt, $1, sprintf("%.2f", $2), sprintf("%.2f", $5), ratio($5, $2),
      sprintf("%.2f", $4), sprintf("%.2f", $7), ratio($7, $4),
      sprintf("%.1f", $3 / 1024), sprintf("%.1f", $6 / 1024), ratio($6, $3)
  }
  END {
    printf fmt, "TOTAL (sums; memory: max)", sprintf("%.2f", bt), sprintf("%.2f", ct),
      ratio(ct, bt), sprintf("%.2f", bc), sprintf("%.2f", cc), ratio(cc, bc),
      sprintf("%.1f", bm / 1024), sprintf("%.1f", cm / 1024), ratio(cm, bm)
    printf "checker-overhead: wall %s, cpu %s, memory %s of clang -fsyntax-only (targets: <=%sx time, <=%sx memory)\n",
      ratio(ct, bt), ratio(cc, bc), ratio(cm, bm), tt, mt
  }' "$TMP/results"
