#!/usr/bin/env python3
"""The collector forwarding to PostgreSQL (run under
tests/collector/postgres/with-postgres.sh, which provides a throwaway
server): every sealed line reaches the table byte for byte, while the
database is down nothing is lost, and after a restart of the collector
nothing is stored twice."""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from end_to_end import fail, forward_through_outage, read_lines, script_args  # noqa: E402


def psql(sql):
    r = subprocess.run([os.path.join(os.environ["TRAILGUARD_PG_BIN"], "psql"), "-X", "-q", "-A",
                        "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                       capture_output=True, text=True)
    return r.returncode, r.stdout


def main():
    args = script_args().parse_args()

    sql_dir = os.environ["TRAILGUARD_PG_SQL_DIR"]
    for script in ("schema.sql", "verify.sql"):
        r = subprocess.run([os.path.join(os.environ["TRAILGUARD_PG_BIN"], "psql"), "-X", "-q",
                            "-v", "ON_ERROR_STOP=1", "-f", os.path.join(sql_dir, script)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail("psql -f %s: %s" % (script, r.stderr))

    work = tempfile.mkdtemp(prefix="tg-collector-pg-")
    sock = os.path.join(work, "c.sock")
    trail = os.path.join(work, "trail.jsonl")
    log = os.path.join(work, "collector.log")
    config = os.path.join(work, "collector.yaml")
    conninfo = "host=%s port=%s dbname=%s user=%s" % (
        os.environ["PGHOST"], os.environ["PGPORT"], os.environ["PGDATABASE"], os.environ["PGUSER"])
    with open(config, "w") as f:
        f.write("socket: c.sock\nschemas: [%s]\nstate_dir: state\n"
                "trail: {path: trail.jsonl, keys: keys, checkpoint_every: 20}\n"
                "postgres:\n  conninfo: \"%s\"\n  trail_id: e2e\n  batch_rows: 7\n"
                % (os.path.abspath(args.schema), conninfo))
    os.mkdir(os.path.join(work, "state"))

    def stored():
        rc, out = psql("SELECT trailguard_export_lines('e2e')")
        return out.splitlines() if rc == 0 else None

    def forwarded_all():
        lines = [l.decode() for l in read_lines(trail)]
        got = stored()
        if got is None:
            return False
        if got != lines[:len(got)]:
            fail("the table differs from the trail:\n%r\n%r" % (got[:2], lines[:2]))
        return len(got) == len(lines) and len(lines) > 0

    pg_ctl = os.environ["TRAILGUARD_PG_CTL"]
    forward_through_outage(
        args, config, log, sock, work, "PostgreSQL",
        lambda: subprocess.run([pg_ctl, "stop"], check=True, stdout=subprocess.DEVNULL),
        lambda: subprocess.run([pg_ctl, "start"], check=True, stdout=subprocess.DEVNULL),
        forwarded_all)
    rc, out = psql("SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM "
                   "trailguard_events WHERE trail = 'e2e'")
    count, distinct, low, high = (int(x) for x in out.strip().split("|"))
    if not (count == distinct == high and low == 1):
        fail("rows %d, distinct seqs %d, seq %d..%d" % (count, distinct, low, high))
    print("ok: %d trail lines stored in PostgreSQL across a database outage and a restart"
          % count)


if __name__ == "__main__":
    main()
