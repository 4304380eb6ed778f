#!/usr/bin/env bash
# Lint, then the whole test suite against real PostGIS (the private cluster unless DATABASE_URL is set).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
export DEBUG="${DEBUG:-1}" BASEMAP_URL="${BASEMAP_URL:-none}"
exec .venv/bin/pytest "$@"
