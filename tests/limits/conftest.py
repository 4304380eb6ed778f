import datetime

import pytest
from django.utils import timezone

from geoparticipation.limits.middleware import reads
from geoparticipation.limits.models import Counter


@pytest.fixture
def rates(settings):
    """Turns on the rates given, e.g. rates(contributions="10/min"); the others stay off."""
    reads.clear()

    def turn_on(**scopes):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **scopes}

    yield turn_on
    reads.clear()


def end_every_window():
    """As if the windows counted so far had all ended (the clock moved on)."""
    Counter.objects.update(expires=timezone.now() - datetime.timedelta(seconds=1))
