#!/usr/bin/env bash
# LLM client benchmark (not a test): 1,000 structured calls against the emulator with 200 ms of
# latency and a client in-flight limit of 32. Target: makespan within 1.1x the bound
# (1000 / 32 x 0.2 s = 6.25 s) and under 1 ms of client CPU per call.
#   bench/llm.sh [calls, default 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
calls="${1:-1000}"
in_flight=32
latency_ms=200

scripts/setup
cmake --preset release >/dev/null
cmake --build --preset release --target backlog_llm_bench >/dev/null

work=$(mktemp -d)
fake_pid=""
cleanup() {
  [[ -n "$fake_pid" ]] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

start_fake_llm "$work" --latency-ms "$latency_ms"
base="$fake_url/v1"

build/release/bench/backlog_llm_bench "$base" "$calls" "$in_flight" "$latency_ms"
echo "emulator: $(curl -sf "${base%/v1}/_control/log" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["count"], "requests, at most", d["max_in_flight"], "in flight")')"
