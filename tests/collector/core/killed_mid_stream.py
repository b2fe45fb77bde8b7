#!/usr/bin/env python3
"""Writers with an in-flight window (collector_sink's max_in_flight) while
the collector is killed (SIGKILL) mid-stream and started again: every event
is either acknowledged and in the trail exactly once, or reported to its
writer as failed or lost; none is in the trail twice, and the trail
verifies."""

import glob
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from end_to_end import (Collector, TIMEOUT, fail, read_lines, script_args,  # noqa: E402
                        wait_for, wait_for_socket)


def main():
    ap = script_args("--verify")
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--window", type=int, default=32)
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="tg-collector-kill-")
    sock = os.path.join(work, "c.sock")
    trail = os.path.join(work, "trail.jsonl")
    config = os.path.join(work, "collector.yaml")
    with open(config, "w") as f:
        f.write("socket: c.sock\nschemas: [%s]\nservice: collector-kill\n"
                "trail: {path: trail.jsonl, keys: keys, checkpoint_every: 50}\n"
                % os.path.abspath(args.schema))
    log = os.path.join(work, "collector.log")
    collector = Collector(args.collector, config, log)
    wait_for_socket(collector, sock, log)

    logs = [os.path.join(work, "writer-%d.log" % i) for i in range(args.writers)]
    stop_file = os.path.join(work, "stop-writers")
    writers = [subprocess.Popen([args.writer, sock, str(i), "100", logs[i], stop_file,
                                 str(args.window)])
               for i in range(args.writers)]

    def trail_lines():
        return sum(len(read_lines(p)) for p in glob.glob(trail + "*"))

    def troubles(path):
        return sum(1 for l in read_lines(path) if l.startswith((b"fail ", b"lost ")))

    # Killed while every writer is writing, then started again.
    wait_for("lines before the kill", lambda: trail_lines() >= 40 * args.writers)
    if any(w.poll() is not None for w in writers):
        fail("a writer exited before the kill")
    collector.proc.kill()
    collector.proc.wait(timeout=TIMEOUT)
    collector.log.close()
    wait_for("every writer to see the collector gone",
             lambda: all(troubles(p) > 0 for p in logs))
    collector = Collector(args.collector, config, log)
    wait_for_socket(collector, sock, log)
    before = trail_lines()
    wait_for("the writers to write again", lambda: trail_lines() >= before + 40 * args.writers)
    open(stop_file, "w").close()
    for w in writers:
        try:
            if w.wait(timeout=TIMEOUT * 2) != 0:
                fail("a writer exited %d" % w.returncode)
        except subprocess.TimeoutExpired:
            fail("a writer did not finish")
    if collector.stop() != 0:
        fail("the collector did not exit cleanly after the restart")

    files = sorted(glob.glob(trail + "*"), key=lambda p: json.loads(read_lines(p)[0])["seq"])
    keys = os.path.join(work, "keys")
    r = subprocess.run([args.verify, "--key", os.path.join(keys, "mac.key"),
                        "--pubkey", os.path.join(keys, "signing.pub.pem")] + files,
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail("trailguard-verify: rc %d\n%s%s" % (r.returncode, r.stdout, r.stderr))
    in_trail = {}
    for f in files:
        for l in read_lines(f):
            rec = json.loads(l)
            if not rec["event"].startswith("trailguard."):
                request = rec["context"]["request_id"]
                in_trail[request] = in_trail.get(request, 0) + 1
    twice = [k for k, n in in_trail.items() if n > 1]
    if twice:
        fail("in the trail more than once: %r" % twice[:5])

    acked = lost = failed = 0
    for i, path in enumerate(logs):
        lines = [l.decode() for l in read_lines(path)]
        if not lines[-1].startswith("done "):
            fail("writer %d did not finish: %r" % (i, lines[-1]))
        sent = {l.split()[1] for l in lines if l.startswith("sent ")}
        gone = {l.split()[1] for l in lines if l.startswith("lost ")}
        tried = {l.split()[1] for l in lines if l.startswith("fail ")}
        if gone - sent:
            fail("writer %d: lost events it never sent: %r" % (i, sorted(gone - sent)[:5]))
        if sent & tried:
            fail("writer %d: events both sent and failed: %r" % (i, sorted(sent & tried)[:5]))
        for request in sent - gone:
            if in_trail.get(request) != 1:
                fail("writer %d: %s was acknowledged but is not in the trail" % (i, request))
        emitted = int(lines[-1].split()[1])
        for n in range(emitted):
            request = "w%d-%d" % (i, n)
            if request not in sent and request not in tried:
                fail("writer %d: %s is neither sent nor failed" % (i, request))
        ours = {k for k in in_trail if k.startswith("w%d-" % i)}
        if ours - sent - tried:
            fail("writer %d: the trail has events it never emitted: %r" % (i, sorted(ours)[:5]))
        acked += len(sent - gone)
        lost += len(gone)
        failed += len(tried)
    print("ok: %d events acknowledged and in the trail once, %d reported lost, %d failed "
          "(window %d, %d writers, collector killed once)" % (acked, lost, failed, args.window,
                                                              args.writers))


if __name__ == "__main__":
    main()
