#!/usr/bin/env bash
# Migrates, loads the communes and the demo data (idempotent), then serves the site.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}"
PORT="${PORT:-8000}"
manage() { .venv/bin/python manage.py "$@"; }

manage migrate --no-input -v 0
manage load_communes
manage load_demo
manage load_demo_survey
echo
echo "  geoparticipation: http://127.0.0.1:$PORT/"
echo "  API:              http://127.0.0.1:$PORT/api/v1/"
manage demo_officer "http://127.0.0.1:$PORT/"
echo
exec .venv/bin/python manage.py runserver --noreload "127.0.0.1:$PORT"
