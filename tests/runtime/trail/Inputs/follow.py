"""Runs trailguard-trail --follow on a trail while sample-trail appends to it (rotating), and prints what it printed, one request id a line, then its exit code; no timing: it waits for lines, and the follower's --idle-timeout ends a hung run."""
import json
import subprocess
import sys

trail_tool, sample_trail, path = sys.argv[1:4]
already, limit = int(sys.argv[4]), sys.argv[5]  # records there before, and all
follower = subprocess.Popen(
    [trail_tool, "--key", "keys/mac.key", "--follow", "--limit", limit, "--idle-timeout", "300", path],
    stdout=subprocess.PIPE)
lines = [follower.stdout.readline() for _ in range(already)]
subprocess.check_call([sample_trail, "keys", "t/audit.jsonl", "2", "--first-round", "1",
                       "--rotate-bytes", "2000"])
lines += follower.stdout.readlines()
code = follower.wait()
for line in lines:
    record = json.loads(line)
    print(record["seq"], record["context"]["request_id"])
print("exit", code)
