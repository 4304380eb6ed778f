"""The placed arguments of debates are counted per grid cell too (tiles_cell_count, kind debate_arguments): their
low-zoom tiles must be the tiles counted from every point, after creates, hides, moves, a debate unpublished or
moved to another concertation, and deletes."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from geoparticipation.debates import services
from geoparticipation.debates.models import Argument, Debate
from geoparticipation.participation.models import Process
from layers.models import DebateArgumentFeature

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, point
from .conftest import tile_of
from .test_cell_counts import SEEDED, ZOOMS, counted_from_points, served

pytestmark = pytest.mark.django_db

LAYER = "debate_arguments"
PROCESSES = (None, SEEDED, "plan-climat")


def place_arguments(debate, count, offset=0):
    """`count` placed arguments of the debate at the points of the seeded proposals, in one statement, as the bench
    seeds; and for each a reply and an argument without a place, which no tile counts."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO debates_argument (hidden_category, hidden_reason, stance, body, geom, published_at, created_at,
                                          author_id, debate_id)
            SELECT '', '', (ARRAY['for', 'against', 'nuance'])[1 + p.id %% 3], 'Argument ' || p.id, p.geom, now(),
                   now(), p.author_id, %(debate)s
            FROM participation_proposal p
            WHERE GeometryType(p.geom) = 'POINT' AND p.published_at IS NOT NULL
            ORDER BY p.id OFFSET %(offset)s LIMIT %(count)s
            """,
            {"debate": debate.pk, "count": count, "offset": offset},
        )
        cursor.execute(
            """
            INSERT INTO debates_argument (hidden_category, hidden_reason, stance, body, geom, published_at, created_at,
                                          author_id, debate_id, parent_id)
            SELECT '', '', '', 'Réponse', NULL, now(), now(), a.author_id, a.debate_id, a.id
            FROM debates_argument a WHERE a.debate_id = %(debate)s AND a.parent_id IS NULL
            UNION ALL
            SELECT '', '', 'for', 'Sans lieu', NULL, now(), now(), a.author_id, a.debate_id, NULL
            FROM debates_argument a WHERE a.debate_id = %(debate)s AND a.parent_id IS NULL AND a.geom IS NOT NULL
            """,
            {"debate": debate.pk},
        )


def open_debate(slug, title):
    return Debate.objects.create(
        process=Process.objects.get(slug=slug),
        title=title,
        description="",
        geom=point(*GRAND_PLACE_LILLE),
        published_at=timezone.now(),
    )


@pytest.fixture
def already(published):
    """The placed arguments of the layer tests' data, all in plan-climat."""
    return DebateArgumentFeature.objects.count()


@pytest.fixture
def debates(already):
    call_command("seed", contributions=3_000, verbosity=0)
    national = open_debate(SEEDED, "Faut-il un tramway de Lille à Roubaix ?")
    local = open_debate("plan-climat", "Faut-il piétonniser la Grand-Place ?")
    place_arguments(national, 1_200)
    place_arguments(local, 400, offset=1_200)
    return national, local


def assert_tiles_match_the_points(client, processes=PROCESSES):
    compared = 0
    for z in ZOOMS:
        for place in (GRAND_PLACE_LILLE, MAIRIE_ROUBAIX):
            x, y = tile_of(*place, z)
            for process in processes:
                expected = counted_from_points(LAYER, z, x, y, process)
                assert served(client, LAYER, z, x, y, process) == expected, (z, x, y, process)
                compared += bool(expected)
    # Most of the compared tiles hold cells: the comparison is not between empty tiles.
    assert compared > len(ZOOMS) * 2


def total(client, z, place=GRAND_PLACE_LILLE, process=None):
    return sum(count for count, _ in served(client, LAYER, z, *tile_of(*place, z), process))


def test_low_zoom_argument_tiles_summed_from_the_cells_are_those_counted_from_every_point(client, debates, already):
    assert_tiles_match_the_points(client)
    # At z0 the whole territory is one tile: every placed argument of a public debate, and nothing else.
    assert total(client, 0) == already + 1_600


