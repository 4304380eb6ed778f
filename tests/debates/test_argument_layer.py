"""The layer of placed arguments: a published argument of a public debate in the feeds with its columns, and gone
from every feed, cached tiles included, as soon as it or its debate is hidden (the leak matrices of tests/layers,
tests/tiles and tests/opendata cover hidden, unpublished, private arguments and replies)."""

import json

import pytest
from django.db import connection

from geoparticipation.debates import services
from geoparticipation.participation import services as participation

from ..factories import point
from ..layers.test_ogc_api import get_json
from ..layers.test_wfs import get_feature
from ..tiles.conftest import features, tile_of

pytestmark = pytest.mark.django_db

PLACE = (3.0615, 50.6372)


@pytest.fixture
def placed(debate, citizen, dominique):
    argument = services.argument_create(
        author=citizen, debate=debate, stance="against", body="Les livraisons du matin.", geometry=point(*PLACE)
    )
    services.argument_create(author=dominique, debate=debate, stance="for", body="Sans lieu.")
    services.argument_create(author=dominique, debate=debate, parent=argument, body="Elles passent avant 10 h.")
    services.argument_support_create(user=dominique, argument=argument)
    return argument


def test_the_ogc_api_and_wfs_publish_the_placed_argument_with_its_debate_stance_and_supports(client, placed, debate):
    _, items = get_json("/ogc/collections/debate_arguments/items")
    [feature] = items["features"]
    properties = feature["properties"]
    assert feature["geometry"]["coordinates"] == pytest.approx(PLACE)
    assert properties["stance"] == "against"
    assert (properties["debate"], properties["debate_title"]) == (debate.pk, debate.title)
    assert (properties["body"], properties["supports_count"], properties["author"]) == (
        "Les livraisons du matin.",
        1,
        placed.author.pseudonym,
    )
    assert (properties["commune_nom"], properties["process"]) == ("Lille", "plan-climat")
    assert properties["url"] == f"/concertations/plan-climat/debats/{debate.pk}/arguments/{placed.pk}/"

    _, text = get_feature(client, "debate_arguments", OUTPUTFORMAT="geojson")
    assert [f["properties"]["id"] for f in json.loads(text)["features"]] == [placed.pk]


def test_a_cached_tile_follows_a_support_and_loses_the_argument_once_hidden(client, placed, citizen, officer):
    x, y = tile_of(*PLACE, 16)
    [feature] = features(client, "debate_arguments", 16, x, y)
    assert (feature["properties"]["stance"], feature["properties"]["supports_count"]) == ("against", 1)
    etag = client.get("/ogc/collections/debate_arguments/items")["ETag"]

    services.argument_support_create(user=citizen, argument=placed)
    assert features(client, "debate_arguments", 16, x, y)[0]["properties"]["supports_count"] == 2

    participation.content_hide(target=placed, officer=officer, category="offensive", reason="Propos injurieux")
    assert features(client, "debate_arguments", 16, x, y) == []
    assert get_json("/ogc/collections/debate_arguments/items")[1]["features"] == []
    assert client.get("/ogc/collections/debate_arguments/items")["ETag"] != etag


def test_hiding_the_debate_takes_its_arguments_out_of_cached_tiles_and_feeds(client, placed, debate, officer):
    x, y = tile_of(*PLACE, 16)
    assert len(features(client, "debate_arguments", 16, x, y)) == 1

    participation.content_hide(target=debate, officer=officer, category="off_topic", reason="Hors sujet")
    assert features(client, "debate_arguments", 16, x, y) == []
    assert get_json("/ogc/collections/debate_arguments/items")[1]["features"] == []


def test_the_catalogue_and_the_qgis_style_describe_the_layer_by_stance(client, placed):
    catalogue = client.get("/opendata/catalog.jsonld").content.decode()
    assert "/opendata/debate_arguments.gpkg" in catalogue and "/opendata/debate_arguments.parquet" in catalogue
    style = client.get("/ogc/collections/debate_arguments/style.qml").content.decode()
    assert all(f'label="{label}"' in style for label in ("Pour", "Contre", "Nuance"))


def queued():
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_id FROM opendata_snapshot_change WHERE layer = 'debate_arguments' ORDER BY id")
        return [row_id for (row_id,) in cursor.fetchall()]


def test_the_stored_snapshots_are_told_of_a_hidden_argument_and_of_the_arguments_of_a_hidden_debate(
    placed, debate, officer
):
    other = services.argument_create(
        author=placed.author, debate=debate, stance="for", body="Le marché.", geometry=point(3.062, 50.637)
    )
    assert queued() == []

    participation.content_hide(target=placed, officer=officer, category="offensive", reason="Propos injurieux")
    assert queued() == [placed.pk]

    participation.content_hide(target=debate, officer=officer, category="off_topic", reason="Hors sujet")
    assert queued() == [placed.pk, other.pk]


def test_a_new_pseudonym_of_the_author_of_a_placed_argument_moves_the_data_version(client, placed):
    etag = client.get("/ogc/collections/debate_arguments/items")["ETag"]
    placed.author.pseudonym = "Camille du Vieux-Lille"
    placed.author.save()
    assert client.get("/ogc/collections/debate_arguments/items")["ETag"] != etag
    assert get_json("/ogc/collections/debate_arguments/items")[1]["features"][0]["properties"]["author"] == (
        "Camille du Vieux-Lille"
    )
