#!/usr/bin/env python3
"""End to end: the real trailguard-collector, several writer processes at
once, a hostile sender, and two restarts of the collector mid-stream (after
SIGTERM and after SIGKILL). Checks that every accepted event is in the
trail once, with its writer's real pid and uid, that refusals are counted,
and that the trail verifies as one chain with no sequence number sealed
twice."""

import argparse
import glob
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

# Seconds for any one condition: the machine may be slow.
TIMEOUT = int(os.environ.get("TRAILGUARD_E2E_TIMEOUT", "300"))


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def wait_for(what, condition, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    fail("timed out waiting for " + what)


def read_lines(path):
    try:
        with open(path, "rb") as f:
            return [l for l in f.read().split(b"\n") if l]
    except FileNotFoundError:
        return []


# A valid line of authn.login_success as an application writes it; %d is
# the request id's number.
GOOD_LINE = ('{"seq":1,"time":"2026-11-27T03:37:37.123456Z","service":"shop",'
             '"event":"authn.login_success","version":"1.0","schema":"e8edb1bb1902b5ac",'
             '"outcome":"success","context":{"actor":"mallory","actor_type":"user",'
             '"session":"s","source_address":"198.51.100.1","request_id":"hostile-%d"},'
             '"fields":{"user_id":"mallory","method":"password"}}')


class Collector:
    def __init__(self, binary, config, log, **popen):
        self.log = open(log, "ab")
        self.proc = subprocess.Popen([binary, "--config", config], stderr=self.log, **popen)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("the collector did not stop on SIGTERM")
        self.log.close()
        return rc


def hostile(sock_path, max_line):
    """Sends refused lines between valid ones on one connection; returns the
    replies, one per line sent."""
    good = GOOD_LINE
    lines = [
        (good % 1).encode(),
        b"garbage",
        (good % 2).replace('"fields"',
                           '"origin":{"pid":1,"uid":0,"gid":0,"exe":"/sbin/init"},"fields"')
        .encode(),
        b'{"seq":1,"time":"' + b"x" * (max_line + 10) + b'"}',
        (good % 3).replace("mallory", "mal\xe2\x80\xaeory").encode("latin-1"),  # raw bidi
        (good % 4).encode().replace(b"mallory", b"mal\xffory"),  # invalid UTF-8
        (good % 5).replace('"method":"password"', '"method":"password","admin":true').encode(),
        (good % 6).encode(),
    ]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(TIMEOUT)
    s.connect(sock_path)
    f = s.makefile("rwb")
    replies = []
    for line in lines:
        f.write(line + b"\n")
        f.flush()
        replies.append(f.readline().decode().rstrip("\n"))
    s.close()
    return replies


def write_events(writer, sock, work, writer_id, count):
    """Runs one writer process to completion: `count` events, then it stops."""
    log_file = os.path.join(work, "writer-%s.log" % writer_id)
    stop_file = os.path.join(work, "stop-%s" % writer_id)
    open(stop_file, "w").close()
    r = subprocess.run([writer, sock, writer_id, str(count), log_file, stop_file], timeout=600)
    if r.returncode != 0:
        fail("writer %s exited %d" % (writer_id, r.returncode))


def forward_through_outage(args, config, log, sock, work, store, down, up, forwarded_all):
    """The scenario both forwarders are tested with: events reach the store;
    the store goes away while the applications write (they are not
    affected, the trail grows) and the forwarder catches up when it is
    back; the collector restarts and the forwarder resumes from its cursor
    with nothing stored twice. Leaves the collector stopped."""
    def write(writer_id, count):
        write_events(args.writer, sock, work, writer_id, count)

    def stop(collector):
        if collector.stop() != 0:
            fail("the collector did not stop cleanly:\n" + open(log).read())

    collector = Collector(args.collector, config, log)
    wait_for_socket(collector, sock, log)
    write("a", 30)
    wait_for("the first events in " + store, forwarded_all)
    down()
    write("b", 30)
    up()
    wait_for("the events written while %s was down" % store, forwarded_all)
    stop(collector)
    collector = Collector(args.collector, config, log)
    wait_for_socket(collector, sock, log)
    write("c", 30)
    wait_for("the events after the restart", forwarded_all)
    stop(collector)


def wait_for_socket(collector, sock, log):
    def ready():
        if collector.proc.poll() is not None:
            fail("the collector exited %d:\n%s" % (collector.proc.returncode, open(log).read()))
        return os.path.exists(sock)
    wait_for("the socket", ready)


def script_args(*extra):
    """The programs every collector test script is given (--collector,
    --writer, --schema), plus `extra` ones; returns the parser so a
    script can add options of its own."""
    ap = argparse.ArgumentParser()
    for flag in ("--collector", "--writer", "--schema") + extra:
        ap.add_argument(flag, required=True)
    return ap


def main():
    ap = script_args("--verify")
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--events", type=int, default=150)
    args = ap.parse_args()
    args.schema = os.path.abspath(args.schema)

    work = tempfile.mkdtemp(prefix="tg-collector-e2e-")
    sock = os.path.join(work, "c.sock")
    trail = os.path.join(work, "trail.jsonl")
    max_line = 65536
    config = os.path.join(work, "collector.yaml")
    with open(config, "w") as f:
        f.write("socket: c.sock\n"
                "schemas: [%s]\n"
                "service: collector-e2e\n"
                "max_line_bytes: %d\n"
                "trail:\n  path: trail.jsonl\n  keys: keys\n  checkpoint_every: 50\n"
                "  rotate_bytes: 60000\n"
                % (args.schema, max_line))
    log = os.path.join(work, "collector.log")

    # The command line: exit 0 for help, version and a good configuration,
    # 2 for usage and configuration errors.
    def run(*argv):
        return subprocess.run([args.collector] + list(argv), capture_output=True, text=True)
    if run("--help").returncode != 0 or "--config FILE" not in run("--help").stdout:
        fail("--help")
    if run("--version").returncode != 0 or "trailguard-collector" not in run("--version").stdout:
        fail("--version")
    if run().returncode != 2 or run("--bogus").returncode != 2:
        fail("usage errors must exit 2")
    r = run("--config", config, "--check-config")
    if r.returncode != 0 or "ok (3 events)" not in r.stdout:
        fail("--check-config: rc %d %r %r" % (r.returncode, r.stdout, r.stderr))

    # A bad configuration is a usage error, exit 2, with file:line:col.
    bad = os.path.join(work, "bad.yaml")
    with open(bad, "w") as f:
        f.write("socket: c.sock\nsockett: x\n")
    r = subprocess.run([args.collector, "--config", bad], capture_output=True, text=True)
    if r.returncode != 2 or "bad.yaml:2:1: error: unknown key 'sockett'" not in r.stderr:
        fail("bad config: rc %d, stderr %r" % (r.returncode, r.stderr))

    collector = Collector(args.collector, config, log)
    wait_for_socket(collector, sock, log)

    writer_logs = [os.path.join(work, "writer-%d.log" % i) for i in range(args.writers)]
    stop_file = os.path.join(work, "stop-writers")
    writers = [subprocess.Popen([args.writer, sock, str(i), str(args.events), writer_logs[i],
                                 stop_file])
               for i in range(args.writers)]

    replies = hostile(sock, max_line)
    kinds = [r.split(" ")[0] for r in replies]
    expected = ["ok", "error", "error", "error", "ok", "error", "error", "ok"]
    if kinds != expected:
        fail("hostile replies %r" % replies)
    if "forged origin" not in replies[2] or "too long" not in replies[3] \
            or "malformed" not in replies[5] or "unknown field" not in replies[6]:
        fail("hostile reasons %r" % replies)

    def fails(path):
        return sum(1 for l in read_lines(path) if l.startswith(b"fail "))

    def recovered(path):
        lines = read_lines(path)
        last_fail = max(i for i, l in enumerate(lines) if l.startswith(b"fail "))
        return any(l.startswith(b"ok ") for l in lines[last_fail:])

    # Mid-stream, twice: stop the collector while the writers are writing,
    # first cleanly, then by SIGKILL (a crash); each time the writers see
    # errors, and after the restart they write again.
    for round_, how in enumerate(("SIGTERM", "SIGKILL")):
        want = 40 * (round_ + 1)
        wait_for("%d lines before the %s" % (want, how),
                 lambda: sum(len(read_lines(p)) for p in glob.glob(trail + "*")) >= want)
        if any(w.poll() is not None for w in writers):
            fail("a writer exited before the %s" % how)
        seen = [fails(p) for p in writer_logs]
        if how == "SIGTERM":
            rc = collector.stop()
            if rc != 0:
                fail("the collector exited %d on SIGTERM" % rc)
            if os.path.exists(sock):
                fail("the socket outlived the collector")
        else:
            collector.proc.kill()
            collector.proc.wait(timeout=TIMEOUT)
            collector.log.close()
        wait_for("every writer to see the collector gone after the %s" % how,
                 lambda: all(fails(p) > n for p, n in zip(writer_logs, seen)))
        collector = Collector(args.collector, config, log)
        wait_for_socket(collector, sock, log)
        wait_for("every writer to write again after the %s" % how,
                 lambda: all(recovered(p) for p in writer_logs))
    open(stop_file, "w").close()
    for w in writers:
        try:
            if w.wait(timeout=TIMEOUT * 2) != 0:
                fail("a writer exited %d" % w.returncode)
        except subprocess.TimeoutExpired:
            fail("a writer did not finish")
    os.kill(collector.proc.pid, signal.SIGUSR1)
    wait_for("the SIGUSR1 counters", lambda: open(log).read().count("accepted=") >= 2)
    rc = collector.stop()
    if rc != 0:
        fail("the collector exited %d on SIGTERM after the restart" % rc)

    # The trail, rotated into several files, verifies as one chain across
    # the restarts.
    files = sorted((p for p in glob.glob(trail + "*")),
                   key=lambda p: json.loads(read_lines(p)[0])["seq"])
    if len(files) < 2:
        fail("the trail did not rotate: %r" % files)
    for previous, current in zip(files, files[1:]):
        first = json.loads(read_lines(current)[0])
        last = json.loads(read_lines(previous)[-1])
        if first["event"] != "trailguard.rotate" or \
                first["fields"]["previous_chain"] != last["chain"] or \
                os.path.basename(first["fields"]["previous_file"]) != os.path.basename(previous):
            fail("%s does not start with a rotate record for %s: %r" % (current, previous, first))
    keys = os.path.join(work, "keys")
    r = subprocess.run([args.verify, "--key", os.path.join(keys, "mac.key"),
                        "--pubkey", os.path.join(keys, "signing.pub.pem")] + files,
                       capture_output=True, text=True)
    if r.returncode != 0 or "warning" in r.stdout + r.stderr:
        fail("trailguard-verify: rc %d\n%s%s" % (r.returncode, r.stdout, r.stderr))

    records = [json.loads(l) for f in files for l in read_lines(f)]
    seqs = [rec["seq"] for rec in records]
    if seqs != list(range(1, len(records) + 1)):
        fail("the trail's sequence numbers are not 1..N")
    events = {}
    for rec in records:
        if rec["event"].startswith("trailguard."):
            continue
        o = rec.get("origin")
        if not o or set(o) != {"pid", "uid", "gid", "exe"}:
            fail("a record without origin: %r" % rec)
        events.setdefault(rec["context"]["request_id"], []).append(rec)

    failures = 0
    accepted = 0
    for i, path in enumerate(writer_logs):
        lines = [l.decode() for l in read_lines(path)]
        pid = int(lines[0].split()[1])
        if not lines[-1].startswith("done "):
            fail("writer %d did not finish: %r" % (i, lines[-1]))
        failures += sum(1 for l in lines if l.startswith("fail "))
        for l in lines:
            if not l.startswith("ok "):
                continue
            accepted += 1
            _, request, seq = l.split()
            if request not in events:
                fail("accepted event %s is not in the trail" % request)
            rec = [e for e in events[request] if e["seq"] == int(seq)]
            if not rec:
                fail("accepted event %s is not at seq %s" % (request, seq))
            o = rec[0]["origin"]
            if o["pid"] != pid or o["uid"] != os.getuid() or o["gid"] != os.getgid():
                fail("event %s has origin %r, writer pid %d" % (request, o, pid))
            if not o["exe"].endswith("collector-test-writer"):
                fail("event %s has exe %r" % (request, o["exe"]))
        done = int(lines[-1].split()[1])
        if sum(1 for l in lines if l.startswith("ok ")) != done:
            fail("writer %d: %d events, but not each was accepted once" % (i, done))
    if accepted < args.writers * args.events:
        fail("%d events accepted, expected at least %d" % (accepted, args.writers * args.events))
    if failures == 0:
        fail("no writer saw the collector down")
    for n in (1, 3, 6):
        if ("hostile-%d" % n) not in events:
            fail("the hostile sender's valid line %d is missing" % n)
    for n in (2, 4, 5):
        if ("hostile-%d" % n) in events:
            fail("the hostile sender's refused line %d is in the trail" % n)
    bidi = events["hostile-3"][0]
    if "\u202e" not in bidi["context"]["actor"]:
        fail("the bidi line lost its character")
    raw = [l for f in files for l in read_lines(f) if b"hostile-3" in l][0]
    if b"\xe2\x80\xae" in raw or b"\\u202e" not in raw:
        fail("the bidi control reached the trail raw")

    text = open(log).read()
    # The hostile sender wrote to the first run of the collector.
    first = [l for l in text.splitlines() if l.startswith("trailguard-collector: stopped:")][0]
    for counter in ("forged_origin=1", "too_long=1", "malformed=2", "unknown_field=1"):
        if counter not in first:
            fail("counter %s missing from %r" % (counter, first))
    checkpoints = sum(1 for rec in records if rec["event"] == "trailguard.checkpoint")
    print("ok: %d records in %d files, %d events accepted from %d writers, %d writer failures "
          "while the collector was down, %d checkpoints" % (len(records), len(files), accepted,
                                                           args.writers, failures, checkpoints))


if __name__ == "__main__":
    main()
