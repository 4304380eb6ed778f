import socket

import pytest
from django.db import connection


def unused_port():
    """A local TCP port where nothing listens (the system's choice, released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_down(django_db_blocker):
    """The database stops answering: Django's connection, and every new one, points at a port where nothing
    listens. The test cluster, shared with other runs, is never stopped."""
    settings_dict = connection.settings_dict
    port = settings_dict["PORT"]
    with django_db_blocker.unblock():
        connection.close()
        settings_dict["PORT"] = str(unused_port())
        try:
            yield
        finally:
            connection.close()
            settings_dict["PORT"] = port
