#!/usr/bin/env bash
# Fuzzing benchmark (not a test): every libFuzzer target of tests/fuzz for a long fixed budget,
# a target per core at a time (FUZZ_JOBS to change). Prints executions, exec/s and seconds per
# target; exits non-zero when any target crashed, leaked or timed out. On a shared machine run it
# at low priority: nice -n 10 bench/fuzz.sh
#   bench/fuzz.sh [executions per target, default 10000000 | SECONDSs] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
budget="${1:-10000000}"
shift || true
if [[ "$budget" == *s ]]; then
  option="-max_total_time=${budget%s}"
else
  option="-runs=$budget"
fi

scripts/setup
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz >/dev/null

echo "fuzz: $option per target, started $(date -u '+%Y-%m-%d %H:%M UTC')"
tests/fuzz/run.sh "$option" "$@"
