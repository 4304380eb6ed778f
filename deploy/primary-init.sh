#!/bin/sh
# Run once by the postgis image when it creates the primary's cluster (/docker-entrypoint-initdb.d): the role and
# the slot the streaming replica (deploy/replica-entrypoint.sh) copies and follows the primary with.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
-- The slot keeps the WAL a stopped replica has not received yet, so that it catches up instead of being copied anew.
SELECT pg_create_physical_replication_slot('replica');
SQL

# The image lets every role in from the network, but a replication connection matches only "replication" lines.
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
