#!/usr/bin/env bash
# Events per second from N concurrent writers through trailguard-collector,
# against a direct sealed file sink measured in the same run, then with the
# collector forwarding to Kafka (librdkafka's built-in mock cluster) and to
# PostgreSQL (a throwaway server, the newest major installed): until the store acknowledged the
# last line.
#   BUILD=build bash bench/collector.sh [--writers N] [--events M] [--fsync every_event|never]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(cd "${BUILD:-$ROOT/build}" && pwd)"
exe="$BUILD/bin/collector-bench"
[[ -x "$exe" && -x "$BUILD/bin/trailguard-collector" ]] ||
  { echo "collector.sh: $exe or trailguard-collector not built" >&2; exit 2; }
args=(--collector "$BUILD/bin/trailguard-collector" --schema "$ROOT/bench/runtime/events.yaml" "$@")
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

echo "== forwarding to PostgreSQL (a throwaway local server)"
export TRAILGUARD_BENCH_EXE="$exe" TRAILGUARD_BENCH_WORK="$work"
bash "$ROOT/tests/collector/postgres/with-postgres.sh" bash -c '
  set -euo pipefail
  "$TRAILGUARD_PG_BIN/postgres" --version
  psql() { "$TRAILGUARD_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
  psql -f "$TRAILGUARD_PG_SQL_DIR/schema.sql" >/dev/null
  printf "postgres:\n  conninfo: \"host=%s port=%s dbname=%s user=%s\"\n  trail_id: bench\n" \
    "$PGHOST" "$PGPORT" "$PGDATABASE" "$PGUSER" >"$TRAILGUARD_BENCH_WORK/pg.yaml"
  "$TRAILGUARD_BENCH_EXE" "$@" --dir "$TRAILGUARD_BENCH_WORK/pg" --extra-config "$TRAILGUARD_BENCH_WORK/pg.yaml"
' bench "${args[@]}" || { status=$?; [[ $status -eq 77 ]] && echo "(no PostgreSQL server is installed: skipped; ./dev deps --test installs one)" || exit $status; }
