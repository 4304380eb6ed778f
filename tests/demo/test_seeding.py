import io
import statistics

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from geoparticipation.accounts.models import User
from geoparticipation.demo.seeding import SLUG, apportion, slices
from geoparticipation.participation.models import Annotation, Comment, Process, Proposal
from geoparticipation.territory.models import Commune

pytestmark = pytest.mark.django_db


def seed(n, *options):
    call_command("seed", f"--contributions={n}", *options, verbosity=0, stdout=io.StringIO())


def synthetic(model):
    return model.objects.filter(process__slug=SLUG)


def test_seeding_2000_contributions_creates_1700_proposals_and_300_annotations():
    seed(2000)
    assert synthetic(Proposal).count() == 1700
    assert synthetic(Annotation).count() == 300
    kinds = set(synthetic(Annotation).values_list("kind", flat=True))
    assert kinds == set(Annotation.Kind.values)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT GeometryType(geom) FROM participation_annotation a "
            "JOIN participation_process p ON p.id = a.process_id WHERE p.slug = %s",
            [SLUG],
        )
        assert {row[0] for row in cursor.fetchall()} == {"POINT", "LINESTRING", "POLYGON"}


def test_each_seeded_contribution_has_the_commune_the_database_rule_gives():
    seed(2000)
    with connection.cursor() as cursor:
        for table in ("participation_proposal", "participation_annotation"):
            cursor.execute(
                f"""
                SELECT count(*), count(*) FILTER (WHERE t.commune_id IS DISTINCT FROM territory_commune_for(t.geom))
                FROM {table} t JOIN participation_process p ON p.id = t.process_id WHERE p.slug = %s
                """,
                [SLUG],
            )
            total, wrong = cursor.fetchone()
            assert total > 0 and wrong == 0


def test_seeded_proposals_are_spread_over_the_communes_by_population():
    seed(2000)
    population = dict(Commune.objects.values_list("pk", "population"))
    counts = dict(synthetic(Proposal).values_list("commune").annotate(n=Count("id")))
    lille = Commune.objects.get(nom="Lille")
    assert max(counts, key=counts.get) == lille.pk
    assert counts[lille.pk] == pytest.approx(1700 * lille.population / sum(population.values()), abs=2)
    ids = sorted(population)
    assert statistics.correlation([population[i] for i in ids], [counts.get(i, 0) for i in ids]) > 0.99


def test_the_synthetic_concertation_is_public_and_open_and_its_proposals_are_in_the_api(client):
    seed(300)
    process = Process.objects.public().get(slug=SLUG)
    assert process.status == Process.Status.OPEN
    response = client.get(f"/api/v1/proposals/?process={SLUG}&page_size=1")
    assert response.json()["count"] == 255


def test_seeding_is_additive_unless_reset():
    seed(400)
    seed(400)
    assert synthetic(Proposal).count() + synthetic(Annotation).count() == 800
    seed(200, "--reset")
    assert synthetic(Proposal).count() + synthetic(Annotation).count() == 200


def test_synthetic_participants_are_a_tenth_of_the_contributions_and_cannot_sign_in():
    seed(2000)
    participants = User.objects.filter(email__endswith="@seed.geoparticipation.invalid")
    assert participants.count() == 200
    assert not any(user.has_usable_password() for user in participants[:20])
    assert synthetic(Proposal).values("author").distinct().count() > 150


def test_seeded_dates_spread_over_the_past_year():
    seed(1000)
    dates = list(synthetic(Proposal).values_list("published_at", flat=True))
    assert (max(dates) - min(dates)).days > 300


def test_apportioning_keeps_the_total_and_the_proportions():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert apportion(200, [238_246, 98_772, 1_000]) == [141, 58, 1]
    assert sum(apportion(1_000_000, [5, 7, 11, 13])) == 1_000_000


def test_time_slices_hold_every_commune_in_proportion_and_none_exceeds_the_batch():
    counts = {1: 1200, 2: 300, 3: 5}
    statements = slices(counts, size=100)
    assert all(sum(n for _, n in pieces) <= 100 for pieces in statements)
    for commune, count in counts.items():
        shares = [n for pieces in statements for c, n in pieces if c == commune]
        assert sum(shares) == count
    assert all(dict(pieces)[1] == 75 and dict(pieces)[2] in (18, 19) for pieces in statements)
    small = [j for j, pieces in enumerate(statements) if 3 in dict(pieces)]
    assert len(small) == 5 and small[-1] - small[0] >= len(statements) * 3 // 4


def test_seeded_ids_follow_the_publication_time_with_the_communes_interleaved():
    seed(2000)
    rows = list(synthetic(Proposal).order_by("id").values_list("published_at", "commune"))
    dates = [published_at for published_at, _ in rows]
    assert dates == sorted(dates)
    assert len({commune for _, commune in rows[:100]}) >= 20
    lille = Commune.objects.get(nom="Lille").pk
    in_lille = [i for i, (_, commune) in enumerate(rows) if commune == lille]
    assert in_lille[0] < 30 and in_lille[-1] > len(rows) - 30


def test_seeded_proposals_have_real_supports_and_comments_that_their_counters_count():
    seed(2000)
    proposals = synthetic(Proposal).annotate(rows=Count("supports", distinct=True))
    assert proposals.filter(supports_count__gt=0).count() > 200
    assert all(p.supports_count == p.rows for p in proposals)
    commented = Comment.objects.filter(object_id__in=synthetic(Proposal).values("pk"))
    assert commented.count() == sum(synthetic(Proposal).values_list("comments_count", flat=True)) > 100
