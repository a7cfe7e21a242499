#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests and benchmarks, on a free loopback port, with its
# data in a fresh temporary folder (fsync off: nothing in it needs to survive the run). As root it
# runs the server as the unprivileged "postgres" user, since PostgreSQL refuses to run as root.
#   tests/support/postgres-server.sh start STATE_DIR   prints the server's URL (also STATE_DIR/url)
#   tests/support/postgres-server.sh stop STATE_DIR    stops it and deletes its data
#   tests/support/postgres-server.sh pause STATE_DIR   stops the server, keeping its data
#   tests/support/postgres-server.sh resume STATE_DIR  starts it again on the same port
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"  # runuser, when started from a minimal environment
command=${1:?"usage: postgres-server.sh start|stop STATE_DIR"}
state=${2:?"usage: postgres-server.sh start|stop STATE_DIR"}
bin=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
as_server_user=()
if ((EUID == 0)); then
  as_server_user=(runuser -u postgres --)
fi

stop() {
  [[ -f $state/data-dir ]] || return 0
  local data
  data=$(cat "$state/data-dir")
  if [[ -d $data/data ]]; then
    "${as_server_user[@]}" "$bin/pg_ctl" -D "$data/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$data"
  rm -f "$state/data-dir" "$state/url" "$state/port"
}

start_server() {
  local data=$1 port=$2
  "${as_server_user[@]}" "$bin/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$data/server.log" >&2; exit 1; }
}

case $command in
  start)
    mkdir -p "$state"
    stop
    data=$(mktemp -d /tmp/backlog-pg.XXXXXX)
    echo "$data" >"$state/data-dir"
    ((EUID == 0)) && chown postgres: "$data"
    port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_server_user[@]}" "$bin/initdb" -D "$data/data" -U postgres -A trust -E UTF8 --locale=C \
      --no-sync >"$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; exit 1; }
    echo "$port" >"$state/port"
    start_server "$data" "$port"
    echo "postgresql://postgres@127.0.0.1:$port/" | tee "$state/url"
    ;;
  stop) stop ;;
  pause)
    "${as_server_user[@]}" "$bin/pg_ctl" -D "$(cat "$state/data-dir")/data" -m fast -w -t 30 stop >/dev/null
    ;;
  resume) start_server "$(cat "$state/data-dir")" "$(cat "$state/port")" ;;
  *) echo "postgres-server.sh: unknown command $command" >&2; exit 2 ;;
esac
