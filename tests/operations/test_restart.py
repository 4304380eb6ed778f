"""A real restart: PostgreSQL stopped and started again under a running site, on a throwaway cluster of the test's
own (the shared test cluster is never touched). Requests go through Django's WSGI handler, which checks the kept
connections between requests as in production. About 5 s."""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from .conftest import unused_port

BIN = Path(os.environ.get("PG_BINDIR", "/usr/lib/postgresql/15/bin"))
# PostgreSQL refuses to run as root: as root the cluster belongs to the user of scripts/postgres.sh.
RUN_AS = "geoparticipation-db"

pytestmark = pytest.mark.skipif(not (BIN / "initdb").exists(), reason=f"no PostgreSQL server binaries in {BIN}")


class Cluster:
    def __init__(self, directory, port):
        self.data, self.port = directory / "data", port
        self.log = directory / "server.log"

    def run(self, *command, check=True):
        prefix = ["runuser", "-u", RUN_AS, "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=check, capture_output=True, timeout=30)

    def start(self):
        self.run(str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "20", "start")

    def stop(self):
        self.run(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "20", "stop")


@pytest.fixture
def cluster():
    if os.geteuid() == 0:
        try:
            subprocess.run(["id", RUN_AS], check=True, capture_output=True)
        except subprocess.CalledProcessError:
            pytest.skip(f"run as root without the user {RUN_AS} (created by scripts/postgres.sh)")
    directory = Path(tempfile.mkdtemp(prefix="geoparticipation-restart-"))
    if os.geteuid() == 0:
        shutil.chown(directory, RUN_AS)
    cluster = Cluster(directory, unused_port())
    try:
        cluster.run(str(BIN / "initdb"), "-D", str(cluster.data), "-U", "geoparticipation", "--auth=trust", "-N")
        with open(cluster.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {cluster.port}\nunix_socket_directories = ''\n"
                "fsync = off\nshared_buffers = 16MB\nmax_connections = 20\n"
            )
        cluster.start()
        with psycopg.connect(host="127.0.0.1", port=cluster.port, user="geoparticipation", dbname="postgres") as db:
            # What the feeds read first: the version of the published data (layers/http.py).
            db.execute("CREATE TABLE layers_data_version (id int, version bigint, modified timestamptz)")
            db.execute("INSERT INTO layers_data_version VALUES (1, 1, now())")
        yield cluster
    finally:
        cluster.run(str(BIN / "pg_ctl"), "-D", str(cluster.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def site_on(cluster, django_db_blocker):
    """The site's database connection points at the throwaway cluster for the test."""
    settings_dict = connection.settings_dict
    saved = {key: settings_dict[key] for key in ("NAME", "HOST", "PORT", "USER", "PASSWORD")}
    with django_db_blocker.unblock():
        connection.close()
        settings_dict.update(
            NAME="postgres", HOST="127.0.0.1", PORT=str(cluster.port), USER="geoparticipation", PASSWORD=""
        )
        try:
            yield cluster
        finally:
            connection.close()
            settings_dict.update(saved)


def get(path):
    """(status, headers) of a GET served as gunicorn serves it: request_started, the response, then close()."""
    started = {}

    def start_response(status, headers):
        started.update(status=int(status.split()[0]), headers=dict(headers))

    response = WSGIHandler()(RequestFactory().get(path).environ, start_response)
    b"".join(response)
    response.close()
    return started["status"], started["headers"]


def wait_for(status, path, *, within):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if get(path)[0] == status:
            return True
        time.sleep(0.1)
    return False


def test_while_postgresql_restarts_clients_get_503_then_answers_resume_at_once(site_on):
    assert get("/ogc/conformance")[0] == 200  # the connection is kept for the next requests (CONN_MAX_AGE)

    site_on.stop()
    status, headers = get("/ogc/conformance")
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert get("/sante/")[0] == 503
    assert get("/")[0] == 503

    site_on.start()
    assert wait_for(200, "/sante/", within=5)
    assert get("/ogc/conformance")[0] == 200  # the connection that died is replaced, not reported


def test_a_kept_connection_that_a_restart_closed_is_replaced_without_an_error(site_on):
    assert get("/ogc/conformance")[0] == 200

    site_on.stop()
    site_on.start()

    assert get("/ogc/conformance")[0] == 200  # Django's health check reconnects before the first query
