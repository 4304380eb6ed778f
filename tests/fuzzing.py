"""What the fuzz tests share: bounded, deterministic settings, and Django's WSGI application inside the test's
transaction.

In the suite, each fuzz test sends a few dozen to a few hundred requests, the same ones at every run
(`derandomize`). To look further, run them longer with fresh examples:
`FUZZ_EXAMPLES=2000 .venv/bin/pytest tests -k fuzz`.
"""

import os

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

LONG_RUN = int(os.environ.get("FUZZ_EXAMPLES", "0"))


def fuzz_settings(examples):
    """`examples` in the suite, FUZZ_EXAMPLES (random ones) when set; no deadline, since a request's time on a
    shared machine says nothing about a bug, and no example database, so that every run sends the same requests."""
    return settings(
        max_examples=LONG_RUN or examples,
        derandomize=not LONG_RUN,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def no_server_error(response):
    body = response.content if not response.streaming else b"".join(response.streaming_content)
    assert response.status_code < 500, body[:2000]
    return body


@pytest.fixture
def wsgi_app(db):
    """Django's WSGI application on the test's connection: each request in a savepoint (a request that fails in
    the database leaves the test's transaction usable), its body read inside it, and the connection kept open
    between requests (Django closes it at the end of each one, outside the test client)."""
    handler = WSGIHandler()

    def app(environ, start_response):
        with transaction.atomic():
            response = handler(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()
        return [body]

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield app
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def nasty_texts():
    """Texts a parameter may receive: any characters (NUL and controls included), numbers out of every range, dates
    that do not exist, spellings of nothing."""
    return st.one_of(
        st.text(max_size=30),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.floats().map(str),
        st.sampled_from(
            [
                "",
                " ",
                "\x00",
                "null",
                "true",
                "..",
                "-1",
                "1e999",
                "NaN",
                "9223372036854775808",
                "2020-13-01T00:00:00Z",
                "2020-02-30",
                "2020-01-01T25:00",
                "2020-01-01T00:00:00+99:00",
                "0001-01-01T00:00:00+01:00",
                "../..",
                "%00",
                "'; DROP TABLE x; --",
                "<x/>",
                "é" * 300,
            ]
        ),
    )
