"""The debates layer: a placed public debate with its counts in the feeds, and what the layer leaves out (the leak
matrices of tests/layers, tests/tiles and tests/opendata cover hidden, unpublished and private debates)."""

import json

import pytest
from django.utils import timezone

from geoparticipation.debates import services
from geoparticipation.debates.models import Debate
from geoparticipation.participation import services as participation

from ..layers.test_ogc_api import get_json
from ..layers.test_wfs import get_feature
from ..tiles.conftest import features, tile_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def argued(debate, citizen, dominique):
    services.argument_create(author=citizen, debate=debate, stance="for", body="Oui.")
    services.argument_create(author=dominique, debate=debate, stance="for", body="Oui aussi.")
    services.argument_create(author=dominique, debate=debate, stance="against", body="Non.")
    Debate.objects.create(process=debate.process, title="Débat sans lieu", published_at=timezone.now())
    return debate


def test_the_ogc_api_and_wfs_publish_the_placed_debate_with_its_counts_and_not_the_unplaced_one(client, argued):
    _, items = get_json("/ogc/collections/debates/items")
    [feature] = items["features"]
    properties = feature["properties"]
    assert feature["geometry"]["coordinates"] == pytest.approx([3.063, 50.637])
    assert (properties["arguments_for"], properties["arguments_against"], properties["arguments_nuance"]) == (2, 1, 0)
    assert (properties["state"], properties["commune_nom"], properties["process"]) == ("open", "Lille", "plan-climat")
    assert properties["url"] == f"/concertations/plan-climat/debats/{argued.pk}/"

    _, text = get_feature(client, "debates", OUTPUTFORMAT="geojson")
    assert [f["properties"]["title"] for f in json.loads(text)["features"]] == [argued.title]


def test_a_tile_holds_the_debate_and_loses_it_once_hidden(client, argued, officer):
    x, y = tile_of(3.063, 50.637, 16)
    [feature] = features(client, "debates", 16, x, y)
    assert feature["properties"]["arguments_for"] == 2

    participation.content_hide(target=argued, officer=officer, category="off_topic", reason="Hors sujet")
    assert features(client, "debates", 16, x, y) == []
    assert get_json("/ogc/collections/debates/items")[1]["features"] == []


def test_the_catalogue_lists_the_debates_downloads(client, argued):
    catalogue = client.get("/opendata/catalog.jsonld").content.decode()
    assert "/opendata/debates.gpkg" in catalogue and "/opendata/debates.parquet" in catalogue
