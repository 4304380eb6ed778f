"""The production shape in docker-compose.yml and deploy/: the file validates against the compose schema, and the
pieces that can run on this machine (nginx, PgBouncer) run their configuration for real in front of the test
database and a live server. Docker itself is not needed."""

import configparser
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import requests
import yaml
from django.db import connection

from ..factories import make_process, make_proposal
from .conftest import unused_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# PgBouncer refuses to run as root: as root it runs as the user of scripts/postgres.sh.
RUN_AS = "geoparticipation-db"


def compose_command():
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip("neither `docker compose` nor docker-compose (Debian package docker-compose, scripts/setup.sh dev)")


def compose_config(*arguments):
    return subprocess.run(
        [*compose_command(), "--file", str(ROOT / "docker-compose.yml"), "config", *arguments],
        env={**os.environ, "SECRET_KEY": "test-only"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def services():
    result = compose_config()
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def volume_targets(service):
    """Where a service's volumes are mounted, from the short syntax (docker-compose 1.x) or the long one."""
    return [volume.split(":")[1] if isinstance(volume, str) else volume["target"] for volume in service["volumes"]]


def pgbouncer_ini():
    ini = configparser.ConfigParser(comment_prefixes=(";",), inline_comment_prefixes=None, interpolation=None)
    ini.read(DEPLOY / "pgbouncer.ini")
    return ini


def test_docker_compose_accepts_the_file():
    result = compose_config("--quiet")

    assert result.returncode == 0, result.stderr


def test_the_file_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [*compose_command(), "--file", str(ROOT / "docker-compose.yml"), "config", "--quiet"],
        env={key: value for key, value in os.environ.items() if key != "SECRET_KEY"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "set SECRET_KEY in the environment" in result.stderr


def test_the_production_shape_has_a_primary_a_replica_a_pooler_the_app_and_a_caching_proxy(services):
    assert set(services) == {"db", "replica", "pgbouncer", "migrate", "app", "nginx"}
    assert services["nginx"]["ports"][0]["published"] in (8000, "8000")
    assert "ports" not in services["app"]


def test_the_replica_is_copied_from_the_primary_and_runs_as_a_hot_standby(services):
    replica = services["replica"]
    assert replica["entrypoint"] == ["/deploy/replica-entrypoint.sh"]
    assert replica["environment"]["PRIMARY_HOST"] == "db"
    script = (DEPLOY / "replica-entrypoint.sh").read_text()
    # --write-recovery-conf writes standby.signal and primary_conninfo: the copy starts as a standby.
    assert re.search(r"pg_basebackup .*--slot replica .*--write-recovery-conf", script.replace("\\\n", ""))
    assert "pg_create_physical_replication_slot('replica')" in (DEPLOY / "primary-init.sh").read_text()
    assert any(target.startswith("/docker-entrypoint-initdb.d/") for target in volume_targets(services["db"]))


def test_the_app_reaches_the_primary_and_the_replica_through_pgbouncer_and_migrates_directly(services):
    app, migrate = services["app"]["environment"], services["migrate"]["environment"]
    databases = pgbouncer_ini()["databases"]

    primary, replica = urlsplit(app["DATABASE_URL"]), urlsplit(app["DATABASE_REPLICA_URLS"])
    assert (primary.hostname, primary.port) == ("pgbouncer", 6432)
    assert (replica.hostname, replica.port) == ("pgbouncer", 6432)
    assert "host=db " in databases[primary.path.strip("/")]
    assert "host=replica " in databases[replica.path.strip("/")]
    assert (urlsplit(migrate["DATABASE_URL"]).hostname, urlsplit(migrate["DATABASE_URL"]).port) == ("db", 5432)
    assert services["app"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_pgbouncer_pools_transactions_and_keeps_the_prepared_statements(services):
    settings = pgbouncer_ini()["pgbouncer"]

    assert settings["pool_mode"] == "transaction"
    assert int(settings["max_prepared_statements"]) > 0
    assert services["app"]["environment"]["DATABASE_PREPARED_STATEMENTS"] == "1"
    assert "options" in [name.strip() for name in settings["ignore_startup_parameters"].split(",")]


def test_the_statement_timeout_set_by_pgbouncer_is_the_one_the_app_announces(services):
    timeout = int(services["app"]["environment"]["DATABASE_STATEMENT_TIMEOUT"])

    for definition in pgbouncer_ini()["databases"].values():
        assert f"SET statement_timeout = {timeout * 1000}" in definition
        assert "SET jit = off" in definition


def run_as_unprivileged():
    if os.geteuid() != 0:
        return []
    if subprocess.run(["id", RUN_AS], capture_output=True).returncode != 0:
        pytest.skip(f"run as root without the user {RUN_AS} (created by scripts/postgres.sh)")
    return ["runuser", "-u", RUN_AS, "--"]


def rewritten(text, replacements):
    """The configuration with the addresses of this machine instead of the containers' names; each replaced
    line must be there, so that a change of the file shows here."""
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def pgbouncer():
    """Debian's PgBouncer (1.18) on deploy/pgbouncer.ini, in front of the test database. max_prepared_statements
    comes with PgBouncer 1.21: this older one runs without it."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        pytest.skip("no pgbouncer (Debian package pgbouncer, scripts/setup.sh dev)")
    prefix = run_as_unprivileged()
    # Outside pytest's temporary folders, which only root may enter.
    tmp_path = Path(tempfile.mkdtemp(prefix="geoparticipation-pgbouncer-"))
    database = connection.settings_dict
    port = unused_port()
    server = f"host={database['HOST']} port={database['PORT']} dbname={database['NAME']}"
    text = rewritten(
        (DEPLOY / "pgbouncer.ini").read_text(),
        {
            "host=db port=5432 dbname=geoparticipation": server,
            "host=replica port=5432 dbname=geoparticipation": server,
            "listen_addr = *": "listen_addr = 127.0.0.1",
            "listen_port = 6432": f"listen_port = {port}",
            "auth_type = scram-sha-256": "auth_type = trust",
            "auth_file = /etc/pgbouncer/userlist.txt": f"auth_file = {tmp_path}/userlist.txt",
            "max_prepared_statements = 200\n": "",
        },
    )
    (tmp_path / "pgbouncer.ini").write_text(text)
    (tmp_path / "userlist.txt").write_text(f'"{database["USER"]}" ""\n')
    if os.geteuid() == 0:
        shutil.chown(tmp_path, RUN_AS)
    process = subprocess.Popen(
        [*prefix, binary, str(tmp_path / "pgbouncer.ini")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_port(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(tmp_path)


def wait_for_port(port, process):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read())
        try:
            with psycopg.connect(host="127.0.0.1", port=port, dbname="pgbouncer", user="x", connect_timeout=1):
                pass
        except psycopg.OperationalError as error:
            if "connection refused" not in str(error).lower():
                return
        else:
            return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}")


@pytest.mark.django_db
def test_through_pgbouncer_a_web_connection_gets_its_statement_timeout_and_jit_off(pgbouncer):
    # The parameters the app connects with under gunicorn (settings.DATABASES), startup options included, which
    # PgBouncer would refuse if it did not ignore them.
    parameters = {**connection.get_connection_params(), "host": "127.0.0.1", "port": pgbouncer}
    parameters["dbname"] = "geoparticipation"
    parameters["options"] = "-c jit=off -c statement_timeout=30s"

    with psycopg.connect(**parameters, autocommit=True) as database:
        timeout = database.execute("SHOW statement_timeout").fetchone()[0]
        jit = database.execute("SHOW jit").fetchone()[0]

    assert (timeout, jit) == ("30s", "off")


@pytest.fixture
def nginx_directory():
    """Outside pytest's temporary folders, which nginx's workers (another user, when run as root) cannot enter."""
    if not shutil.which("nginx"):
        pytest.skip("no nginx (Debian package nginx-light, scripts/setup.sh dev)")
    directory = Path(tempfile.mkdtemp(prefix="geoparticipation-nginx-"))
    directory.chmod(0o755)
    (directory / "cache").mkdir(mode=0o777)
    (directory / "cache").chmod(0o777)
    yield directory
    shutil.rmtree(directory)


def test_nginx_accepts_its_configuration(nginx_directory):
    nginx_conf = nginx_configuration(nginx_directory, upstream_port=unused_port(), port=unused_port())

    result = subprocess.run(["nginx", "-t", "-c", str(nginx_conf)], capture_output=True, text=True, timeout=30)

    assert result.returncode == 0, result.stderr


def nginx_configuration(directory, upstream_port, port):
    text = rewritten(
        (DEPLOY / "nginx.conf").read_text(),
        {
            "pid /tmp/nginx.pid;": f"pid {directory}/nginx.pid;",
            "/var/cache/nginx/feeds": f"{directory}/cache",
            "server app:8000;": f"server 127.0.0.1:{upstream_port};",
            "listen 80 default_server;": f"listen 127.0.0.1:{port};",
            "alias /srv/static/;": f"alias {ROOT}/static/;",
        },
    )
    (directory / "nginx.conf").write_text(text)
    shutil.copy(DEPLOY / "feeds-cache.conf", directory / "feeds-cache.conf")
    return directory / "nginx.conf"


@pytest.fixture
def nginx(nginx_directory, live_server):
    upstream = urlsplit(live_server.url)
    port = unused_port()
    nginx_conf = nginx_configuration(nginx_directory, upstream_port=upstream.port, port=port)
    process = subprocess.Popen(
        ["nginx", "-c", str(nginx_conf), "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            requests.get(f"{url}/static/", timeout=5)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def published_proposal(committed_territory, django_user_model):
    author = django_user_model.objects.create_user("camille@example.org", "Camille59", "un-mot-de-passe-solide")
    return make_proposal(make_process(), author)


def cache_status(response):
    return response.headers.get("X-Cache-Status")


@pytest.mark.django_db(transaction=True)
def test_nginx_keeps_a_tile_and_answers_the_next_request_from_its_cache(nginx, published_proposal):
    tile = f"{nginx}/tiles/proposals/14/8331/5511.pbf"

    first, second = requests.get(tile), requests.get(tile)

    assert (first.status_code, second.status_code) == (200, 200)
    assert (cache_status(first), cache_status(second)) == ("MISS", "HIT")
    assert second.content == first.content
    assert second.headers["ETag"] == first.headers["ETag"]


@pytest.mark.django_db(transaction=True)
def test_nginx_keeps_one_copy_of_a_tile_whatever_the_browsers_language(nginx, published_proposal):
    tile = f"{nginx}/tiles/proposals/14/8331/5511.pbf"

    french = requests.get(tile, headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    dutch = requests.get(tile, headers={"Accept-Language": "nl-BE,nl;q=0.9,fr;q=0.8"})

    assert (cache_status(french), cache_status(dutch)) == ("MISS", "HIT")


@pytest.mark.django_db(transaction=True)
def test_nginx_gives_a_cached_tile_its_cors_header_only_when_a_page_of_another_site_asks(nginx, published_proposal):
    tile = f"{nginx}/tiles/proposals/14/8331/5511.pbf"

    direct = requests.get(tile)
    from_a_portal = requests.get(tile, headers={"Origin": "https://carto.example.fr"})
    again_from_a_portal = requests.get(tile, headers={"Origin": "https://carto.example.fr"})

    assert "Access-Control-Allow-Origin" not in direct.headers
    assert from_a_portal.headers["Access-Control-Allow-Origin"] == "*"
    assert cache_status(again_from_a_portal) == "HIT"
    assert again_from_a_portal.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db(transaction=True)
def test_nginx_answers_a_tile_client_that_has_it_with_a_304(nginx, published_proposal):
    tile = f"{nginx}/tiles/proposals/14/8331/5511.pbf"
    etag = requests.get(tile).headers["ETag"]

    response = requests.get(tile, headers={"If-None-Match": etag})

    assert response.status_code == 304


@pytest.mark.django_db(transaction=True)
def test_nginx_keeps_a_download(nginx, published_proposal):
    download = f"{nginx}/opendata/proposals.geojson"

    first, second = requests.get(download), requests.get(download)

    assert (cache_status(first), cache_status(second)) == ("MISS", "HIT")
    assert second.json()["features"][0]["properties"]["title"] == "Un abri vélo"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "credentials",
    [{"Cookie": "sessionid=abc"}, {"Authorization": "Token abc"}, {"Cookie": "primary_lsn=0/1A2B3C"}],
    ids=["session", "token", "just-wrote"],
)
def test_nginx_neither_serves_nor_keeps_a_tile_for_a_request_with_credentials(nginx, published_proposal, credentials):
    tile = f"{nginx}/tiles/proposals/14/8331/5511.pbf"

    with_credentials = requests.get(tile, headers=credentials)
    anonymous = requests.get(tile)

    assert cache_status(with_credentials) == "BYPASS"
    assert cache_status(anonymous) == "MISS"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/", "/api/v1/proposals/", "/ogc/collections/proposals/items", "/opendata/"])
def test_nginx_does_not_cache_pages_the_api_or_the_features(nginx, published_proposal, path):
    response = requests.get(f"{nginx}{path}")

    assert response.status_code == 200
    assert cache_status(response) is None


def test_nginx_serves_the_static_files_itself(nginx):
    response = requests.get(f"{nginx}/static/css/site.css")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
