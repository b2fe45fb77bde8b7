#!/usr/bin/env python3
"""The collector forwarding to Kafka (kafka-mock, a librdkafka mock cluster
in its own process): every sealed line reaches the topic in order, while
the broker is down nothing is lost, and after a restart of the collector
nothing is sent twice."""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from end_to_end import fail, forward_through_outage, read_lines, script_args  # noqa: E402


class KafkaMock:
    def __init__(self, tool):
        self.proc = subprocess.Popen([tool, "--topic", "audit", "--brokers", "1"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.bootstrap = self.proc.stdout.readline().strip()
        if ":" not in self.bootstrap:
            fail("kafka-mock did not print its bootstrap servers: %r" % self.bootstrap)

    def ask(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().rstrip("\n")

    def dump(self):
        self.proc.stdin.write("dump\n")
        self.proc.stdin.flush()
        lines = []
        while True:
            line = self.proc.stdout.readline()
            if not line:
                fail("kafka-mock exited")
            line = line.rstrip("\n")
            if line == "end":
                return lines
            lines.append(line)

    def quit(self):
        self.proc.stdin.write("quit\n")
        self.proc.stdin.flush()
        self.proc.wait(timeout=120)


def main():
    args = script_args("--kafka-mock").parse_args()

    work = tempfile.mkdtemp(prefix="tg-collector-kafka-")
    sock = os.path.join(work, "c.sock")
    trail = os.path.join(work, "trail.jsonl")
    log = os.path.join(work, "collector.log")
    kafka = KafkaMock(args.kafka_mock)
    config = os.path.join(work, "collector.yaml")
    with open(config, "w") as f:
        f.write("socket: c.sock\nschemas: [%s]\nstate_dir: state\n"
                "trail: {path: trail.jsonl, keys: keys, checkpoint_every: 20}\n"
                "kafka:\n  brokers: \"%s\"\n  topic: audit\n  trail_id: e2e\n"
                % (os.path.abspath(args.schema), kafka.bootstrap))
    os.mkdir(os.path.join(work, "state"))

    def trail_text():
        return [l.decode() for l in read_lines(trail)]

    def forwarded_all():
        lines = trail_text()
        got = kafka.dump()
        if got[:len(lines)] != lines[:len(got)]:
            fail("the topic differs from the trail:\n%r\n%r" % (got[:3], lines[:3]))
        return len(got) == len(lines) and len(lines) > 0

    def down():
        if kafka.ask("down 1") != "ok":
            fail("kafka-mock down")

    def up():
        if kafka.ask("up 1") != "ok":
            fail("kafka-mock up")

    forward_through_outage(args, config, log, sock, work, "Kafka", down, up, forwarded_all)
    seqs = [int(l.split(",", 1)[0].split(":")[1]) for l in kafka.dump()]
    if seqs != list(range(1, len(seqs) + 1)):
        fail("the topic's sequence numbers are not 1..N: %r" % seqs)
    kafka.quit()
    print("ok: %d trail lines forwarded to Kafka across a broker outage and a restart"
          % len(trail_text()))


if __name__ == "__main__":
    main()
