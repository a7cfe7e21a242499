#!/usr/bin/env bash
# HTTP benchmark (not a test): GET /api/health on the service against nginx answering the same
# JSON with `return 200`, both on loopback and measured in the same run with wrk.
#   bench/http.sh [seconds per run, default 10]
# Prints req/s and p99 at 64 and 256 connections, the service/nginx ratio, and the service's
# resident memory at idle and at its peak under load. Both servers write an access log to disk.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
duration="${1:-10}"

scripts/setup bench
cmake --preset release >/dev/null
cmake --build --preset release --target backlog >/dev/null

work=$(mktemp -d)
service_pid=""
nginx_pid=""
cleanup() {
  [[ -n "$service_pid" ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The service, as scripts/run starts it (release build, access log on), logging to a file.
service_port=$(free_port)
start_service "$work" "$service_port"
body=$(curl -sf "http://127.0.0.1:$service_port/api/health")

# The reference: nginx with as many workers as the service has I/O threads.
nginx_port=$(free_port)
escaped_body=${body//\'/\\\'}
cat >"$work/nginx.conf" <<CONF
worker_processes $(nproc);
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log $work/nginx-access.log;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work;
  uwsgi_temp_path $work; scgi_temp_path $work;
  server {
    listen 127.0.0.1:$nginx_port;
    location = /api/health { default_type application/json; return 200 '$escaped_body'; }
  }
}
CONF
nginx -c "$work/nginx.conf" &
nginx_pid=$!
until curl -sf "http://127.0.0.1:$nginx_port/api/health" >/dev/null; do sleep 0.05; done

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
peak_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
idle_rss=$(rss_kb "$service_pid")

# wrk: threads = cores; prints "req/s p99_ms non2xx".
run_wrk() {
  local port=$1 connections=$2
  wrk -t"$(nproc)" -c"$connections" -d"${duration}s" --latency \
    "http://127.0.0.1:$port/api/health" >"$work/wrk.out"
  summarize_wrk "$work/wrk.out"
}

printf '%-8s %-6s %12s %10s %10s\n' server conns req/s p99_ms non2xx
declare -A result
for connections in 64 256; do
  for name in nginx service; do
    port=$([[ $name == nginx ]] && echo "$nginx_port" || echo "$service_port")
    read -r rps p99 errors < <(run_wrk "$port" "$connections")
    result[$name-$connections]="$rps $p99"
    printf '%-8s %-6s %12s %10s %10s\n' "$name" "$connections" "$rps" "$p99" "$errors"
  done
done
peak_rss=$(peak_kb "$service_pid")

echo
for connections in 64 256; do
  read -r nginx_rps _ <<<"${result[nginx-$connections]}"
  read -r service_rps service_p99 <<<"${result[service-$connections]}"
  awk -v s="$service_rps" -v n="$nginx_rps" -v c="$connections" -v p="$service_p99" \
    'BEGIN {printf "c%-4s service/nginx = %.2f (target >= 0.40)   service p99 = %s ms%s\n",
            c, s/n, p, (c==256 ? " (target < 20)" : "")}'
done
awk -v i="$idle_rss" -v p="$peak_rss" \
  'BEGIN {printf "service RSS: idle %.1f MB (target < 30), peak under load %.1f MB\n", i/1024, p/1024}'
