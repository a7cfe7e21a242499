#!/usr/bin/env bash
# Scale-out benchmark (not a test), in one run, every setup behind the same nginx configuration
# (deploy/nginx-cluster.conf with its ports) and the same Redis:
#   sqlite-1:    one instance on SQLite
#   postgres-1:  one instance on PostgreSQL
#   postgres-3:  three instances on one PostgreSQL database
# For each: authenticated reads (GET /api/projects, 20 projects, wrk with 64 connections) in
# req/s and p99, and job throughput: small generations (limits 1/1/2/1/1, test artefacts on,
# 14 LLM calls each) started together by 4 users, jobs finished per second; 64 of them with the
# LLM emulator answering at once (CPU-bound) and 24 with every call answered after 200 ms.
# Prints the figures and the ratios postgres-3/postgres-1 (target: >= 1, nothing lost by
# spreading over instances) and postgres-1/sqlite-1 per request (target: PostgreSQL within 2x).
# On one machine every instance, PostgreSQL, Redis, nginx and wrk share the same cores.
#   bench/cluster.sh [seconds per read run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
duration="${1:-10}"

scripts/setup bench
cmake --preset release >/dev/null
cmake --build --preset release --target backlog >/dev/null

work=$(mktemp -d)
pids=()
fake_pid=""
cleanup() {
  for pid in "${pids[@]}" $fake_pid; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  tests/support/postgres-server.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

start_fake_llm "$work"
llm="$fake_url"
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  >"$work/redis.out" 2>&1 &
pids+=($!)
server_url=$(tests/support/postgres-server.sh start "$work/pg")
chmod 755 "$work"

# run_setup NAME DATABASE_URL INSTANCES: starts the instances and nginx, measures, stops them.
run_setup() {
  local name=$1 database=$2 count=$3 dir="$work/$1" ports=() servers=""
  mkdir -p "$dir"
  local instance_pids=()
  for ((i = 1; i <= count; i++)); do
    local port
    port=$(free_port)
    mkdir -p "$dir/i$i"
    start_service "$dir/i$i" "$port" DATABASE_URL="$database" REDIS_URL="redis://127.0.0.1:$redis_port" \
      TRUSTED_PROXIES=127.0.0.1 API_RATE_LIMIT=100000000 LOGIN_RATE_LIMIT=1000000 \
      REGISTER_RATE_LIMIT=1000000 MAX_QUEUED_JOBS_PER_USER=100 \
      DATA_ENCRYPTION_KEY=bench-data-key-0123456789abcdef0123456789abcdef \
      LLM_PROVIDER=openai OPENAI_BASE_URL="$llm/v1" OPENAI_API_KEY=sk-bench LLM_MODEL=gpt-4o-mini
    instance_pids+=("$service_pid")
    pids+=("$service_pid")
    servers+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;\n"
  done
  local nginx_port
  nginx_port=$(free_port)
  mkdir -p "$dir/nginx"
  sed -e "/server 127\.0\.0\.1:800[2-9]/d" \
    -e "s|    server 127\.0\.0\.1:8001.*|$servers|" \
    -e "s|listen 80;|listen 127.0.0.1:$nginx_port;|" deploy/nginx-cluster.conf >"$dir/nginx/site.conf"
  cat >"$dir/nginx/nginx.conf" <<CONF
$( ((EUID == 0)) && echo "user root;")
daemon off;
worker_processes 1;
error_log $dir/nginx/error.log warn;
pid $dir/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fastcgi;
  uwsgi_temp_path $dir/nginx/uwsgi;
  scgi_temp_path $dir/nginx/scgi;
  include $dir/nginx/site.conf;
}
CONF
  /usr/sbin/nginx -c "$dir/nginx/nginx.conf" -p "$dir/nginx" -e stderr >"$dir/nginx/out" 2>&1 &
  local nginx_pid=$!
  pids+=("$nginx_pid")
  until curl -sf "http://127.0.0.1:$nginx_port/api/health" >/dev/null; do sleep 0.1; done
  local base="http://127.0.0.1:$nginx_port"

  sign_up_bench_user "$base"
  for ((p = 0; p < 20; p++)); do create_bench_project "$base" 1 1 2 1 1 >/dev/null; done
  wrk -t2 -c64 -d"${duration}s" --latency -H "Authorization: Bearer $token" \
    "$base/api/projects" >"$dir/wrk.out"
  read -r rps p99 errors < <(summarize_wrk "$dir/wrk.out")

  # Job throughput, twice: with the LLM emulator answering at once (the instances' own work
  # is all there is: CPU-bound) and answering every call after 200 ms (what real providers make
  # of a job: waiting, so more instances run more jobs at once).
  local cpu_jobs latency_jobs
  curl -sf -X POST "$llm/_control/config" -H 'Content-Type: application/json' -d '{"latency_ms": 0}' >/dev/null
  cpu_jobs=$(job_throughput "$nginx_port" cpu 16)
  curl -sf -X POST "$llm/_control/config" -H 'Content-Type: application/json' -d '{"latency_ms": 200}' >/dev/null
  latency_jobs=$(job_throughput "$nginx_port" wait 6)
  printf '%-11s %9s %10s %8s %7s %11s %11s\n' "$name" "$count" "$rps" "$p99" "$errors" "$cpu_jobs" "$latency_jobs"
  echo "$name $rps $p99 $cpu_jobs $latency_jobs" >>"$work/results"
  kill "$nginx_pid" "${instance_pids[@]}" 2>/dev/null || true
  wait "$nginx_pid" "${instance_pids[@]}" 2>/dev/null || true
}

