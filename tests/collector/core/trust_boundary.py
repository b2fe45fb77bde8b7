#!/usr/bin/env python3
"""The trust boundary with real users: an application running as `nobody`
writes through the collector (run as root here, its own user in
production), its lines carry uid/gid 65534 from the kernel, and it can
neither read nor change the trail or the keys. With allow_uids not listing
it, the collector refuses the connection and counts it. Needs root (to run
the writer as another user); exits 77 (skipped) otherwise."""

import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from end_to_end import Collector, fail, read_lines, script_args, wait_for_socket  # noqa: E402

NOBODY = 65534


def as_nobody(*argv):
    return subprocess.run(["runuser", "-u", "nobody", "--"] + list(argv),
                          capture_output=True, text=True, timeout=300)


def main():
    args = script_args().parse_args()
    if os.geteuid() != 0 or not shutil.which("runuser"):
        print("skipped: needs root and runuser to run a writer as another user")
        return 77

    # The collector's own directory: trail, keys and cursors, closed to others.
    private = tempfile.mkdtemp(prefix="tg-boundary-")
    # Where applications reach the socket, and their logs (test only).
    public = tempfile.mkdtemp(prefix="tg-boundary-public-")
    os.chmod(public, 0o777)
    try:
        sock = os.path.join(public, "collector.sock")
        trail = os.path.join(private, "trail.jsonl")
        log = os.path.join(private, "collector.log")

        def start(allow):
            config = os.path.join(private, "collector.yaml")
            with open(config, "w") as f:
                f.write("socket: %s\nsocket_mode: 0660\nsocket_group: nogroup\nschemas: [%s]\n"
                        "state_dir: %s\ntrail: {path: %s, keys: %s}\n%s"
                        % (sock, os.path.abspath(args.schema), private, trail,
                           os.path.join(private, "keys"), allow))
            collector = Collector(args.collector, config, log)
            wait_for_socket(collector, sock, log)
            return collector

        def stop(collector):
            if collector.stop() != 0:
                fail("the collector did not stop cleanly:\n" + open(log).read())

        collector = start("")
        stop_file = os.path.join(public, "stop")
        open(stop_file, "w").close()
        writer_log = os.path.join(public, "writer.log")
        # A copy `nobody` can run: the build may sit below a directory only
        # root can enter (a clone in mktemp -d, for one).
        writer = os.path.join(public, "writer")
        shutil.copy(args.writer, writer)
        os.chmod(writer, 0o755)
        r = as_nobody(writer, sock, "n", "5", writer_log, stop_file)
        stop(collector)
        if r.returncode != 0:
            fail("the writer as nobody failed (%d): %s\n%s"
                 % (r.returncode, r.stderr,
                    open(writer_log).read() if os.path.exists(writer_log) else "(no log)"))
        labelled = [json.loads(l) for l in read_lines(trail) if b'"origin"' in l]
        if len(labelled) < 5:
            fail("expected 5 labelled events, got %d" % len(labelled))
        for j in labelled:
            o = j["origin"]
            if o["uid"] != NOBODY or o["gid"] != NOBODY:
                fail("origin not from the kernel: %r" % o)

        # The application's user can reach the socket, nothing else.
        for path in (trail, os.path.join(private, "keys", "mac.key"),
                     os.path.join(private, "keys", "state.json")):
            if as_nobody("cat", path).returncode == 0:
                fail("nobody can read " + path)
        if as_nobody("sh", "-c", "echo forged >> " + trail).returncode == 0:
            fail("nobody can append to the trail")
        if as_nobody("rm", "-f", trail).returncode == 0 and not os.path.exists(trail):
            fail("nobody can delete the trail")

        # A peer not in allow_uids is turned away at the door, and counted.
        before = len(read_lines(trail))
        collector = start("allow_uids: [0]\n")
        probe = ("import socket, sys\n"
                 "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
                 "s.connect(sys.argv[1])\n"
                 "try:\n"
                 "    s.sendall(b'{}\\n')\n"
                 "    print(s.makefile('rb').readline().decode().strip() or 'closed')\n"
                 "except OSError as e:\n"
                 "    print('closed', e)\n")
        r = as_nobody("/usr/bin/python3", "-c", probe, sock)
        stop(collector)
        if r.stdout.startswith("ok"):
            fail("a peer outside allow_uids was answered: " + r.stdout)
        if len(read_lines(trail)) - before > 1:  # the final checkpoint
            fail("something from a refused peer reached the trail")
        if "refused_peers=1" not in open(log).read().split("stopped:")[-1]:
            fail("the refused peer was not counted:\n" + open(log).read())
        print("ok: %d events labelled uid %d; trail and keys closed to the writer; "
              "a peer outside allow_uids refused" % (len(labelled), NOBODY))
        return 0
    finally:
        shutil.rmtree(private, ignore_errors=True)
        shutil.rmtree(public, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
