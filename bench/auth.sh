#!/usr/bin/env bash
# Authentication benchmark (not a test).
#  1. GET /api/auth/verify with a valid bearer token against GET /api/health, at 64 and 256
#     connections, in the same run (target: verify >= 0.7 x health's req/s).
#  2. GET /api/health p99 while 50 clients hammer POST /api/auth/login with wrong passwords for
#     random user names (target: p99 < 50 ms). The login limits are lifted for the run, so every
#     attempt really costs a bcrypt verification: the worst case of an attack from many addresses.
#   bench/auth.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
duration="${1:-10}"

scripts/setup bench
cmake --preset release >/dev/null
cmake --build --preset release --target backlog >/dev/null

work=$(mktemp -d)
service_pid=""
cleanup() {
  [[ -n "$service_pid" ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

port=$(free_port)
start_service "$work" "$port" API_RATE_LIMIT=100000000 LOGIN_RATE_LIMIT=1000000 LOCKOUT_THRESHOLD=100
base="http://127.0.0.1:$port"
token=$(curl -sf -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
  -d '{"username":"bench","email":"bench@example.com","password":"a benchmark passphrase"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["tokens"]["access_token"])')

printf '%-22s %-6s %10s %9s %8s\n' target conns req/s p99_ms non2xx
declare -A rps
for connections in 64 256; do
  wrk -t"$(nproc)" -c"$connections" -d"${duration}s" --latency "$base/api/health" >"$work/h.out"
  read -r r p e < <(summarize_wrk "$work/h.out")
  rps[health-$connections]=$r
  printf '%-22s %-6s %10s %9s %8s\n' "GET /api/health" "$connections" "$r" "$p" "$e"
  wrk -t"$(nproc)" -c"$connections" -d"${duration}s" --latency \
    -H "Authorization: Bearer $token" "$base/api/auth/verify" >"$work/v.out"
  read -r r p e < <(summarize_wrk "$work/v.out")
  rps[verify-$connections]=$r
  printf '%-22s %-6s %10s %9s %8s\n' "GET /api/auth/verify" "$connections" "$r" "$p" "$e"
done
for connections in 64 256; do
  awk -v v="${rps[verify-$connections]}" -v h="${rps[health-$connections]}" -v c="$connections" \
    'BEGIN {printf "c%-4s verify/health = %.2f (target >= 0.70)\n", c, v/h}'
done

# A login flood with random user names, and health measured meanwhile.
cat >"$work/login.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local name = "attacker" .. math.random(1, 100000000)
  return wrk.format(nil, "/api/auth/login", nil,
    '{"username":"' .. name .. '","password":"not the right password"}')
end
LUA
wrk -t1 -c50 -d"$((duration + 4))s" -s "$work/login.lua" "$base" >"$work/login.out" &
flood=$!
sleep 2
wrk -t1 -c16 -d"${duration}s" --latency "$base/api/health" >"$work/hf.out"
wait "$flood"
read -r r p e < <(summarize_wrk "$work/hf.out")
read -r lr lp le < <(summarize_wrk "$work/login.out")
echo
echo "login flood: $lr attempts/s answered (p99 $lp ms; $le were not 401, i.e. 503 when the hashing queue was full)"
awk -v p="$p" -v r="$r" 'BEGIN {printf "GET /api/health during the flood: %s req/s, p99 %s ms (target < 50)\n", r, p}'
