import pytest
from django.utils import timezone

from geoparticipation.accounts.models import User
from geoparticipation.debates.models import Debate
from tests.web.browser import browser, page  # noqa: F401  (fixtures)

from ..factories import GRAND_PLACE_LILLE, point


@pytest.fixture
def debate(process):
    """An open debate of plan-climat, placed at the Grand-Place."""
    return Debate.objects.create(
        process=process,
        title="Faut-il piétonniser la Grand-Place ?",
        description="Le samedi et le dimanche.",
        geom=point(*GRAND_PLACE_LILLE),
        published_at=timezone.now(),
    )


@pytest.fixture
def dominique(db):
    return User.objects.create_user("dominique@example.org", "Dominique", "un-mot-de-passe-solide")
