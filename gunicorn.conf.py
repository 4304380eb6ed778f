"""gunicorn settings, for the Docker image and `make bench` (`gunicorn geoparticipation.wsgi -c gunicorn.conf.py`)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# No statement of a web request runs longer than this (settings.DATABASE_STATEMENT_TIMEOUT): it is answered 503.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "30")
# Two processes per core; WEB_CONCURRENCY overrides.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
# Threaded workers keep HTTP connections alive between requests, where sync workers close each one; two threads
# per process also let a long download (a GeoPackage) run beside short requests.
worker_class = "gthread"
threads = 2
keepalive = 5
# A CQL2 filter in the OGC API's query string (an area drawn in QGIS, a long IN list) runs past gunicorn's default
# request line of 4,094 bytes; 8,190 is its largest, and what nginx's default buffers take.
limit_request_line = 8190
# gunicorn 27 opens a control socket, by default one path per user shared by every gunicorn of the machine (the
# bench runs ours beside pygeoapi's): nothing here uses it.
control_socket_disable = True

# A memory bound per worker. A request that grew its worker past WORKER_MAX_RSS_MB of resident memory is answered in
# full; then the worker stops taking requests, finishes those in flight, and the arbiter starts a fresh one. At
# 1,000,000 contributions a worker holds about 245 MB after the pages and feeds, and 274 MB after building the bilan
# PDF, the heaviest path: 512 MB is only reached by a leak or an unbounded path. An address-space limit (RLIMIT_AS)
# would fail the request itself instead, and counts what a worker reserves but never touches (900 MB of address
# space for those 274 MB resident, GDAL, PROJ and the threads' arenas). 0 disables the bound.
MAX_RSS_MB = int(os.environ.get("WORKER_MAX_RSS_MB", 512))
# A long download on the other thread of a retiring worker gets this long to finish.
graceful_timeout = 120
# Leaks that do not show in the resident memory (file descriptors, caches) are bounded too: a worker is replaced
# after this many requests, at a jittered count so that the workers do not restart together.
max_requests = int(os.environ.get("WORKER_MAX_REQUESTS", 100_000))
max_requests_jitter = max_requests // 10


def resident_mb():
    """The resident memory of this process, in MB (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def post_request(worker, req, environ, resp):
    if not MAX_RSS_MB or not worker.alive:
        return
    resident = resident_mb()
    if resident > MAX_RSS_MB:
        worker.log.info(
            "Worker %s at %.0f MB after %s %s, past WORKER_MAX_RSS_MB=%s: replaced",
            worker.pid,
            resident,
            req.method,
            req.path,
            MAX_RSS_MB,
        )
        worker.alive = False
