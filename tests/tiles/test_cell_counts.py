"""Low-zoom tiles are summed from counts per grid cell that the contribution triggers keep (tiles_cell_count): they
must be the tiles counted from every point, whatever was written since."""

import mapbox_vector_tile
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from geoparticipation.participation.models import Annotation, Process, Proposal
from layers import registry
from layers.http import data_version
from tiles import rendering

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, make_proposal
from .conftest import tile_of

pytestmark = pytest.mark.django_db

SEEDED = "charge-synthetique"
ZOOMS = (0, 5, 8, 9, 10, 11, 12, 13, 14)
LAYERS = ("proposals", "annotations", "annotations_lines", "annotations_polygons")


@pytest.fixture
def seeded(published):
    call_command("seed", contributions=3_000, verbosity=0)
    return published


def cells(content, layer_id):
    """The (count, position) of each cell of a tile, in a fixed order: the order of features is not part of it."""
    if not content:
        return []
    features = mapbox_vector_tile.decode(content).get(layer_id, {"features": []})["features"]
    return sorted((f["properties"]["count"], tuple(f["geometry"]["coordinates"])) for f in features)


def counted_from_points(layer_id, z, x, y, process=None):
    """The tile as it was built before the cells: the statement that aggregates every point under it."""
    clip = rendering.clip_box(data_version()[0], z, x, y)
    if clip is None:
        return []
    sql, params = rendering.points_aggregate_sql(registry.get(layer_id), z, x, y, clip, process)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cells(bytes(cursor.fetchone()[0] or b""), layer_id)


def served(client, layer_id, z, x, y, process=None):
    query = {} if process is None else {"process": process}
    response = client.get(f"/tiles/{layer_id}/{z}/{x}/{y}.pbf", query)
    assert response.status_code in (200, 204), response.content
    return cells(response.content, layer_id)


def assert_tiles_match_the_points(client, places=(GRAND_PLACE_LILLE, MAIRIE_ROUBAIX)):
    compared = 0
    for layer_id in LAYERS:
        for z in ZOOMS:
            for place in places:
                x, y = tile_of(*place, z)
                for process in (None, SEEDED, "plan-climat"):
                    expected = counted_from_points(layer_id, z, x, y, process)
                    assert served(client, layer_id, z, x, y, process) == expected, (layer_id, z, x, y, process)
                    compared += bool(expected)
    # Most of the compared tiles hold cells: the comparison is not between empty tiles.
    assert compared > len(LAYERS) * len(ZOOMS)


def test_low_zoom_tiles_summed_from_the_cells_are_those_counted_from_every_point(client, seeded):
    assert_tiles_match_the_points(client)


def test_low_zoom_tiles_stay_those_of_the_points_after_hiding_moving_unpublishing_and_deleting(client, seeded):
    assert_tiles_match_the_points(client)
    seeded_proposals = Proposal.objects.filter(process__slug=SEEDED).order_by("id")
    ids = list(seeded_proposals.values_list("id", flat=True))
    Proposal.objects.filter(id__in=ids[0:300]).update(hidden_at=timezone.now())
    Proposal.objects.filter(id__in=ids[300:400]).update(published_at=None)
    Proposal.objects.filter(id__in=ids[400:500]).delete()
    Proposal.objects.filter(id__in=ids[500:600]).update(process=Process.objects.get(slug="plan-climat"))
    with connection.cursor() as cursor:
        # About 700 m east and 300 m north: most move to another cell, some stay in theirs at another position.
        cursor.execute(
            "UPDATE participation_proposal SET geom = ST_Translate(geom, 700, 300) WHERE id = ANY(%s)", [ids[600:900]]
        )
        cursor.execute(
            "UPDATE participation_annotation SET geom = ST_Translate(geom, -450, 120) "
            "WHERE id IN (SELECT id FROM participation_annotation ORDER BY id LIMIT 200)"
        )
    Annotation.objects.filter(id__in=Annotation.objects.order_by("-id").values("id")[:100]).update(
        hidden_at=timezone.now()
    )
    # One row at a time too, as the contributing path writes.
    for proposal in seeded_proposals.filter(hidden_at__isnull=True)[:20]:
        proposal.hidden_at = timezone.now()
        proposal.save(update_fields=["hidden_at"])
    restored = Proposal.objects.get(id=ids[0])
    restored.hidden_at = None
    restored.save(update_fields=["hidden_at"])
    assert_tiles_match_the_points(client)


def test_the_kept_cells_equal_a_count_from_scratch(seeded):
    Proposal.objects.filter(id__in=Proposal.objects.order_by("id").values("id")[:400]).update(hidden_at=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE participation_proposal SET geom = ST_Translate(geom, 900, 0) WHERE id % 7 = 0")
        cursor.execute("DELETE FROM participation_annotation WHERE id % 5 = 0")
        kept = "SELECT level, kind, x, y, scope_id, geometry_type, features, sum_x, sum_y FROM tiles_cell_count"
        cursor.execute(f"SELECT * FROM ({kept}) c WHERE features <> 0 ORDER BY 1, 2, 3, 4, 5, 6")
        before = cursor.fetchall()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({kept}) c ORDER BY 1, 2, 3, 4, 5, 6")
        recounted = cursor.fetchall()
    assert [row[:7] for row in before] == [row[:7] for row in recounted]
    for kept_row, recounted_row in zip(before, recounted, strict=True):
        assert kept_row[7:] == pytest.approx(recounted_row[7:], rel=1e-12)


def test_a_contribution_of_a_concertation_made_private_leaves_the_low_zoom_tiles(client, seeded):
    x, y = tile_of(*GRAND_PLACE_LILLE, 9)
    before = sum(count for count, _ in served(client, "proposals", 9, x, y))
    seeded_here = sum(count for count, _ in served(client, "proposals", 9, x, y, SEEDED))
    process = Process.objects.get(slug=SEEDED)
    process.is_private = True
    process.save()
    assert sum(count for count, _ in served(client, "proposals", 9, x, y)) == before - seeded_here
    assert served(client, "proposals", 9, x, y) == counted_from_points("proposals", 9, x, y)


def test_a_new_contribution_makes_the_low_zoom_tile_over_it_count_one_more(client, seeded):
    x, y = tile_of(*GRAND_PLACE_LILLE, 10)
    before = sum(count for count, _ in served(client, "proposals", 10, x, y))
    make_proposal(Process.objects.get(slug="plan-climat"), seeded.public_proposals[0].author)
    assert sum(count for count, _ in served(client, "proposals", 10, x, y)) == before + 1
