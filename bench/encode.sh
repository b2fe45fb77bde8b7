#!/usr/bin/env bash
# The runtime encoder against baselines measured in the same run: building
# and dumping the same object with nlohmann::json, and fmt / spdlog
# formatting the same fields without any escaping.
#   BUILD=build bash bench/encode.sh [--min-time SECONDS]
set -euo pipefail
BUILD="${BUILD:-build}"
min_time=1
if [[ "${1:-}" == "--min-time" ]]; then min_time="$2"; shift 2; fi
exe="$BUILD/bin/encode-bench"
[[ -x "$exe" ]] || { echo "encode.sh: $exe not built (needs libbenchmark-dev)" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$exe" --benchmark_min_time="$min_time" --benchmark_format=json >"$out" 2>/dev/null
python3 - "$out" <<'PY'
import json, sys
runs = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
tg = runs["trailguard_emit"]
print(f"{'benchmark':24} {'ns/event':>9} {'allocs/event':>13} {'vs trailguard':>14}")
for name, b in runs.items():
    if "sealed" in name or name == "trailguard_encode":
        continue
    ratio = b["cpu_time"] / tg["cpu_time"]
    print(f"{name:24} {b['cpu_time']:9.0f} {b.get('allocs/event', 0):13.2f} {ratio:13.2f}x")
if "trailguard_encode" in runs:
    b = runs["trailguard_encode"]
    print(f"trailguard_encode: {b['cpu_time']:.0f} ns/event, {b.get('allocs/event', 0):.2f} allocs"
          f" (the encoder alone: emit() without the clock, the lock and the sink)")
for name in ("trailguard_emit_sealed/0", "trailguard_emit_sealed/1000"):
    if name in runs:
        b = runs[name]
        print(f"{name}: {b['real_time']:.0f} ns/event wall, {b['cpu_time']:.0f} ns cpu"
              f" (encode + chain + MAC{'' if name.endswith('/0') else ' + a signed checkpoint and state fsync every 1000'})")
print(f"trailguard is {runs['nlohmann_json_dump']['cpu_time'] / tg['cpu_time']:.1f}x faster than nlohmann::json,"
      f" {runs['fmt_format_to']['cpu_time'] / tg['cpu_time']:.2f}x fmt, {runs['spdlog_null_sink']['cpu_time'] / tg['cpu_time']:.2f}x spdlog (which escape nothing)")
PY
