import mapbox_vector_tile
import pytest
from django.core.management import call_command
from django.db import connection

from ..factories import GRAND_PLACE_LILLE
from .conftest import features, tile_of

pytestmark = pytest.mark.django_db


def proposals_in_tile(z, x, y):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM layer_proposals "
            "WHERE ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(%s, %s, %s))",
            [z, x, y],
        )
        return cursor.fetchone()[0]


def test_the_world_tile_counts_every_public_proposal(client, published):
    (cell,) = features(client, "proposals", 0, 0, 0)
    assert cell["properties"] == {"count": len(published.public_proposals)}


def test_low_zoom_tiles_stay_small_and_count_every_proposal_with_many_points(client):
    call_command("seed", contributions=20_000, verbosity=0)
    for z in (10, 11):
        x, y = tile_of(*GRAND_PLACE_LILLE, z)
        response = client.get(f"/tiles/proposals/{z}/{x}/{y}.pbf")
        assert len(response.content) < 50_000
        cells = mapbox_vector_tile.decode(response.content)["proposals"]["features"]
        assert {tuple(cell["properties"]) for cell in cells} == {("count",)}
        assert sum(cell["properties"]["count"] for cell in cells) == proposals_in_tile(z, x, y)
        assert len(cells) <= 16 * 16