def test_argument_tiles_stay_those_of_the_points_after_hiding_moving_unpublishing_and_deleting(client, debates):
    national, local = debates
    placed = Argument.objects.filter(debate=national, parent__isnull=True, geom__isnull=False).order_by("id")
    ids = list(placed.values_list("id", flat=True))
    Argument.objects.filter(id__in=ids[0:200]).update(hidden_at=timezone.now())
    Argument.objects.filter(id__in=ids[200:300]).update(published_at=None)
    Argument.objects.filter(id__in=ids[300:400]).delete()
    Argument.objects.filter(id__in=ids[400:500]).update(debate=local)
    with connection.cursor() as cursor:
        # About 700 m east and 300 m north: most move to another cell, some stay in theirs at another position.
        cursor.execute(
            "UPDATE debates_argument SET geom = ST_Translate(geom, 700, 300) WHERE id = ANY(%s)", [ids[500:800]]
        )
    Argument.objects.filter(id__in=ids[0:50]).update(hidden_at=None)
    # A new support rewrites its argument: its cells stay as they were.
    Argument.objects.filter(id__in=ids[800:900]).update(supports_count=3)
    # One row at a time too, as the site writes: a new placed argument, one hidden, one moved.
    author = placed.first().author
    services.argument_create(
        author=author, debate=national, stance="for", body="Le matin.", geometry=point(*GRAND_PLACE_LILLE)
    )
    hidden = Argument.objects.get(id=ids[900])
    hidden.hidden_at = timezone.now()
    hidden.save(update_fields=["hidden_at"])
    moved = Argument.objects.get(id=ids[901])
    moved.geom = point(*MAIRIE_ROUBAIX)
    moved.save(update_fields=["geom"])
    assert_tiles_match_the_points(client)


def test_the_arguments_of_a_debate_unpublished_hidden_or_moved_follow_it_in_the_low_zoom_tiles(
    client, debates, already
):
    national, local = debates
    assert total(client, 0) == already + 1_600
    assert total(client, 0, process=SEEDED) == 1_200

    national.published_at = None
    national.save()
    assert total(client, 0) == already + 400
    assert_tiles_match_the_points(client)

    national.published_at = timezone.now()
    national.process = Process.objects.get(slug="plan-climat")
    national.save()
    assert (total(client, 0, process=SEEDED), total(client, 0, process="plan-climat")) == (0, already + 1_600)

    local.hidden_at = timezone.now()
    local.save()
    assert total(client, 0) == already + 1_200
    assert_tiles_match_the_points(client)


def test_the_arguments_of_a_concertation_made_private_leave_the_low_zoom_tiles(client, debates, already):
    process = Process.objects.get(slug=SEEDED)
    process.is_private = True
    process.save()
    assert total(client, 0) == already + 400
    assert_tiles_match_the_points(client, processes=(None, "plan-climat"))


def test_the_kept_argument_cells_equal_a_count_from_scratch(debates):
    national, local = debates
    Argument.objects.filter(debate=national, id__in=Argument.objects.order_by("id").values("id")[:300]).update(
        hidden_at=timezone.now()
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE debates_argument SET geom = ST_Translate(geom, 900, 0) WHERE id % 7 = 0")
        # An argument goes with its replies, as the site deletes it.
        deleted = "SELECT id FROM debates_argument WHERE id % 5 = 0 AND parent_id IS NULL"
        cursor.execute(f"DELETE FROM debates_argument WHERE parent_id IN ({deleted})")
        cursor.execute(f"DELETE FROM debates_argument WHERE id IN ({deleted})")
        cursor.execute("UPDATE debates_argument SET debate_id = %s WHERE id %% 11 = 0", [local.pk])
        kept = (
            "SELECT level, x, y, scope_id, geometry_type, features, sum_x, sum_y FROM tiles_cell_count "
            "WHERE kind = 'debate_arguments'"
        )
        cursor.execute(f"SELECT * FROM ({kept}) c WHERE features <> 0 ORDER BY 1, 2, 3, 4, 5")
        before = cursor.fetchall()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({kept}) c ORDER BY 1, 2, 3, 4, 5")
        recounted = cursor.fetchall()
    assert len(before) > 100
    assert [row[:6] for row in before] == [row[:6] for row in recounted]
    for kept_row, recounted_row in zip(before, recounted, strict=True):
        assert kept_row[6:] == pytest.approx(recounted_row[6:], rel=1e-12)
