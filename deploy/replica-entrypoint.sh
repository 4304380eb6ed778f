#!/bin/sh
# The streaming replica's entrypoint (postgis image, docker-compose.yml): at first start, copy the primary with
# pg_basebackup, which writes standby.signal and primary_conninfo (-R); then start PostgreSQL as the image does,
# which finds a cluster and runs it as a hot standby that follows the primary through the slot "replica".
set -eu

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chown postgres "$PGDATA"
    chmod 700 "$PGDATA"
    until pg_isready --host "$PRIMARY_HOST" --port 5432 --quiet; do
        echo "waiting for the primary at $PRIMARY_HOST"
        sleep 2
    done
    PGPASSWORD="$REPLICATION_PASSWORD" gosu postgres pg_basebackup --host "$PRIMARY_HOST" --port 5432 \
        --username replicator --pgdata "$PGDATA" --slot replica --wal-method stream --write-recovery-conf \
        --checkpoint fast --progress
fi

exec docker-entrypoint.sh "$@"
