# A throwaway PostgreSQL cluster on a loopback port, owned by the postgres user.
# Source it, then: start_postgres (sets PG_URL) ... stop_postgres.
PG_PORT="${PG_PORT:-55432}"
PG_DIR="${PG_DIR:-/tmp/virtlearn-pg}"

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  echo "${bin:-$(dirname "$(command -v pg_ctl)")}"
}

start_postgres() {
  local bin; bin=$(pg_bin)
  rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"; chown postgres "$PG_DIR"
  su postgres -c "'$bin/initdb' -D '$PG_DIR/data' -U postgres -A trust --no-sync -E UTF8" >/dev/null
  su postgres -c "'$bin/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/log' -w -o \"-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" >/dev/null
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/virtlearn"
  su postgres -c "'$bin/createdb' -h 127.0.0.1 -p $PG_PORT virtlearn"
  export PG_URL
}

stop_postgres() {
  local bin; bin=$(pg_bin)
  su postgres -c "'$bin/pg_ctl' -D '$PG_DIR/data' -m fast stop" >/dev/null 2>&1 || true
}
