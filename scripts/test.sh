#!/usr/bin/env bash
# Lint, then the whole test suite against real PostGIS (the private cluster unless DATABASE_URL is set).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
export DEBUG="${DEBUG:-1}" BASEMAP_URL="${BASEMAP_URL:-none}"
if [ -z "${DATABASE_URL:-}" ]; then
    # The private cluster's streaming replica, which tests/operations/test_replicas.py requires here (elsewhere, a
    # developer's DATABASE_URL without DATABASE_REPLICA_URLS skips them).
    bash scripts/postgres.sh start-replica
    export DATABASE_REPLICA_URLS="postgis://geoparticipation@127.0.0.1:${LOCAL_REPLICA_PORT:-$((${LOCAL_POSTGRES_PORT:-54329} + 1))}/geoparticipation"
    export TEST_PRIVATE_REPLICA=1
fi
exec .venv/bin/pytest "$@"
