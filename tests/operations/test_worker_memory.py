"""The memory bound per worker (gunicorn.conf.py): a worker whose resident memory passed WORKER_MAX_RSS_MB after a
request is replaced once that request is answered. Real gunicorn on the test database, one worker; about 10 s."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.db import connection

from .conftest import unused_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
# Each access-log line names the worker that answered.
ACCESS_LOG_FORMAT = "served-by %(p)s %(s)s %(U)s"

pytestmark = pytest.mark.django_db


def start_gunicorn(max_rss_mb, log):
    database = connection.settings_dict
    port = unused_port()
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgis://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "DEBUG": "0",
        "SECRET_KEY": "test-only",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "WORKER_MAX_RSS_MB": str(max_rss_mb),
    }
    server = subprocess.Popen(
        [str(GUNICORN), "geoparticipation.wsgi", "-c", "gunicorn.conf.py", "--access-logfile", "-"]
        + ["--access-logformat", ACCESS_LOG_FORMAT, "--no-control-socket"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"{url}/sante/", timeout=30)
            return server, url
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    server.terminate()
    raise AssertionError(f"gunicorn did not start:\n{Path(log.name).read_text()}")


@pytest.fixture
def gunicorn_with_bound(tmp_path):
    servers = []

    def start(max_rss_mb):
        log = open(tmp_path / f"gunicorn-{len(servers)}.log", "w")
        server, url = start_gunicorn(max_rss_mb, log)
        servers.append((server, log))
        return url, Path(log.name)

    yield start
    for server, log in servers:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def answers(url, count):
    """The statuses of `count` requests on one kept-alive connection, as a browser or a GIS client sends them."""
    with requests.Session() as session:
        return [session.get(f"{url}/sante/", timeout=60).status_code for _ in range(count)]


def workers_that_answered(log, count):
    """The pids of the workers that answered the last `count` requests, from the access log."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        served = re.findall(r"^served-by <(\d+)> \d+ /sante/$", log.read_text(), re.MULTILINE)
        if len(served) >= count:
            return served[-count:]
        time.sleep(0.1)
    raise AssertionError(log.read_text())


def test_a_worker_past_the_memory_bound_is_replaced_after_its_answer_and_no_request_fails(gunicorn_with_bound):
    # A worker holds tens of MB once Django is loaded: past a bound of 1 MB after every request.
    url, log = gunicorn_with_bound(max_rss_mb=1)

    statuses = answers(url, 4)

    assert statuses == [200, 200, 200, 200]
    # A request that reaches a retiring worker on its kept-alive connection is still answered, with
    # "Connection: close": each worker answers one request or two.
    workers = workers_that_answered(log, 4)
    assert len(set(workers)) >= 2, workers
    assert workers[0] not in workers[2:], workers
    assert "past WORKER_MAX_RSS_MB=1: replaced" in log.read_text()


def test_a_worker_under_the_memory_bound_keeps_serving(gunicorn_with_bound):
    url, log = gunicorn_with_bound(max_rss_mb=100_000)

    statuses = answers(url, 4)

    assert statuses == [200, 200, 200, 200]
    assert len(set(workers_that_answered(log, 4))) == 1
    assert "WORKER_MAX_RSS_MB" not in log.read_text()
