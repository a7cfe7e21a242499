#!/usr/bin/env bash
# Runs the libFuzzer targets of the fuzz preset (build them first: cmake --build --preset fuzz),
# FUZZ_JOBS at a time (default: one per core), each on a working copy of its seed corpus with its
# dictionary. Prints executions and exec/s per target; exits non-zero when any target crashed,
# leaked, timed out or ran out of memory, after printing its report and the saved input.
#   tests/fuzz/run.sh -max_total_time=20              each target for 20 s
#   tests/fuzz/run.sh -runs=10000000 csv_export       one target for 10 million executions
set -euo pipefail
cd "$(dirname "$0")/../.."

budget=${1:?"usage: tests/fuzz/run.sh -max_total_time=SECONDS|-runs=N [target...]"}
shift
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(json_body url headers client_ip llm_reply vision_yaml csv_export)
fi
jobs=${FUZZ_JOBS:-$(nproc)}
build=build/fuzz
out=$build/fuzz-runs
mkdir -p "$out/artifacts"

export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
if ! command -v llvm-symbolizer >/dev/null && command -v llvm-symbolizer-14 >/dev/null; then
  export ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer-14)
fi

run_target() {
  local name=$1 corpus=$out/corpus/$1
  mkdir -p "$corpus"
  local options=("$budget" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix="$out/artifacts/$name-")
  [[ -f tests/fuzz/$name.dict ]] && options+=(-dict="tests/fuzz/$name.dict")
  # New inputs go to the working corpus; the seeds in the repository stay as they are.
  "$build/tests/fuzz/${name}_fuzz" "${options[@]}" "$corpus" "tests/fuzz/corpus/$name" \
    >"$out/$name.log" 2>&1
}

started=$(date +%s)
declare -A pids
for name in "${targets[@]}"; do
  [[ -x $build/tests/fuzz/${name}_fuzz ]] || { echo "fuzz: no target $name in $build" >&2; exit 2; }
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  run_target "$name" &
  pids[$name]=$!
done

status=0
printf '%-12s %12s %9s %8s  %s\n' target executions exec/s seconds result
for name in "${targets[@]}"; do
  result=ok
  wait "${pids[$name]}" || { result=FAILED; status=1; }
  log=$out/$name.log
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  printf '%-12s %12s %9s %8s  %s\n' "$name" "${runs:--}" "${rate:--}" "${seconds:--}" "$result"
done
for name in "${targets[@]}"; do
  if ! grep -q '^Done [0-9]* runs' "$out/$name.log"; then
    echo
    echo "=== $name: $out/$name.log"
    grep -v '^#[0-9]' "$out/$name.log" | tail -60
  fi
done
echo "fuzz: ${#targets[@]} targets in $(($(date +%s) - started)) s, $jobs at a time"
exit "$status"
