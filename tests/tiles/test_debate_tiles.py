"""One debate's tiles (`?debate=`), which the debate page's map asks for: at low zoom the cells of that debate only,
from z15 its points only, cached apart, and refused for a debate that is not public or on another layer."""

import mapbox_vector_tile
import pytest
from django.db import connection
from django.utils import timezone

from layers import registry
from layers.http import data_version
from tiles import rendering

from ..factories import GRAND_PLACE_LILLE
from .conftest import tile_of
from .test_argument_cells import LAYER, already, debates  # noqa: F401 (the fixtures)
from .test_cell_counts import cells

pytestmark = pytest.mark.django_db


def debate_tile(client, z, debate, place=GRAND_PLACE_LILLE):
    response = client.get(f"/tiles/{LAYER}/{z}/{'/'.join(map(str, tile_of(*place, z)))}.pbf", {"debate": debate})
    assert response.status_code in (200, 204), response.content
    return response.content


def counted_from_points(z, debate, place=GRAND_PLACE_LILLE):
    x, y = tile_of(*place, z)
    clip = rendering.clip_box(data_version()[0], z, x, y)
    sql, params = rendering.points_aggregate_sql(registry.get(LAYER), z, x, y, clip, debate=debate)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cells(bytes(cursor.fetchone()[0] or b""), LAYER)


def test_a_low_zoom_tile_of_one_debate_counts_its_arguments_only_as_its_points_do(client, debates):  # noqa: F811
    national, local = debates
    for debate, placed in ((national, 1_200), (local, 400)):
        assert sum(count for count, _ in cells(debate_tile(client, 0, debate.pk), LAYER)) == placed
        for z in (6, 9, 11, 14):
            assert cells(debate_tile(client, z, debate.pk), LAYER) == counted_from_points(z, debate.pk), z


def test_a_full_detail_tile_of_one_debate_holds_its_points_only(client, debates):  # noqa: F811
    national, local = debates
    features = []
    for z in (15, 16):
        content = debate_tile(client, z, local.pk)
        features += mapbox_vector_tile.decode(content).get(LAYER, {"features": []})["features"]
    assert features
    assert {f["properties"]["debate"] for f in features} == {local.pk}


def test_a_hidden_debate_has_no_tiles_even_cached(client, debates):  # noqa: F811
    national, _ = debates
    url = f"/tiles/{LAYER}/0/0/0.pbf"
    assert client.get(url, {"debate": national.pk}).status_code == 200
    national.hidden_at = timezone.now()
    national.save()
    response = client.get(url, {"debate": national.pk})
    assert response.status_code == 404
    assert f"Aucun débat public n'a pour identifiant « {national.pk} »" in response.content.decode()


@pytest.mark.parametrize(
    ("layer", "value", "status", "message"),
    [
        (LAYER, "abc", 400, "n'est pas un identifiant de débat"),
        (LAYER, "99999999999999999999", 400, "n'est pas un identifiant de débat"),
        (LAYER, "-1", 400, "n'est pas un identifiant de débat"),
        (LAYER, "999999", 404, "Aucun débat public"),
        ("proposals", "1", 400, "La couche proposals n'a pas de débat : debate n'y a pas de sens."),
    ],
)
def test_bad_debates_are_refused_in_french(client, published, layer, value, status, message):
    response = client.get(f"/tiles/{layer}/0/0/0.pbf", {"debate": value})
    assert response.status_code == status
    assert message in response.content.decode()


def test_one_debate_is_cached_apart_from_its_concertation(client, debates):  # noqa: F811
    national, _ = debates
    client.get(f"/tiles/{LAYER}/0/0/0.pbf", {"debate": national.pk})
    client.get(f"/tiles/{LAYER}/0/0/0.pbf", {"process": national.process.slug})
    with connection.cursor() as cursor:
        cursor.execute("SELECT layer FROM tiles_cache WHERE z = 0 ORDER BY layer")
        keys = [row[0] for row in cursor.fetchall()]
    assert keys == sorted([f"{LAYER}?debate={national.pk}", f"{LAYER}?process={national.process.slug}"])


def test_the_tilejson_of_the_arguments_names_debate_and_counts_arguments(client, published):
    document = client.get(f"/tiles/{LAYER}.json").json()
    assert "?debate=" in document["description"]
    assert "les arguments sont regroupés" in document["description"]
    assert document["vector_layers"][0]["fields"]["count"].startswith("Nombre d'arguments")
    assert "debate" not in client.get("/tiles/proposals.json").json()["description"]
