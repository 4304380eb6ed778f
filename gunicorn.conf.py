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
