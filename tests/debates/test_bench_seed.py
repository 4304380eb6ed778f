"""The bench's national debate (bench/run.py, national_debate): added once, its kept counters exact."""

import pytest
from django.db.models import Count, F, Q

from bench import run
from geoparticipation.accounts.models import User
from geoparticipation.debates.models import Argument, Debate

from ..factories import make_proposal

pytestmark = pytest.mark.django_db


def test_the_national_debate_is_seeded_once_with_exact_counters(process, citizen):
    User.objects.bulk_create(
        User(email=f"seed-{n}@seed.geoparticipation.invalid", pseudonym=f"seed-{n}") for n in range(1, 400)
    )
    make_proposal(process, citizen)
    small = (("Un petit débat clos", 50, True),)

    assert run.national_debate(process, size=3_000, small=small) is not None
    assert run.national_debate(process, size=3_000, small=small) is None

    national = Debate.objects.get(title=run.DEBATE_TITLE)
    closed = Debate.objects.get(title="Un petit débat clos")
    assert closed.is_closed and closed.conclusion
    arguments = Argument.objects.filter(debate=national)
    assert arguments.count() == 3_000 and arguments.filter(parent__isnull=False).count() == 300
    for debate in (national, closed):
        counted = Argument.objects.filter(debate=debate, parent__isnull=True, published_at__isnull=False).aggregate(
            **{stance: Count("id", filter=Q(stance=stance)) for stance in ("for", "against", "nuance")}
        )
        assert (debate.arguments_for, debate.arguments_against, debate.arguments_nuance) == (
            counted["for"],
            counted["against"],
            counted["nuance"],
        )
        assert counted["for"] > counted["against"] > counted["nuance"] > 0
    wrong = arguments.annotate(n=Count("supports")).exclude(n=F("supports_count")).count()
    assert wrong == 0 and arguments.filter(supports_count__gt=0).count() > 1_000
    placed = arguments.filter(geom__isnull=False)
    assert placed.count() == 2_700 // 20 and not placed.filter(commune__isnull=True).exists()
