#!/usr/bin/env bash
# Brings a fresh Debian/Ubuntu machine to the point where the project runs:
# system packages, .venv with the project installed, and (when DATABASE_URL is unset) a private
# PostGIS cluster under var/. Idempotent: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

EXTRA="${1:-}"   # "dev" also installs what the tests need (Chromium, the dev extra)

system_packages=(postgresql-15 postgresql-15-postgis-3 gdal-bin libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
# Chromium for the browser tests; Playwright's node driver needs libatomic1. docker-compose validates
# docker-compose.yml, and nginx-light and pgbouncer run deploy/'s configuration (tests/operations/test_compose.py).
[ "$EXTRA" = dev ] && system_packages+=(chromium libatomic1 docker-compose nginx-light pgbouncer)

missing=()
for pkg in "${system_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
python3 -c "import ensurepip" 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

stamp=".venv/.installed-$EXTRA"
if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv"
    python3 -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "==> installing the project into .venv"
    .venv/bin/pip install -q --upgrade pip
    if [ "$EXTRA" = dev ]; then
        .venv/bin/pip install -q -e ".[dev]"
    else
        .venv/bin/pip install -q -e .
    fi
    touch "$stamp"
fi

mkdir -p var/static

if [ -z "${DATABASE_URL:-}" ]; then
    bash scripts/postgres.sh start
fi
