#!/usr/bin/env bash
# Load test of the collector: 64 writer processes (each an application with
# its own collector_sink and a window of 64 events in flight) for 60 s
# through trailguard-collector forwarding to PostgreSQL (a throwaway
# server) or Kafka (kafka-mock; short runs only), then trailguard-verify on
# the trail and a count in the store: every acknowledged event exactly once
# (bench/collector/load.py).
#   BUILD=build bash bench/collector-load.sh [--seconds S] [--writers N] [--window W]
#       [--pause-us P] [--fsync every_event|never] [--store postgres|kafka] [--keep]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(cd "${BUILD:-$ROOT/build}" && pwd)"
tools=(trailguard-collector trailguard-verify collector-test-writer)
store=postgres
for arg in "$@"; do [[ "$arg" == kafka ]] && store=kafka; done
[[ $store == kafka ]] && tools+=(kafka-mock)
for tool in "${tools[@]}"; do
  [[ -x "$BUILD/bin/$tool" ]] || { echo "collector-load.sh: $BUILD/bin/$tool not built" >&2; exit 2; }
done
run=(python3 "$ROOT/bench/collector/load.py" --bin "$BUILD/bin"
  --schema "$ROOT/tests/codegen/Inputs/shop.yaml" "$@")
if [[ $store == postgres ]]; then
  # The server runs as its own user when this runs as root.
  exec bash "$ROOT/tests/collector/postgres/with-postgres.sh" "${run[@]}"
fi
exec "${run[@]}"
