"""/sante/ tells a load balancer whether the database answers, quickly, and never hangs."""

import socket
import time

import pytest
from django.db import connection

from .conftest import unused_port


@pytest.mark.django_db
def test_the_health_check_says_the_database_answers(client, django_assert_num_queries):
    with django_assert_num_queries(0):  # on a connection of its own: nothing written, no session, no user
        response = client.get("/sante/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


def test_the_health_check_answers_503_with_retry_after_when_the_database_is_down(client, database_down):
    response = client.get("/sante/")

    assert response.status_code == 503
    assert response.json() == {"database": "indisponible"}
    assert response["Retry-After"] == "30"


def test_the_health_check_gives_up_on_a_server_that_never_answers(client, django_db_blocker):
    """A host that accepts the connection and then says nothing (a hung server, a half-open proxy)."""
    settings_dict = connection.settings_dict
    port = settings_dict["PORT"]
    with socket.socket() as silent, django_db_blocker.unblock():
        silent.bind(("127.0.0.1", unused_port()))
        silent.listen()  # the system completes the handshake; nobody ever reads or writes
        settings_dict["PORT"] = str(silent.getsockname()[1])
        try:
            started = time.monotonic()
            response = client.get("/sante/")
            elapsed = time.monotonic() - started
        finally:
            settings_dict["PORT"] = port

    assert response.status_code == 503
    assert elapsed < 4  # HEALTH_CHECK_TIMEOUT is 2 s


def test_the_health_check_is_only_read(client, database_down):
    assert client.post("/sante/").status_code == 405
