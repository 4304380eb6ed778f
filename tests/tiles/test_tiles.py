import mapbox_vector_tile
import pytest
from django.db import connection

from geoparticipation.participation import services
from geoparticipation.participation.models import Process
from layers.registry import all_layers
from tiles import mercator

from ..factories import GRAND_PLACE_LILLE, OUTSIDE_TERRITORY, make_process, point
from .conftest import features, pixel_of, tile_of

pytestmark = pytest.mark.django_db


def test_a_proposal_appears_in_the_tile_that_covers_it_at_the_right_pixel(client, published):
    proposal = published.public_proposals[0]
    x, y = tile_of(*GRAND_PLACE_LILLE, 15)

    (feature,) = [f for f in features(client, "proposals", 15, x, y) if f["id"] == proposal.pk]

    expected = pixel_of(*GRAND_PLACE_LILLE, 15, x, y)
    assert feature["geometry"]["type"] == "Point"
    assert feature["geometry"]["coordinates"] == pytest.approx(list(expected), abs=2)
    assert feature["properties"] == {
        "id": proposal.pk,
        "process": "plan-climat",
        "title": "Proposition 0",
        "state": "published",
        "supports_count": 0,
        "comments_count": 0,
        "commune_insee": "59350",
    }


def test_a_proposal_just_across_the_edge_appears_in_the_buffer_of_the_next_tile(client, citizen, process):
    x, y = tile_of(*GRAND_PLACE_LILLE, 15)
    xmin, ymin, xmax, ymax = mercator.tile_bounds(15, x, y)
    # 20 units of 4096 left of the tile: inside its left neighbour, inside its 64-unit buffer.
    lon = (xmin - (xmax - xmin) * 20 / 4096) / mercator.HALF_WORLD * 180
    lat = 50.6370
    proposal = services.proposal_create(
        author=citizen, process=process, title="Au bord", body="Texte", geometry=point(lon, lat)
    )
    assert tile_of(lon, lat, 15) == (x - 1, y)

    (feature,) = [f for f in features(client, "proposals", 15, x, y) if f["id"] == proposal.pk]

    assert feature["geometry"]["coordinates"][0] == pytest.approx(-20, abs=2)


def test_full_detail_tiles_leave_long_text_out(client, published):
    x, y = tile_of(*GRAND_PLACE_LILLE, 16)
    for feature in features(client, "proposals", 16, x, y):
        assert not {"body", "answer"} & set(feature["properties"])
    for feature in features(client, "annotations", 16, x, y):
        assert "comment" not in feature["properties"]


def test_every_layer_serves_its_features_around_the_grand_place(client, published):
    for layer in all_layers():
        z = min(11, layer.tiles.maxzoom)
        x, y = tile_of(*GRAND_PLACE_LILLE, z)
        assert features(client, layer.id, z, x, y), layer.id


def test_a_commune_tile_carries_the_commune_and_its_counts(client, published):
    x, y = tile_of(*GRAND_PLACE_LILLE, 12)
    lille = [f for f in features(client, "communes", 12, x, y) if f["properties"]["insee"] == "59350"]
    assert lille[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert lille[0]["properties"]["nom"] == "Lille"
    assert lille[0]["properties"]["proposals_count"] >= 1


def test_a_tile_far_from_the_territory_is_empty(client, published):
    x, y = tile_of(*OUTSIDE_TERRITORY, 12)
    response = client.get(f"/tiles/proposals/12/{x}/{y}.pbf")
    assert response.status_code == 204
    assert response.content == b""
    assert response["ETag"]


def test_the_tile_content_type_is_mapbox_vector_tile(client, published):
    x, y = tile_of(*GRAND_PLACE_LILLE, 15)
    response = client.get(f"/tiles/proposals/15/{x}/{y}.pbf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    assert "Content-Encoding" not in response


@pytest.mark.parametrize(
    "path",
    [
        "/tiles/proposals/23/0/0.pbf",
        "/tiles/proposals/2/4/0.pbf",
        "/tiles/proposals/2/0/4.pbf",
        "/tiles/proposals/99999999999999999999/0/0.pbf",
        "/tiles/proposals/-1/0/0.pbf",
        "/tiles/proposals/2/-1/0.pbf",
        "/tiles/proposals/a/0/0.pbf",
        "/tiles/proposals/2/1.5/0.pbf",
        "/tiles/proposals/19/0/0.pbf",
        "/tiles/communes/15/16662/11022.pbf",
        "/tiles/inconnue/10/520/344.pbf",
        "/tiles/inconnue.json",
    ],
)
def test_it_answers_an_invalid_tile_with_a_client_error(client, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500


def test_it_refuses_to_write_a_tile(client):
    assert client.post("/tiles/proposals/10/520/344.pbf").status_code == 405


def test_a_concertation_tile_holds_only_that_concertations_contributions(client, citizen, process):
    other = make_process("autre-concertation")
    for proc, title in ((process, "Ici"), (other, "Ailleurs")):
        services.proposal_create(
            author=citizen, process=proc, title=title, body="x", geometry=point(*GRAND_PLACE_LILLE)
        )
    x, y = tile_of(*GRAND_PLACE_LILLE, 16)
    everything = client.get(f"/tiles/proposals/16/{x}/{y}.pbf")
    only_one = client.get(f"/tiles/proposals/16/{x}/{y}.pbf", {"process": process.slug})
    titles = [f["properties"]["title"] for f in mapbox_vector_tile.decode(only_one.content)["proposals"]["features"]]
    assert titles == ["Ici"]
    assert len(mapbox_vector_tile.decode(everything.content)["proposals"]["features"]) == 2
    assert only_one["ETag"] != everything["ETag"]


@pytest.mark.parametrize("query", [{"bbox": "1,2,3,4"}, {"process": "x", "theme": "y"}])
def test_an_unknown_tile_parameter_is_a_400(client, db, query):
    assert client.get("/tiles/proposals/10/520/344.pbf", query).status_code == 400


def test_the_communes_have_no_concertation_filter(client, db):
    assert client.get("/tiles/communes/10/520/344.pbf", {"process": "plan-climat"}).status_code == 400


@pytest.mark.parametrize("slug", ["inventee", "prive", "brouillon"])
def test_a_tile_of_a_concertation_that_is_not_public_is_a_404_and_is_never_cached(client, process, slug):
    make_process("prive", is_private=True)
    Process.objects.filter(pk=make_process("brouillon").pk).update(published=False)
    x, y = tile_of(*GRAND_PLACE_LILLE, 16)
    response = client.get(f"/tiles/proposals/16/{x}/{y}.pbf", {"process": slug})
    assert response.status_code == 404
    assert slug in response.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tiles_cache WHERE layer LIKE %s", [f"%{slug}%"])
        assert cursor.fetchone() == (0,)
