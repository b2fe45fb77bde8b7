#!/usr/bin/env bash
# Events per second from N concurrent writers through trailguard-collector,
# against a direct sealed file sink measured in the same run, then with the
# collector forwarding to Kafka (librdkafka's built-in mock cluster) and to
# PostgreSQL (a throwaway server, the newest major installed): until the store acknowledged the
# last line. With --forward-events K, each forwarder also runs alone on a
# trail of K events written beforehand (forward-bench), so that its own rate
# shows whatever the collector in front of it does.
#   BUILD=build bash bench/collector.sh [--writers N] [--events M] [--fsync every_event|never]
#                                       [--forward-events K]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(cd "${BUILD:-$ROOT/build}" && pwd)"
exe="$BUILD/bin/collector-bench"
[[ -x "$exe" && -x "$BUILD/bin/trailguard-collector" ]] ||
  { echo "collector.sh: $exe or trailguard-collector not built" >&2; exit 2; }
forward_events=0
passed=()
while [[ $# -gt 0 ]]; do
  if [[ "$1" == "--forward-events" ]]; then forward_events="$2"; shift 2; else passed+=("$1"); shift; fi
done
forward="$BUILD/bin/forward-bench"
if [[ "$forward_events" -gt 0 && ! -x "$forward" ]]; then
  echo "collector.sh: --forward-events needs $forward (Kafka and PostgreSQL forwarders built)" >&2
  exit 2
fi
args=(--collector "$BUILD/bin/trailguard-collector" --schema "$ROOT/bench/runtime/events.yaml" "${passed[@]}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"  # the PostgreSQL server runs as its own user

echo "== the trail only"
"$exe" "${args[@]}" --dir "$work/plain"

echo "== forwarding to Kafka (librdkafka's mock cluster, 3 brokers, inside the collector)"
cat >"$work/kafka.yaml" <<YAML
kafka:
  brokers: mock
  topic: bench-audit
  trail_id: bench
  properties:
    test.mock.num.brokers: "3"
YAML
"$exe" "${args[@]}" --dir "$work/kafka" --extra-config "$work/kafka.yaml"
if [[ "$forward_events" -gt 0 ]]; then
  "$forward" --dir "$work/kafka-alone" --store kafka --events "$forward_events"
fi

echo "== forwarding to PostgreSQL (a throwaway local server)"
export TRAILGUARD_BENCH_EXE="$exe" TRAILGUARD_BENCH_WORK="$work"
export TRAILGUARD_BENCH_FORWARD="$forward" TRAILGUARD_BENCH_FORWARD_EVENTS="$forward_events"
bash "$ROOT/tests/collector/postgres/with-postgres.sh" bash -c '
  set -euo pipefail
  "$TRAILGUARD_PG_BIN/postgres" --version
  psql() { "$TRAILGUARD_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
  psql -f "$TRAILGUARD_PG_SQL_DIR/schema.sql" >/dev/null
  printf "postgres:\n  conninfo: \"host=%s port=%s dbname=%s user=%s\"\n  trail_id: bench\n" \
    "$PGHOST" "$PGPORT" "$PGDATABASE" "$PGUSER" >"$TRAILGUARD_BENCH_WORK/pg.yaml"
  "$TRAILGUARD_BENCH_EXE" "$@" --dir "$TRAILGUARD_BENCH_WORK/pg" --extra-config "$TRAILGUARD_BENCH_WORK/pg.yaml"
  if [[ "$TRAILGUARD_BENCH_FORWARD_EVENTS" -gt 0 ]]; then
    "$TRAILGUARD_BENCH_FORWARD" --dir "$TRAILGUARD_BENCH_WORK/pg-alone" --store postgres \
      --events "$TRAILGUARD_BENCH_FORWARD_EVENTS"
  fi
' bench "${args[@]}" || { status=$?; [[ $status -eq 77 ]] && echo "(no PostgreSQL server is installed: skipped; ./dev deps --test installs one)" || exit $status; }
