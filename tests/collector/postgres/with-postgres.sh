#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server, then stops and removes the server.
#
# usage: with-postgres.sh CMD [ARG...]
#
# Starts PostgreSQL (the newest major installed) in a fresh temporary directory, listening
# only on a Unix socket in that directory (no TCP), runs CMD with these
# variables exported, and always stops the server and removes the directory,
# whatever CMD does. The exit code is CMD's.
#
#   PGHOST PGPORT PGUSER PGDATABASE  the server; PGUSER is a superuser, trust
#                                    authentication (libpq and psql need no flags)
#   TRAILGUARD_PG_SQL_DIR  collector/postgres: schema.sql and verify.sql
#   TRAILGUARD_PG_BIN      the server's bin directory (psql, pg_isready, ...)
#   TRAILGUARD_PG_CTL      "$TRAILGUARD_PG_CTL stop" / "start" / "restart" stop
#                          and start this server (waiting until done), so that
#                          tests can take the database away mid-run
#   TRAILGUARD_PG_LOG      the server log
#
# Examples (a test, an end-to-end script, ./dev demo):
#   tests/collector/postgres/with-postgres.sh ./postgres-forwarder-test
#   tests/collector/postgres/with-postgres.sh sh -c \
#     'psql -q -f "$TRAILGUARD_PG_SQL_DIR/schema.sql" && ./my-e2e'
#
# PostgreSQL refuses to run as root: as root the server runs as the
# `postgres` system user and owns the directory; otherwise as the current
# user. When the server binaries are missing it says so and exits 77 (CTest:
# SKIP_RETURN_CODE 77). TRAILGUARD_PG_BINDIR overrides where they are looked
# for (default: the newest /usr/lib/postgresql/NN/bin that has initdb, as
# Debian and Ubuntu install whichever major they ship).
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: with-postgres.sh CMD [ARG...]" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sql_dir="$(cd "$here/../../../collector/postgres" && pwd)"

bindir="${TRAILGUARD_PG_BINDIR:-}"
if [[ -z "$bindir" ]]; then
  bindir=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  bindir="${bindir%/initdb}"
fi
for tool in initdb pg_ctl postgres; do
  if [[ ! -x "$bindir/$tool" ]]; then
    echo "with-postgres.sh: skipped: no PostgreSQL server at $bindir ($tool is missing);" \
      "install the distribution's postgresql-NN (./dev deps --test) or set TRAILGUARD_PG_BINDIR" >&2
    exit 77
  fi
done

as_server=()
if [[ "$(id -u)" == 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with-postgres.sh: skipped: running as root, and PostgreSQL refuses root," \
      "but there is no 'postgres' system user to run it as" >&2
    exit 77
  fi
  as_server=(runuser -u postgres --)
fi

# /tmp rather than a long TMPDIR: a socket path must fit in 107 bytes.
tmp="$(mktemp -d /tmp/trailguard-pg.XXXXXX)"
# Reachable (not writable) by others, so a test that drops privileges can
# still use the socket; the data directory itself stays 0700.
chmod 755 "$tmp"
if [[ ${#as_server[@]} -gt 0 ]]; then chown postgres: "$tmp"; fi

server() { (cd "$tmp" && "${as_server[@]}" "$@"); }

cleanup() {
  local rc=$?
  if [[ -f "$tmp/data/postmaster.pid" ]]; then
    server "$bindir/pg_ctl" stop -D "$tmp/data" -m immediate -w -t 60 -s >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! server "$bindir/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C \
  --no-sync >"$tmp/initdb.log" 2>&1; then
  echo "with-postgres.sh: initdb failed:" >&2
  cat "$tmp/initdb.log" >&2
  exit 1
fi
# Settings go into the configuration, not the command line, so that a
# restart through TRAILGUARD_PG_CTL comes back the same. fsync is off: the
# server is thrown away, and durability across a crash is not under test.
cat >>"$tmp/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$tmp'
port = 5432
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
CONF

# The control script the tests call; quoted with printf %q so that odd
# paths survive.
{
  echo '#!/usr/bin/env bash'
  echo '# Controls the with-postgres.sh server: start | stop | restart | status.'
  echo 'set -euo pipefail'
  echo 'cmd="${1:?usage: pg_ctl start|stop|restart|status}"; shift'
  printf 'cd %q\n' "$tmp"
  printf 'case "$cmd" in start|restart) set -- -l %q "$@" ;; esac\n' "$tmp/server.log"
  prefix=""
  if [[ ${#as_server[@]} -gt 0 ]]; then prefix="$(printf '%q ' "${as_server[@]}")"; fi
  printf 'exec %s%q "$cmd" -D %q -w -t 120 -s "$@"\n' "$prefix" "$bindir/pg_ctl" "$tmp/data"
} >"$tmp/pg_ctl"
chmod 755 "$tmp/pg_ctl"

if ! "$tmp/pg_ctl" start >/dev/null; then
  echo "with-postgres.sh: the server did not start:" >&2
  cat "$tmp/server.log" >&2 || true
  exit 1
fi

unset PGHOSTADDR PGSERVICE PGSERVICEFILE PGPASSWORD PGPASSFILE PGOPTIONS PGSSLMODE
export PGHOST="$tmp" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
export TRAILGUARD_PG_SQL_DIR="$sql_dir" TRAILGUARD_PG_BIN="$bindir"
export TRAILGUARD_PG_CTL="$tmp/pg_ctl" TRAILGUARD_PG_LOG="$tmp/server.log"

set +e
"$@"
rc=$?
set -e
exit "$rc"
