#!/usr/bin/env python3
"""Hostile clients and careless configurations against the real
trailguard-collector: floods of idle connections (over max_connections,
over a low open-file limit, and out of descriptors after the start) are
refused with "error busy: ..." and counted while the collector keeps
answering and its log does not grow in a loop; one uid is held to its
share; idle clients are disconnected; a second collector on one trail
refuses to start; bytes around a line's JSON object are refused; and
--check-config refuses what the start would refuse, with the key's line
and column, before anything is created."""

import atexit
import os
import re
import resource
import select
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from end_to_end import (GOOD_LINE, TIMEOUT, Collector, fail, script_args,  # noqa: E402
                        wait_for, wait_for_socket)

# Enough for any number of local connections to be accepted or refused on
# a slow machine; the old collector never answers them at all.
FLOOD_WAIT = min(TIMEOUT, 120)
request_ids = iter(range(1000, 10 ** 9))
# Every collector started, so a failed check does not leave one running
# (holding ctest's output pipe).
started = []


@atexit.register
def stop_leftovers():
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def good_line():
    return (GOOD_LINE % next(request_ids)).encode()


class Scenario:
    """A directory of its own with a configuration, a collector log and
    helpers to talk to the collector."""

    def __init__(self, args, name, extra="", socket_name="c.sock", trail="trail.jsonl"):
        self.args = args
        self.dir = tempfile.mkdtemp(prefix="tg-hostile-%s-" % name)
        self.sock = os.path.join(self.dir, socket_name)
        self.log = os.path.join(self.dir, "collector.log")
        self.config = self.write_config("collector.yaml", extra, socket_name, trail)
        self.collector = None

    def write_config(self, name, extra="", socket_name="c.sock", trail="trail.jsonl"):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            # Line 1 socket, 2 schemas, then `extra`, then trail, path, keys.
            f.write("socket: %s\nschemas: [%s]\n%strail:\n  path: %s\n  keys: keys\n"
                    % (socket_name, self.args.schema, extra, trail))
        return path

    def start(self, **popen):
        self.collector = Collector(self.args.collector, self.config, self.log, **popen)
        started.append(self.collector.proc)
        wait_for_socket(self.collector, self.sock, self.log)
        return self.collector

    def stop(self):
        rc = self.collector.stop()
        if rc != 0:
            fail("the collector exited %d:\n%s" % (rc, self.log_text()))
        return stopped_counters(self.log_text())

    def log_text(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(TIMEOUT)
        s.connect(self.sock)
        return s

    def ask(self, line):
        """Sends one line on a new connection; returns the reply line."""
        s = self.connect()
        try:
            try:
                s.sendall(line + b"\n")
            except (BrokenPipeError, ConnectionResetError):
                # Turned away before the line was sent: the refusal, if it
                # is still there to read, is the answer.
                pass
            try:
                return read_line(s)
            except ConnectionResetError:
                return b""
        finally:
            s.close()

    def until_ok(self, what):
        """Sends good lines until one is sealed: connections the collector
        has not reaped yet may still count against the limits."""
        replies = []

        def sealed():
            replies.append(self.ask(good_line()))
            return replies[-1].startswith(b"ok ")
        wait_for(what, sealed, FLOOD_WAIT)


def read_line(s):
    """One line up to its newline, or what came before the end of the
    connection (b"" when it ended at once)."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def stopped_counters(log):
    lines = [l for l in log.splitlines() if l.startswith("trailguard-collector: stopped:")]
    if not lines:
        fail("no counters on exit in the log:\n" + log)
    return dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", lines[-1]))


def lines_from(socks, want, timeout=FLOOD_WAIT):
    """Waits until `want` of the sockets have sent a whole line (or ended);
    returns {index: line}. The others are the connections being served:
    they get nothing until they send."""
    got, partial = {}, {}
    deadline = time.monotonic() + timeout
    while len(got) < want:
        left = deadline - time.monotonic()
        if left <= 0:
            fail("%d of %d connections answered, expected %d" % (len(got), len(socks), want))
        waiting = [s for i, s in enumerate(socks) if i not in got]
        readable, _, _ = select.select(waiting, [], [], min(left, 1.0))
        for s in readable:
            i = socks.index(s)
            try:
                chunk = s.recv(4096)
            except ConnectionResetError:
                chunk = b""
            partial[i] = partial.get(i, b"") + chunk
            if not chunk or partial[i].endswith(b"\n"):
                got[i] = partial[i]
    return got


def connect_many(scenario, n):
    socks = []
    for _ in range(n):
        s = scenario.connect()
        s.setblocking(False)
        socks.append(s)
    return socks


def log_does_not_loop(scenario, pattern, at_most):
    """The log has at most `at_most` lines matching `pattern`, and no more
    appear while the flood stands (the old collector logged ten a second)."""
    def count():
        return len([l for l in scenario.log_text().splitlines() if re.search(pattern, l)])
    before = count()
    time.sleep(3)
    after = count()
    if after > at_most or after != before:
        fail("%d log lines match %r (%d before a 3 s pause), expected at most %d:\n%s"
             % (after, pattern, before, at_most, scenario.log_text()[-3000:]))


def sealed_after_flood(scenario, socks, what):
    """Ends the flood; the collector seals again; returns its counters."""
    for s in socks:
        s.close()
    scenario.until_ok(what)
    return scenario.stop()


def with_file_limit(n):
    return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (n, n))


def flood_over_max_connections(args):
    """150 idle clients against max_connections 20 and an open-file limit
    of 128: twenty are served, the others are told "busy" and counted."""
    sc = Scenario(args, "max", "max_connections: 20\nmax_connections_per_uid: 1000\n")
    sc.start(preexec_fn=with_file_limit(128))
    socks = connect_many(sc, 150)
    got = lines_from(socks, 130)
    busy = b"error busy: too many connections (the limit is 20)\n"
    if set(got.values()) != {busy}:
        fail("refusals %r" % set(got.values()))
    log_does_not_loop(sc, r"refusing connections", 1)
    if "Too many open files" in sc.log_text() or "accept failed" in sc.log_text():
        fail("the collector ran out of descriptors:\n" + sc.log_text())
    c = sealed_after_flood(sc, socks, "a line sealed after the flood")
    if c["refused_busy"] < 130 or c["refused_per_uid"] != 0:
        fail("counters %r" % c)
    print("ok: max_connections: %d refused, %d connections" % (c["refused_busy"],
                                                               c["connections"]))


def flood_over_file_limit(args):
    """The default max_connections (256) under an open-file limit of 64: the
    collector serves only what the limit leaves room for, says so once, and
    refuses the rest instead of running out of descriptors."""
    sc = Scenario(args, "nofile")
    sc.start(preexec_fn=with_file_limit(64))
    m = None

    def said_so():
        nonlocal m
        m = re.search(r"max_connections 256 is more than the open-file limit \(64\) leaves room "
                      r"for; serving at most (\d+) connections", sc.log_text())
        return m is not None
    sc.until_ok("the collector to serve")
    wait_for("the lowered max_connections in the log", said_so, FLOOD_WAIT)
    room = int(m.group(1))
    if not 1 <= room < 64:
        fail("serving %d connections under a limit of 64" % room)
    socks = connect_many(sc, 100)
    got = lines_from(socks, 100 - room)
    busy = ("error busy: too many connections (the limit is %d)\n" % room).encode()
    if set(got.values()) != {busy}:
        fail("refusals %r" % set(got.values()))
    log_does_not_loop(sc, r"refusing connections", 1)
    if "Too many open files" in sc.log_text():
        fail("the collector ran out of descriptors:\n" + sc.log_text())
    c = sealed_after_flood(sc, socks, "a line sealed after the flood")
    if c["refused_busy"] < 100 - room:
        fail("counters %r" % c)
    print("ok: open-file limit 64: %d served at once, %d refused" % (room, c["refused_busy"]))


def file_limit_raised(args):
    """Started with a soft open-file limit of 64 under a hard one of 4096,
    the collector takes the hard limit and serves 150 clients at once."""
    sc = Scenario(args, "raise", "max_connections_per_uid: 1000\n")
    collector = sc.start(preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE,
                                                               (64, 4096)))
    sc.until_ok("the collector to serve")
    soft, _ = resource.prlimit(collector.proc.pid, resource.RLIMIT_NOFILE)
    if soft != 4096:
        fail("the collector runs with a soft open-file limit of %d, not 4096" % soft)
    socks = connect_many(sc, 150)
    for s in socks:
        s.setblocking(True)
        s.sendall(good_line() + b"\n")
    for s in socks:
        if not read_line(s).startswith(b"ok "):
            fail("a client was not served under the raised limit")
        s.close()
    c = sc.stop()
    if c["refused_busy"] != 0 or "Too many open files" in sc.log_text():
        fail("counters %r:\n%s" % (c, sc.log_text()))
    print("ok: the open-file limit raised to 4096, 150 clients served at once")


def flood_out_of_descriptors(args):
    """Descriptors run out after the start (the limit lowered under the
    running collector, as anything else holding them would): each waiting
    client is accepted on the reserve descriptor, told "busy" and closed;
    one log line, no busy loop; with descriptors back, it serves again."""
    sc = Scenario(args, "emfile", "max_connections: 200\n")
    collector = sc.start()
    sc.until_ok("the collector to serve")
    pid = collector.proc.pid

    def only_the_listening_socket():
        fd_dir = "/proc/%d/fd" % pid
        return sum(1 for f in os.listdir(fd_dir)
                   if os.readlink(os.path.join(fd_dir, f)).startswith("socket:")) == 1
    # The connection of the line above is closed once the collector reaps it.
    wait_for("the collector to close the finished connection", only_the_listening_socket)
    fds = [int(f) for f in os.listdir("/proc/%d/fd" % pid)]
    soft, hard = resource.prlimit(pid, resource.RLIMIT_NOFILE)
    limit = max(fds) + 3
    free = limit - len(fds)  # descriptors below the limit still to be had
    resource.prlimit(pid, resource.RLIMIT_NOFILE, (limit, hard))
    socks = connect_many(sc, 30)
    got = lines_from(socks, 30 - free)
    if set(got.values()) != {b"error busy: out of file descriptors\n"}:
        fail("refusals %r" % set(got.values()))
    log_does_not_loop(sc, r"Too many open files", 1)
    resource.prlimit(pid, resource.RLIMIT_NOFILE, (soft, hard))
    c = sealed_after_flood(sc, socks, "a line sealed with descriptors back")
    if c["refused_busy"] < 30 - free:
        fail("counters %r" % c)
    print("ok: out of descriptors: %d refused on the reserve descriptor" % c["refused_busy"])


def per_uid_cap(args):
    """One uid gets max_connections_per_uid connections, not all of them."""
    sc = Scenario(args, "uid", "max_connections: 50\nmax_connections_per_uid: 3\n")
    sc.start()
    held = []
    for _ in range(3):
        s = sc.connect()
        s.sendall(good_line() + b"\n")
        if not read_line(s).startswith(b"ok "):
            fail("one of the first three connections was not served")
        held.append(s)
    extra = sc.connect()
    reply = read_line(extra)
    want = ("error busy: too many connections from uid %d (the limit is 3)\n"
            % os.getuid()).encode()
    if reply != want or read_line(extra) != b"":
        fail("the fourth connection got %r" % reply)
    held.pop().close()
    sc.until_ok("a connection after one of the three closed")
    c = sc.stop()
    if c["refused_per_uid"] < 1 or c["refused_busy"] != 0:
        fail("counters %r" % c)
    print("ok: per-uid cap: %d refused" % c["refused_per_uid"])


def idle_clients(args):
    """A client that sends nothing, or stops within a line, is disconnected
    after idle_timeout_s and counted."""
    sc = Scenario(args, "idle", "idle_timeout_s: 1\n")
    sc.start()
    silent = sc.connect()
    half = sc.connect()
    half.sendall(good_line() + b"\n")
    if not read_line(half).startswith(b"ok "):
        fail("the line before the pause was not sealed")
    half.sendall(b'{"seq":2,"time":')
    for s in (silent, half):
        if read_line(s) != b"":
            fail("an idle connection got a line")  # read_line returns at the end
    c = sc.stop()
    if c["idle_timeouts"] != 2 or c["accepted"] != 1:
        fail("counters %r" % c)
    print("ok: idle clients disconnected")


def line_framing(args):
    """A line is its JSON object and nothing else: the parser stops at a NUL
    and skips whitespace, so these were answered "ok"."""
    sc = Scenario(args, "framing")
    sc.start()
    cases = [
        (good_line() + b"\0", b"error malformed (a NUL byte in the line)\n"),
        (good_line() + b'\0{"event":"forged"}', b"error malformed (a NUL byte in the line)\n"),
        (good_line() + b"\r", b"error malformed (a CR before the newline: end each line with "
                              b"\\n alone)\n"),
        (good_line() + b" ", b"error malformed (bytes before or after the JSON object)\n"),
        (b"\t" + good_line(), b"error malformed (bytes before or after the JSON object)\n"),
        (good_line() + b"}", b"error malformed (not one JSON object in UTF-8)\n"),
    ]
    s = sc.connect()
    for line, want in cases:
        s.sendall(line + b"\n")
        reply = read_line(s)
        if reply != want:
            fail("%r was answered %r, expected %r" % (line[-30:], reply, want))
    s.sendall(good_line() + b"\n")
    if not read_line(s).startswith(b"ok "):
        fail("the connection is out of step after the refusals")
    s.close()
    c = sc.stop()
    if c.get("malformed") != len(cases) or c["accepted"] != 1:
        fail("counters %r" % c)
    print("ok: %d framing errors refused" % len(cases))


def one_collector_per_trail(args):
    """Two configurations that differ only in the socket: the second
    collector refuses to start (exit 1) naming the first one's pid; the
    first goes on, and its trail verifies."""
    sc = Scenario(args, "lock", socket_name="a.sock")
    first = sc.start()
    if not sc.ask(good_line()).startswith(b"ok 1"):
        fail("the first collector does not seal")
    second_config = sc.write_config("second.yaml", socket_name="b.sock")
    second_log = os.path.join(sc.dir, "second.log")
    with open(second_log, "wb") as log:
        second = subprocess.Popen([args.collector, "--config", second_config], stderr=log)
    started.append(second)

    def settled():
        with open(second_log, errors="replace") as f:
            return second.poll() is not None or "listening on" in f.read()
    wait_for("the second collector to exit", settled, FLOOD_WAIT)
    text = open(second_log, errors="replace").read()
    if second.poll() is None:
        second.kill()
        second.wait()
        fail("a second collector started on the same trail:\n" + text)
    want = ("trailguard-collector: error: the trail %s is in use by another trailguard-collector "
            "(pid %d, lock file %s)" % (os.path.join(sc.dir, "trail.jsonl"), first.proc.pid,
                                        os.path.join(sc.dir, ".trail.jsonl.lock")))
    if second.returncode != 1 or want not in text:
        fail("the second collector exited %d:\n%s" % (second.returncode, text))
    if [f for f in os.listdir(sc.dir) if f == "b.sock" or f.startswith(".tg-collector-")]:
        fail("the second collector left its socket behind: %r" % os.listdir(sc.dir))
    if not sc.ask(good_line()).startswith(b"ok 2"):
        fail("the first collector does not seal after the second one's attempt")
    sc.stop()
    keys = os.path.join(sc.dir, "keys")
    r = subprocess.run([args.verify, "--key", os.path.join(keys, "mac.key"),
                        "--pubkey", os.path.join(keys, "signing.pub.pem"),
                        os.path.join(sc.dir, "trail.jsonl")], capture_output=True, text=True)
    if r.returncode != 0:
        fail("trailguard-verify: rc %d\n%s%s" % (r.returncode, r.stdout, r.stderr))
    # Once the first one is gone, the second one starts.
    sc.config, sc.sock = second_config, os.path.join(sc.dir, "b.sock")
    sc.start()
    sc.stop()
    print("ok: one collector per trail")


def check_config_is_the_start(args):
    """What the start refuses on this host, --check-config refuses too (exit
    2, FILE:LINE:COL at the value), and the start leaves nothing behind."""
    long_name = "s" * 120 + ".sock"
    cases = [
        ("socket-dir", dict(socket_name="run/c.sock"),
         ":1:9: error: the socket's directory %(dir)s/run does not exist"),
        ("socket-long", dict(socket_name=long_name),
         ":1:9: error: the socket path %(dir)s/sss"),
        ("group", dict(extra="socket_group: no-such-tg-group\n"),
         ":3:15: error: unknown group 'no-such-tg-group'"),
        ("trail-dir", dict(trail="trail.d"),
         ":4:9: error: the trail file %(dir)s/trail.d is a directory"),
    ]
    for name, kw, message in cases:
        sc = Scenario(args, name, **kw)
        if name == "trail-dir":
            os.mkdir(os.path.join(sc.dir, "trail.d"))
        before = sorted(os.listdir(sc.dir))
        want = sc.config + message % {"dir": sc.dir}
        for argv in (["--check-config"], []):
            r = subprocess.run([args.collector, "--config", sc.config] + argv,
                               capture_output=True, text=True, timeout=TIMEOUT)
            if r.returncode != 2 or want not in r.stderr:
                fail("%s %s: rc %d, expected 2 and %r:\n%s"
                     % (name, argv, r.returncode, want, r.stderr))
        if sorted(os.listdir(sc.dir)) != before:
            fail("%s: the failed start left %r" % (name, set(os.listdir(sc.dir)) - set(before)))
    print("ok: --check-config refuses %d configurations the start refuses" % len(cases))


def main():
    args = script_args("--verify").parse_args()
    args.schema = os.path.abspath(args.schema)
    check_config_is_the_start(args)
    line_framing(args)
    one_collector_per_trail(args)
    idle_clients(args)
    per_uid_cap(args)
    flood_over_max_connections(args)
    flood_over_file_limit(args)
    file_limit_raised(args)
    flood_out_of_descriptors(args)


if __name__ == "__main__":
    main()