# job_throughput NGINX_PORT USER_PREFIX PROJECTS_PER_USER: 4 users, each with that many projects,
# start a generation on every project at once; prints the jobs finished per second.
job_throughput() {
  python3 - "$@" <<'PY'
import json, sys, time, http.client
sys.path.insert(0, "bench")
from api_client import ApiClient
port, prefix, per_user = sys.argv[1], sys.argv[2], int(sys.argv[3])
def register(name):
    c = http.client.HTTPConnection("127.0.0.1", int(port))
    body = json.dumps({"username": name, "email": f"{name}@example.com",
                       "password": "a benchmark passphrase"})
    c.request("POST", "/api/auth/register", body, {"Content-Type": "application/json"})
    return json.loads(c.getresponse().read())["data"]["tokens"]["access_token"]
clients = [ApiClient(port, register(f"{prefix}{u}")) for u in range(4)]
project = {"name": "Clinic", "domains": ["healthcare"], "target_users": "patients",
           "vision": "A check-in app for a clinic: patients book visits, check in from their "
                     "phones and see waiting times; receptionists manage the queue.",
           "include_test_artifacts": True,
           "limits": {"max_epics": 1, "max_features_per_epic": 1, "max_stories_per_feature": 2,
                      "max_tasks_per_story": 1, "max_test_cases_per_story": 1}}
targets = [(c, c.call("POST", "/api/projects", json.dumps(project))["id"])
           for c in clients for _ in range(per_user)]
started = time.monotonic()
jobs = [(c, c.call("POST", f"/api/projects/{p}/jobs", "{}")["id"]) for c, p in targets]
final = ("completed", "completed_with_warnings", "failed", "cancelled")
pending = list(jobs)
while pending:
    if time.monotonic() - started > 600:
        sys.exit("the jobs did not finish within 600 s")
    time.sleep(0.1)
    pending = [(c, j) for c, j in pending if c.call("GET", f"/api/jobs/{j}")["state"] not in final]
elapsed = time.monotonic() - started
states = [c.call("GET", f"/api/jobs/{j}")["state"] for c, j in jobs]
if any(s not in ("completed", "completed_with_warnings") for s in states):
    sys.exit(f"not every job completed: {states}")
print(f"{len(jobs) / elapsed:.2f}")
PY
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); every process on it"
printf '%-11s %9s %10s %8s %7s %11s %11s\n' setup instances req/s p99_ms non2xx jobs/s-cpu jobs/s-wait
psql -q "${server_url}postgres" -c "CREATE DATABASE bench1" -c "CREATE DATABASE bench3"
run_setup sqlite-1 "sqlite://$work/sqlite-1/data/agile_backlog.db" 1
run_setup postgres-1 "${server_url}bench1" 1
run_setup postgres-3 "${server_url}bench3" 3
python3 - "$work/results" <<'PY'
import sys
r = {}
for line in open(sys.argv[1]):
    name, rps, p99, cpu, wait = line.split()
    r[name] = (float(rps), float(p99), float(cpu), float(wait))
s1, p1, p3 = r["sqlite-1"], r["postgres-1"], r["postgres-3"]
print(f"postgres-3 / postgres-1: reads {p3[0] / p1[0]:.2f}x, CPU-bound jobs {p3[2] / p1[2]:.2f}x, "
      f"waiting jobs {p3[3] / p1[3]:.2f}x (target >= 1)")
print(f"postgres-1 / sqlite-1 per request: {s1[0] / p1[0]:.2f}x the time (target <= 2), "
      f"p99 {p1[1]:.2f} vs {s1[1]:.2f} ms; CPU-bound jobs {p1[2] / s1[2]:.2f}x")
PY
