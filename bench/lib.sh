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

# json EXPR: prints EXPR evaluated on the JSON read from stdin as `d`.
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# sign_up_bench_user BASE: registers the "bench" user; sets `token` and the curl options `auth`.
sign_up_bench_user() {
  token=$(curl -sf -X POST "$1/api/auth/register" -H 'Content-Type: application/json' \
    -d '{"username":"bench","email":"bench@example.com","password":"a benchmark passphrase"}' |
    json 'd["data"]["tokens"]["access_token"]')
  auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
}

# create_bench_project BASE EPICS FEATURES STORIES TASKS CASES: a project with these limits and
# test artefacts on; prints its id.
create_bench_project() {
  curl -sf -X POST "$1/api/projects" "${auth[@]}" -d @- <<JSON | json 'd["id"]'
{"name": "Harbour Clinic check-in",
 "domains": ["healthcare"],
 "vision": "A check-in app for the Harbour Clinic: patients book visits, check in from their phones, see waiting times and get reminders; receptionists manage the queue and the daily schedule.",
 "target_users": "patients, receptionists",
 "include_test_artifacts": true,
 "limits": {"max_epics": $2, "max_features_per_epic": $3,
            "max_stories_per_feature": $4, "max_tasks_per_story": $5,
            "max_test_cases_per_story": $6}}
JSON
}
