#!/usr/bin/env python3
"""kafka-mock, driven the way end-to-end tests drive it: the bootstrap line,
then produce / dump / down / up / quit and the answer to each."""
import subprocess
import sys


def main(tool):
    proc = subprocess.Popen([tool, "--topic", "audit", "--brokers", "1"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)

    def ask(command):
        proc.stdin.write(command + "\n")
        proc.stdin.flush()
        return proc.stdout.readline().rstrip("\n")

    def dump():
        proc.stdin.write("dump\n")
        proc.stdin.flush()
        lines = []
        while True:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError("kafka-mock exited during dump")
            line = line.rstrip("\n")
            if line == "end":
                return lines
            lines.append(line)

    def expect(what, got, wanted):
        if got != wanted:
            proc.kill()
            raise AssertionError(f"{what}: got {got!r}, wanted {wanted!r}")

    bootstraps = proc.stdout.readline().strip()
    if ":" not in bootstraps:
        raise AssertionError(f"first line is not host:port: {bootstraps!r}")
    expect("empty topic", dump(), [])
    expect("produce", ask('produce {"seq":1}'), "ok")
    expect("produce", ask('produce {"seq":2}'), "ok")
    expect("dump", dump(), ['{"seq":1}', '{"seq":2}'])
    expect("down", ask("down 1"), "ok")
    down = dump()
    if len(down) != 1 or not down[0].startswith("error "):
        proc.kill()
        raise AssertionError(f"dump with the only broker down should fail: {down!r}")
    expect("up", ask("up 1"), "ok")
    expect("dump after up", dump(), ['{"seq":1}', '{"seq":2}'])
    bad = ask("down 7")
    if not bad.startswith("error broker id"):
        proc.kill()
        raise AssertionError(f"unknown broker: {bad!r}")
    bad = ask("fly")
    if not bad.startswith("error unknown command"):
        proc.kill()
        raise AssertionError(f"unknown command: {bad!r}")
    proc.stdin.write("quit\n")
    proc.stdin.flush()
    code = proc.wait(timeout=120)
    expect("exit status", code, 0)
    print("kafka-mock: bootstrap, produce, dump, down, up, quit all work")


if __name__ == "__main__":
    main(sys.argv[1])
