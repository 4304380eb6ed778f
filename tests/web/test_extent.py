"""The territory the maps open on: the extent of the communes, read once, then kept until the communes change."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geoparticipation.territory.models import Commune
from geoparticipation.territory.selectors import extent
from geoparticipation.web.extent import KEY

pytestmark = pytest.mark.django_db

CONFIG = re.compile(r'<script id="gp-map-config" type="application/json">(.*?)</script>')


@pytest.fixture(autouse=True)
def forgotten_extent():
    """The communes these tests change are rolled back afterwards: their extent must not outlive them."""
    cache.delete(KEY)
    yield
    cache.delete(KEY)


def map_config(client, path="/"):
    return json.loads(CONFIG.search(client.get(path).content.decode()).group(1))


def extent_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return [q["sql"] for q in queries if "ST_Extent" in q["sql"]]


def test_a_map_opens_on_the_extent_of_the_communes(client):
    assert map_config(client)["territory"] == pytest.approx(list(extent(srid=4326)))


def test_the_extent_is_queried_by_the_first_map_page_only(client, process):
    assert len(extent_queries(client, "/")) == 1
    assert extent_queries(client, f"/concertations/{process.slug}/") == []
    assert extent_queries(client, "/communes/59350/") == []


def test_a_page_without_a_map_does_not_ask_for_the_extent(client):
    assert extent_queries(client, "/pages/mentions-legales/") == []
    assert cache.get(KEY) is None


def test_without_communes_the_maps_open_on_the_default_centre_and_the_first_page_after_loading_them_has_the_extent(
    client, django_capture_on_commit_callbacks
):
    map_config(client)
    with django_capture_on_commit_callbacks(execute=True):
        Commune.objects.all().delete()

    config = map_config(client)
    assert config["territory"] is None
    assert config["defaultCenter"] == [50.63, 3.06]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_communes", verbosity=0)
    assert map_config(client)["territory"] == pytest.approx(list(extent(srid=4326)))


def test_load_communes_makes_a_changed_territory_visible_to_the_next_map(
    client, django_capture_on_commit_callbacks, tmp_path
):
    west, south, east, north = map_config(client)["territory"]
    square = [[3.40, 50.60], [3.45, 50.60], [3.45, 50.62], [3.40, 50.62], [3.40, 50.60]]
    feature = {
        "type": "Feature",
        "properties": {"insee": "59999", "nom": "Commune à l'est", "population": 1000},
        "geometry": {"type": "Polygon", "coordinates": [square]},
    }
    communes = tmp_path / "communes.geojson"
    communes.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_communes", file=str(communes), verbosity=0)

    assert map_config(client)["territory"] == pytest.approx([west, south, 3.45, north])
