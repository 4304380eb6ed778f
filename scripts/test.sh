#!/usr/bin/env bash
# The whole test suite against real PostGIS (the private cluster unless DATABASE_URL is set).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}" BASEMAP_URL="${BASEMAP_URL:-none}"
exec .venv/bin/pytest "$@"
