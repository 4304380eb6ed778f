"""Committed public data for the open-data tests: GDAL reads PostGIS on its own connection, outside any test
transaction, so the rows are committed once for the package and every file is downloaded at most once."""

from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from geoparticipation.territory.models import Commune
from layers import registry

from ..layers.conftest import build_published_data


@dataclass
class OpenData:
    root: object
    counts: dict
    blocker: object
    files: dict = field(default_factory=dict)
    # One client for the package: each new one builds the middleware again, and WhiteNoise then rescans the
    # static files.
    client: Client = field(default_factory=Client)

    def get(self, url):
        """The response to a GET, its body read (a streamed one included)."""
        with self.blocker.unblock():
            response = self.client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        response.body = body
        return response

    def download(self, url, tmp_folder):
        """The path of the downloaded file, each URL fetched once per package."""
        if url not in self.files:
            response = self.get(url)
            assert response.status_code == 200, (url, response.body[:300])
            name = response["Content-Disposition"].split('filename="')[1].rstrip('"')
            path = tmp_folder / f"{len(self.files)}-{name}"
            path.write_bytes(response.body)
            self.files[url] = path
        return self.files[url]


@pytest.fixture(scope="package")
def opendata(django_db_setup, django_db_blocker, tmp_path_factory):
    root = tmp_path_factory.mktemp("opendata")
    with django_db_blocker.unblock(), override_settings(OPENDATA_ROOT=root, ALLOWED_HOSTS=["testserver"]):
        # pytest-django creates the test database only for sessions holding a `django_db` test; without one this
        # fixture would commit to, then flush, the developer's database.
        assert connection.settings_dict["NAME"].startswith("test_"), "mark the tests with pytest.mark.django_db"
        if not Commune.objects.exists():
            call_command("load_communes", verbosity=0)
        build_published_data()
        counts = {layer.id: layer.queryset().count() for layer in registry.all_layers()}
        yield OpenData(root=root, counts=counts, blocker=django_db_blocker)
        # Leave the database as the session found it: the communes only.
        call_command("flush", verbosity=0, interactive=False)
        call_command("load_communes", verbosity=0)


@pytest.fixture(scope="package")
def downloads_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")
