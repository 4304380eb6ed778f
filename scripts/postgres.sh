#!/usr/bin/env bash
# The private PostgreSQL + PostGIS cluster under var/postgres, used when DATABASE_URL is unset.
# PostgreSQL refuses to run as root, so as root the cluster belongs to an unprivileged system user.
# It is a development cluster: trust authentication on 127.0.0.1 only, and fsync off for speed.
# `start-replica` also starts a streaming replica of it (pg_basebackup, standby.signal) on LOCAL_REPLICA_PORT, for
# the tests of the read replicas (make test); `stop` stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${LOCAL_POSTGRES_PORT:-54329}"
ROLE=geoparticipation
DB=geoparticipation
RUN_AS=geoparticipation-db
DIR="$PWD/var/postgres"
DATA="$DIR/data"
REPLICA_PORT="${LOCAL_REPLICA_PORT:-$((PORT + 1))}"
REPLICA_DATA="$DIR/replica"
BIN="${PG_BINDIR:-/usr/lib/postgresql/15/bin}"

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$RUN_AS" -- "$@"
    else
        "$@"
    fi
}

prepare_owner() {
    [ "$(id -u)" -eq 0 ] || return 0
    id "$RUN_AS" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_AS"
    mkdir -p "$DIR"
    # The cluster's owner must be able to reach var/postgres through every parent directory.
    local d="$DIR"
    while [ "$d" != "/" ]; do
        d="$(dirname "$d")"
        runuser -u "$RUN_AS" -- test -x "$d" || chmod o+x "$d"
    done
    chown -R "$RUN_AS" "$DIR"
}

start() {
    prepare_owner
    mkdir -p "$DIR"
    if [ ! -f "$DATA/PG_VERSION" ]; then
        echo "==> creating the private PostgreSQL cluster in var/postgres"
        as_owner "$BIN/initdb" -D "$DATA" -U "$ROLE" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >> "$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 256MB
max_connections = 200
CONF
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        echo "==> starting PostgreSQL on 127.0.0.1:$PORT"
        as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 start >/dev/null
    fi
    if ! psql -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
        psql -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d postgres -qc "CREATE DATABASE $DB"
    fi
    psql -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DB" -qc "CREATE EXTENSION IF NOT EXISTS postgis" 2>/dev/null
}

start_replica() {
    start
    if [ ! -f "$REPLICA_DATA/PG_VERSION" ]; then
        echo "==> creating a streaming replica of the private cluster in var/postgres/replica"
        # initdb's pg_hba.conf already lets the local role replicate over 127.0.0.1 (trust), and wal_level is
        # replica by default. -R writes standby.signal and primary_conninfo.
        as_owner "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U "$ROLE" -D "$REPLICA_DATA" -R -X stream -c fast
        cat >> "$REPLICA_DATA/postgresql.conf" <<CONF
port = $REPLICA_PORT
hot_standby = on
# Long reads (an export of every row) are not cancelled by the replay of a vacuum on the primary.
hot_standby_feedback = on
CONF
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$REPLICA_DATA" status >/dev/null 2>&1; then
        echo "==> starting the replica on 127.0.0.1:$REPLICA_PORT"
        as_owner "$BIN/pg_ctl" -D "$REPLICA_DATA" -l "$DIR/replica.log" -w -t 60 start >/dev/null
    fi
}

stop_replica() {
    [ -f "$REPLICA_DATA/PG_VERSION" ] || return 0
    as_owner "$BIN/pg_ctl" -D "$REPLICA_DATA" -m fast stop >/dev/null 2>&1 || true
}

stop() {
    stop_replica
    [ -f "$DATA/PG_VERSION" ] || return 0
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    start-replica) start_replica ;;
    stop-replica) stop_replica ;;
    *) echo "usage: $0 start|stop|start-replica|stop-replica" >&2; exit 2 ;;
esac
