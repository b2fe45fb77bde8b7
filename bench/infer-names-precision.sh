#!/bin/sh
# Precision of --infer-sensitive-names: runs the name heuristics over the
# identifiers of real headers (none of which hold credentials, so nearly every
# hit is a false positive to review) and prints the hits and their count.
# Usage: bench/infer-names-precision.sh [BUILD_DIR] [HEADER_DIR...]
# (default: build, and the spdlog, fmt, glog and libstdc++ headers).
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- /usr/include/spdlog /usr/include/fmt /usr/include/glog \
  /usr/include/c++/*
probe=$build/bin/infer-names-probe
[ -x "$probe" ] || { echo "build $probe first: ninja -C $build infer-names-probe" >&2; exit 2; }
ids=$(mktemp)
trap 'rm -f "$ids"' EXIT
find "$@" -type f 2>/dev/null | xargs grep -ohE '\b[A-Za-z_][A-Za-z0-9_]*\b' 2>/dev/null |
  sort -u >"$ids"
hits=$("$probe" <"$ids")
[ -n "$hits" ] && printf '%s\n' "$hits"
printf 'identifiers: %s, inferred: %s (sensitive %s, restricted %s)\n' \
  "$(wc -l <"$ids")" "$(printf '%s' "$hits" | grep -c . || true)" \
  "$(printf '%s\n' "$hits" | grep -c '^sensitive' || true)" \
  "$(printf '%s\n' "$hits" | grep -c '^restricted' || true)"
