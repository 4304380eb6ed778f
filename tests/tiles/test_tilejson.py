import pytest

from layers.registry import all_layers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("layer", all_layers(), ids=lambda layer: layer.id)
def test_every_layer_has_a_tilejson_describing_its_tiles(client, layer):
    response = client.get(f"/tiles/{layer.id}.json")

    assert response.status_code == 200
    document = response.json()
    assert document["tilejson"] == "3.0.0"
    assert document["name"] == layer.title
    assert document["attribution"] == layer.attribution
    assert document["tiles"] == [f"http://testserver/tiles/{layer.id}/{{z}}/{{x}}/{{y}}.pbf"]
    assert (document["minzoom"], document["maxzoom"]) == (layer.tiles.minzoom, layer.tiles.maxzoom)
    (vector_layer,) = document["vector_layers"]
    assert vector_layer["id"] == layer.id
    assert set(vector_layer["fields"]) <= set(layer.columns) | {"count"}


def test_the_bounds_and_centre_frame_the_metropolis(client):
    document = client.get("/tiles/proposals.json").json()
    west, south, east, north = document["bounds"]
    assert west < 3.0630 < east and south < 50.6370 < north
    assert 2.7 < west and east < 3.4 and 50.4 < south and north < 50.9
    lon, lat, zoom = document["center"]
    assert west < lon < east and south < lat < north and 0 <= zoom <= 18


def test_the_tilejson_says_where_contributions_are_aggregated(client):
    document = client.get("/tiles/proposals.json").json()
    assert "count" in document["vector_layers"][0]["fields"]
    assert "zoom 14" in document["description"]
    assert "body" in document["description"]


def test_the_tilejson_of_an_unchanged_layer_is_answered_with_304(client):
    etag = client.get("/tiles/communes.json")["ETag"]
    assert client.get("/tiles/communes.json", HTTP_IF_NONE_MATCH=etag).status_code == 304
