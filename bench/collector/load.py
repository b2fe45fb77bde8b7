#!/usr/bin/env python3
"""The collector's load test (bench/collector-load.sh): N writer processes,
each an application with its own collector_sink and an in-flight window,
write for S seconds through trailguard-collector, which forwards its trail
to a store: PostgreSQL (a throwaway server; run under
tests/collector/postgres/with-postgres.sh) or Kafka (kafka-mock, a
librdkafka mock cluster, which keeps only the last 5 MB of a partition:
for short runs). Then trailguard-verify on the trail and a count in the
store: every acknowledged event exactly once, no event twice, and the
store holding the trail's lines."""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "collector", "core"))
from end_to_end import Collector, fail, read_lines, wait_for, wait_for_socket  # noqa: E402
from kafka_end_to_end import KafkaMock  # noqa: E402

REQUEST = re.compile(rb'"request_id":"([^"]*)"')


class Kafka:
    name = "Kafka (kafka-mock)"

    def __init__(self, bin_dir, work):
        self.mock = KafkaMock(os.path.join(bin_dir, "kafka-mock"))
        self.cursor = os.path.join(work, "state", "kafka.cursor")

    def config(self):
        return ("kafka:\n  brokers: \"%s\"\n  topic: audit\n  trail_id: load\n"
                % self.mock.bootstrap)

    def lines(self):
        """The stored lines, in trail order."""
        got = [l.encode() for l in self.mock.dump()]
        self.mock.quit()
        if got and json.loads(got[0])["seq"] != 1:
            fail("kafka-mock dropped the partition's first messages (it keeps 5 MB): "
                 "use --store postgres, fewer seconds or a longer --pause-us")
        return got


