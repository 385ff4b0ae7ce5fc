#!/usr/bin/env bash
# Start or stop the throwaway Redis and PostgreSQL servers used by the integration suite
# (vitest.integration.config.ts). Installs nothing: .ci/run installs redis-server and postgresql.
#
#   scripts/services.sh start   # prints the REDIS_URL / DATABASE_URL exports
#   eval "$(scripts/services.sh start)"
#   scripts/services.sh stop
#
# Runs as root (initdb and pg_ctl run as the postgres user through su). Everything binds to
# 127.0.0.1 only. Ports can be overridden with REDIS_PORT and PG_PORT.
set -euo pipefail

REDIS_PORT="${REDIS_PORT:-6390}"
PG_PORT="${PG_PORT:-5433}"
PG_DB="${PG_DB:-webauthn_test}"
STATE_FILE="${TESSERA_SERVICES_STATE:-/tmp/tessera-services.pgdata}"

log() { echo "services.sh: $*" >&2; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$dir" ]; then
    log "PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install -y postgresql)"
    exit 1
  fi
  echo "$dir"
}

start() {
  command -v redis-server >/dev/null || { log "redis-server not installed (apt-get install -y redis-server)"; exit 1; }
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    log "redis already running on 127.0.0.1:$REDIS_PORT"
  else
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no >/dev/null
    for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p "$REDIS_PORT" ping >/dev/null || { log "redis did not start"; exit 1; }
    log "redis started on 127.0.0.1:$REDIS_PORT"
  fi

  local PGBIN PGDATA
  PGBIN=$(pg_bin)
  if [ -f "$STATE_FILE" ] && [ -d "$(cat "$STATE_FILE")" ] \
    && su postgres -c "$PGBIN/pg_ctl -D $(cat "$STATE_FILE") status" >/dev/null 2>&1; then
    log "postgres already running ($(cat "$STATE_FILE"))"
  else
    PGDATA=$(mktemp -d /tmp/pgdata.XXXXXX)
    chown postgres:postgres "$PGDATA"
    su postgres -c "$PGBIN/initdb -D $PGDATA -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8" >/dev/null
    su postgres -c "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -o '-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off' -w start" >/dev/null
    su postgres -c "psql -h 127.0.0.1 -p $PG_PORT -U postgres -qc 'CREATE DATABASE $PG_DB'"
    echo "$PGDATA" >"$STATE_FILE"
    log "postgres started on 127.0.0.1:$PG_PORT ($PGDATA)"
  fi

  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB"
}

stop() {
  if command -v redis-cli >/dev/null && redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    log "redis stopped"
  fi
  if [ -f "$STATE_FILE" ]; then
    local PGBIN PGDATA
    PGBIN=$(pg_bin)
    PGDATA=$(cat "$STATE_FILE")
    if [ -d "$PGDATA" ]; then
      su postgres -c "$PGBIN/pg_ctl -D $PGDATA -m fast -w stop" >/dev/null 2>&1 || true
      rm -rf "$PGDATA"
      log "postgres stopped"
    fi
    rm -f "$STATE_FILE"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
