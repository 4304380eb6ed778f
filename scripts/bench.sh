#!/usr/bin/env bash
# `make bench`: a production-like server on loopback over 1,000,000 seeded contributions (BENCH_CONTRIBUTIONS), each
# workload timed against a baseline in the same run (bench/run.py). The seeded database is kept and reused across runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=0 ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 \
    CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 BASEMAP_URL=none
export SECRET_KEY="${SECRET_KEY:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')}"
# The limits stay on, raised far above what the workloads send, so that their cost is in the timings: 8 clients
# post hundreds of proposals a second from one address, wrk reads thousands of tiles a second. "off" lifts one.
export RATE_CONTRIBUTIONS="${RATE_CONTRIBUTIONS:-10000000/min}" RATE_WRITES_PER_IP="${RATE_WRITES_PER_IP:-10000000/min}" \
    RATE_READS="${RATE_READS:-10000000/min}"
CONTRIBUTIONS="${BENCH_CONTRIBUTIONS:-1000000}"
private_port=""

if ! command -v wrk >/dev/null; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y -qq wrk >/dev/null
fi

if [ -z "${DATABASE_URL:-}" ]; then
    port="${LOCAL_POSTGRES_PORT:-54329}"
    # One database per size, so that a run at another size neither reseeds nor reuses the 1,000,000 one.
    bench_db=geoparticipation_bench
    [ "$CONTRIBUTIONS" -ne 1000000 ] && bench_db="geoparticipation_bench_$CONTRIBUTIONS"
    psql -h 127.0.0.1 -p "$port" -U geoparticipation -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$bench_db'" | grep -q 1 \
        || psql -h 127.0.0.1 -p "$port" -U geoparticipation -d postgres -qc "CREATE DATABASE $bench_db"
    export DATABASE_URL="postgis://geoparticipation@127.0.0.1:$port/$bench_db"
    private_port="$port"
    # The outage workload restarts this cluster, which it may do only to the private one.
    export BENCH_PRIVATE_CLUSTER=1
fi
manage() { .venv/bin/python manage.py "$@"; }
manage migrate --no-input -v 0
manage load_communes
seeded=$(manage shell -v 0 --no-imports -c "from geoparticipation.participation.models import Proposal, Annotation; \
print(Proposal.objects.filter(process__slug='charge-synthetique').count() \
+ Annotation.objects.filter(process__slug='charge-synthetique').count())")
if [ "$seeded" -lt "$CONTRIBUTIONS" ]; then
    manage seed --contributions "$CONTRIBUTIONS" --reset
fi

# The peers, for the benchmark only, each in its own virtual environment. One that does not install is left out
# (bench/run.py then reports it unavailable) rather than failing the run.
install_peer() {
    local name="$1" venv="var/bench/$1-venv" server="$2"
    shift 2
    [ -x "$venv/bin/$server" ] && return
    echo "==> installing the peer $name into $venv"
    if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q "$@"; }; then
        echo "==> $name did not install: the benchmark runs without it"
        rm -rf "$venv"
    fi
}
install_peer pygeoapi gunicorn "pygeoapi==0.21.0" psycopg2-binary SQLAlchemy GeoAlchemy2 gunicorn
install_peer tipg uvicorn "tipg==1.6.1" uvicorn
manage collectstatic --no-input -v 0

if [ -n "$private_port" ]; then
    # The private cluster runs without fsync for the tests; the timings are taken with durable commits.
    settings() {
        psql -h 127.0.0.1 -p "$private_port" -U geoparticipation -d postgres -qAt \
            -c "ALTER SYSTEM $1 fsync $2" -c "ALTER SYSTEM $1 synchronous_commit $2" \
            -c "ALTER SYSTEM $1 full_page_writes $2" -c "SELECT pg_reload_conf()" >/dev/null
    }
    trap 'settings RESET ""' EXIT
    settings SET "= on"
fi
.venv/bin/python bench/run.py
