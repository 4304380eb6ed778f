"""During a live debate the bilan answers at once with its last summary, while a thread of the process computes the
next one: every public write anywhere moves the data version, and a national debate's summary takes seconds."""

import time

import pytest
from django.core.cache import cache

from geoparticipation.analysis import report
from layers.http import data_version

from ..factories import make_process
from .helpers import person, propose

pytestmark = pytest.mark.django_db(transaction=True)


def summary_of_version(process, version, seconds=30):
    """The cached summary once a thread has computed it for `version`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        cached = cache.get(f"bilan-summary:{process.pk}")
        if cached is not None and cached["version"] == version:
            return cached
        time.sleep(0.05)
    raise AssertionError(f"no summary of version {version} after {seconds} s")


@pytest.fixture
def live_debate(settings):
    settings.BILAN_REFRESH_IN_BACKGROUND = True
    cache.clear()
    process = make_process("debat-en-direct")
    propose(process, person("Premiere"), "Une première proposition")
    yield process
    cache.clear()


def test_after_a_write_the_bilan_shows_its_last_figures_at_once_and_the_new_ones_next(client, live_debate):
    assert report.summary(live_debate)["figures"]["proposals"] == 1

    propose(live_debate, person("Seconde"), "Une seconde proposition")
    meanwhile = report.summary(live_debate)
    page = client.get(f"/concertations/{live_debate.slug}/bilan/")

    assert meanwhile["figures"]["proposals"] == 1
    assert page.status_code == 200
    assert summary_of_version(live_debate, data_version()[0])["figures"]["proposals"] == 2
    assert report.summary(live_debate)["figures"]["proposals"] == 2


def test_without_any_summary_yet_the_first_view_computes_it(live_debate):
    assert report.summary(live_debate)["version"] == data_version()[0]
