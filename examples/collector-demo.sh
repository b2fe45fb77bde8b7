#!/usr/bin/env bash
# The example service through trailguard-collector (./dev demo, last part):
# the collector labels each event with the writer's kernel identity, seals
# it into a trail only it holds the keys of, and refuses a forged line.
#   examples/collector-demo.sh BUILD_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(cd "${1:?usage: collector-demo.sh BUILD_DIR}" && pwd)"
bin="$BUILD/bin"
demo="$BUILD/demo-collector"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'collector-demo: error: %s\n' "$*" >&2; exit 2; }
[[ -x "$bin/trailguard-collector" ]] || die "$bin/trailguard-collector is not built"

rm -rf "$demo"
mkdir -p "$demo"
cat >"$demo/collector.yaml" <<YAML
socket: $demo/collector.sock
socket_mode: 0660
schemas: [$ROOT/examples/events.yaml]
service: trailguard-collector
trail:
  path: $demo/trail.jsonl
  keys: $demo/keys
  fsync: every_event
  checkpoint_every: 4
state_dir: $demo
YAML

say "trailguard-collector starts with ${demo#"$ROOT"/}/collector.yaml (it creates the trail's keys in ${demo#"$ROOT"/}/keys)"
"$bin/trailguard-collector" --config "$demo/collector.yaml" 2>"$demo/collector.log" &
collector=$!
trap 'kill $collector 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  [[ -S "$demo/collector.sock" ]] && break
  kill -0 $collector 2>/dev/null || { cat "$demo/collector.log" >&2; die "the collector exited"; }
  sleep 0.1
done
[[ -S "$demo/collector.sock" ]] || die "the collector did not open its socket"

say "the example service writes through the collector (stdout gets its redacted copy)"
"$bin/example-shop" --collector "$demo/collector.sock" | grep '^{' >/dev/null ||
  die "the example service failed"

say "a forged line (an application claiming another process's identity) is refused"
python3 - "$demo/collector.sock" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall(b'{"seq":1,"time":"2026-11-27T00:00:00.000000Z","service":"shop","event":"authn.login_success",'
          b'"version":"1.0","schema":"0","origin":{"pid":1,"uid":0},"context":{},"fields":{}}\n')
reply = s.makefile("rb").readline().decode().strip()
print("  the collector answered:", reply)
sys.exit(0 if reply.startswith("error") else 1)
PY

kill -TERM $collector
wait $collector || die "the collector did not stop cleanly"
trap - EXIT
say "the collector's trail: each line carries the writer's pid, uid, gid and executable, from the kernel"
python3 - "$demo/trail.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    j = json.loads(line)
    if "origin" in j:
        o = j["origin"]
        print(f"  seq {j['seq']:>2} {j['event']:<24} pid {o['pid']} uid {o['uid']} exe {o['exe']}")
    else:
        print(f"  seq {j['seq']:>2} {j['event']}")
PY
say "trailguard-verify on the collector's trail"
"$bin/trailguard-verify" --key "$demo/keys/mac.key" --pubkey "$demo/keys/signing.pub.pem" "$demo/trail.jsonl" ||
  die "the collector's trail does not verify"
grep -E "accepted|rejected|refused" "$demo/collector.log" | sed 's/^/  /' || true