class Postgres:
    name = "PostgreSQL"

    def __init__(self, bin_dir, work):
        self.cursor = os.path.join(work, "state", "postgres.cursor")
        self.psql([], "-f", os.path.join(os.environ["TRAILGUARD_PG_SQL_DIR"], "schema.sql"))

    @staticmethod
    def psql(out, *argv):
        r = subprocess.run([os.path.join(os.environ["TRAILGUARD_PG_BIN"], "psql"), "-X", "-q",
                            "-A", "-t", "-v", "ON_ERROR_STOP=1"] + list(argv),
                           capture_output=True)
        if r.returncode != 0:
            fail("psql %r: %s" % (argv, r.stderr.decode(errors="replace")))
        out.extend(l for l in r.stdout.split(b"\n") if l)

    def config(self):
        return ("postgres:\n  conninfo: \"host=%s port=%s dbname=%s user=%s\"\n"
                "  trail_id: load\n" % (os.environ["PGHOST"], os.environ["PGPORT"],
                                         os.environ["PGDATABASE"], os.environ["PGUSER"]))

    def lines(self):
        """The stored lines, in trail order, as the file holds them."""
        out = []
        self.psql(out, "-c", "SELECT record || ',\"chain\":\"' || chain || '\",\"mac\":\"' || mac"
                  " || '\"}' FROM trailguard_events WHERE trail = 'load' ORDER BY seq")
        return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True, help="the build's bin directory")
    ap.add_argument("--schema", required=True)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--writers", type=int, default=64)
    ap.add_argument("--window", type=int, default=64)
    ap.add_argument("--pause-us", type=int, default=2000,
                    help="each writer's pause between events (0: as fast as it can)")
    ap.add_argument("--fsync", default="every_event", choices=("every_event", "never"))
    ap.add_argument("--store", default="postgres", choices=("postgres", "kafka"))
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args()
    exe = lambda name: os.path.join(args.bin, name)  # noqa: E731

    work = tempfile.mkdtemp(prefix="tg-collector-load-")
    sock = os.path.join(work, "c.sock")
    trail = os.path.join(work, "trail.jsonl")
    log = os.path.join(work, "collector.log")
    os.mkdir(os.path.join(work, "state"))
    store = (Postgres if args.store == "postgres" else Kafka)(args.bin, work)
    config = os.path.join(work, "collector.yaml")
    with open(config, "w") as f:
        f.write("socket: c.sock\nschemas: [%s]\nservice: collector-load\nstate_dir: state\n"
                "max_connections: %d\nmax_connections_per_uid: %d\n"
                "trail: {path: trail.jsonl, keys: keys, fsync: %s}\n"
                % (os.path.abspath(args.schema), args.writers + 8, args.writers + 8,
                   args.fsync) + store.config())
    collector = Collector(exe("trailguard-collector"), config, log)
    wait_for_socket(collector, sock, log)

    logs = [os.path.join(work, "writer-%d.log" % i) for i in range(args.writers)]
    stop_file = os.path.join(work, "stop-writers")
    started = time.monotonic()
    writers = [subprocess.Popen([exe("collector-test-writer"), sock, str(i), "0", logs[i],
                                 stop_file, str(args.window), str(args.pause_us)])
               for i in range(args.writers)]
    time.sleep(args.seconds)
    open(stop_file, "w").close()
    for w in writers:
        try:
            if w.wait(timeout=600) != 0:
                fail("a writer exited %d" % w.returncode)
        except subprocess.TimeoutExpired:
            fail("a writer did not finish")
    wrote = time.monotonic() - started

    # The forwarder catches up with the trail's last line.
    def last_seq():
        lines = read_lines(trail)
        return json.loads(lines[-1])["seq"] if lines else 0

    def cursor():
        try:
            with open(store.cursor) as f:
                return json.load(f)["seq"]
        except (OSError, ValueError):
            return 0
    target = last_seq()
    wait_for("the %s forwarder to reach seq %d" % (store.name, target), lambda: cursor() >= target,
             timeout=1800)
    forwarded = time.monotonic() - started
    os.kill(collector.proc.pid, signal.SIGUSR1)
    wait_for("the SIGUSR1 counters", lambda: "accepted=" in open(log).read())
    if collector.stop() != 0:
        fail("the collector did not exit cleanly:\n" + open(log).read()[-2000:])

    keys = os.path.join(work, "keys")
    r = subprocess.run([exe("trailguard-verify"), "--key", os.path.join(keys, "mac.key"),
                        "--pubkey", os.path.join(keys, "signing.pub.pem"), trail],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail("trailguard-verify: rc %d\n%s%s" % (r.returncode, r.stdout, r.stderr))

    trail_lines = read_lines(trail)
    topic = store.lines()
    # The collector's final checkpoint may not have been forwarded before
    # it stopped; everything before it was (the cursor said so).
    if len(topic) < target or topic != trail_lines[:len(topic)]:
        fail("%s holds %d lines, not the trail's first ones (%d, up to seq %d)"
             % (store.name, len(topic), len(trail_lines), target))
    in_topic = {}
    for line in topic:
        m = REQUEST.search(line)
        if m:
            in_topic[m.group(1)] = in_topic.get(m.group(1), 0) + 1
    twice = [k for k, n in in_topic.items() if n > 1]
    if twice:
        fail("%d events are in the store more than once, e.g. %r" % (len(twice), twice[:3]))

    acked = lost = failed = 0
    for i, path in enumerate(logs):
        lines = read_lines(path)
        if not lines or not lines[-1].startswith(b"done "):
            fail("writer %d did not finish" % i)
        sent = {l.split()[1] for l in lines if l.startswith(b"sent ")}
        gone = {l.split()[1] for l in lines if l.startswith(b"lost ")}
        tried = {l.split()[1] for l in lines if l.startswith(b"fail ")}
        for request in sent - gone:
            if in_topic.get(request) != 1:
                fail("writer %d: %s was acknowledged but is not in the store once"
                     % (i, request.decode()))
        acked += len(sent - gone)
        lost += len(gone)
        failed += len(tried)
    if acked == 0:
        fail("no event was acknowledged")
    counters = [l for l in open(log).read().splitlines() if "accepted=" in l][-1]
    print("ok: %d writers for %.0f s (window %d, pause %d us, fsync %s): %d events acknowledged "
          "(%.0f/s), each once in the trail and in %s; %d reported lost, %d failed; "
          "trail verified (%d lines); the store caught up %.1f s after the start"
          % (args.writers, args.seconds, args.window, args.pause_us, args.fsync, acked,
             acked / wrote, store.name, lost, failed, len(trail_lines), forwarded))
    print("   collector: " + counters.split(": ", 1)[-1])
    if not args.keep:
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
