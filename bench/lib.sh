# Shared by the benchmark scripts: source it after `cd` to the project root.

# A free TCP port on the loopback interface.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_service WORK_DIR PORT [VAR=VALUE...]: starts the release binary in WORK_DIR with a clean
# environment plus the given variables, waits until it listens, and sets service_pid. The load
# generators stand for many clients from one address, so the per-address connection cap is
# lifted.
start_service() {
  local work=$1 port=$2
  shift 2
  (cd "$work" && exec env -i PATH="$PATH" ENVIRONMENT=development PORT="$port" \
    JWT_SECRET_KEY=bench-secret-0123456789abcdef0123456789abcdef LOG_DIR="$work/logs" \
    MAX_CONNECTIONS_PER_IP=1000000 "$@" \
    "$OLDPWD/build/release/backlog" serve >"$work/service.out" 2>&1) &
  service_pid=$!
  until grep -q "listening on" "$work/service.out" 2>/dev/null; do
    kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.out"; exit 1; }
    sleep 0.05
  done
}

# start_fake_llm WORK_DIR [FLAG...]: starts the LLM emulator on a free loopback port with the given
# flags, waits until it listens, and sets fake_pid and fake_url (http://127.0.0.1:PORT).
start_fake_llm() {
  local work=$1
  shift
  node tests/fakes/fake-llm/server.js --port 0 "$@" >"$work/fake.out" 2>&1 &
  fake_pid=$!
  until grep -q "fake-llm listening on" "$work/fake.out" 2>/dev/null; do
    kill -0 "$fake_pid" 2>/dev/null || { cat "$work/fake.out"; exit 1; }
    sleep 0.05
  done
  fake_url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/fake.out")
}

# summarize_wrk FILE: prints "req/s p99_ms non2xx" from wrk's output (run with --latency).
summarize_wrk() {
  awk '
    /Requests\/sec:/ {rps=$2}
    /^ +99%/ {v=$2; unit=v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
              ms = (unit=="us") ? v/1000 : (unit=="s") ? v*1000 : v}
    /Non-2xx/ {errors=$NF}
    END {printf "%.0f %.2f %s\n", rps, ms, (errors=="" ? 0 : errors)}' "$1"
}
