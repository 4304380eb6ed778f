"""The indicators' and the bilan's charts: every month on the axis, zeros included, with a title, axes and legend."""

import datetime as dt
import re

from django.utils import timezone

from geoparticipation.analysis import charts, indicators
from geoparticipation.participation.models import Proposal

from .helpers import person, propose


def published_on(proposal, year, month):
    Proposal.objects.filter(pk=proposal.pk).update(published_at=timezone.make_aware(dt.datetime(year, month, 15, 12)))


def test_a_month_without_activity_is_a_row_of_zeros(process):
    alice = person("Alice")
    published_on(propose(process, alice, "En janvier"), 2026, 1)
    published_on(propose(process, alice, "En avril"), 2026, 4)

    months = indicators.over_time(period="month", process=process)

    assert [row["period"] for row in months] == [dt.date(2026, m, 1) for m in (1, 2, 3, 4)]
    assert [row["proposals"] for row in months] == [1, 0, 0, 1]
    assert [row["participants"] for row in months] == [1, 0, 0, 1]


def test_the_indicators_page_charts_every_month_with_its_title_axes_and_legend(client, analyst, process):
    alice = person("Alice")
    published_on(propose(process, alice, "En janvier"), 2026, 1)
    published_on(propose(process, alice, "En mars"), 2026, 3)
    client.force_login(analyst)

    page = client.get(f"/analyse/indicateurs/?process={process.pk}").content.decode()

    assert '<figcaption class="analysis-figure__title">Contributions par mois</figcaption>' in page
    chart = page[page.index("Contributions par mois") : page.index("Participants par mois")]
    assert "Mois</text>" in chart and ">Contributions</text>" in chart  # the two axes' titles
    assert re.findall(r"<title>(\d\d/2026) : (\d+)</title>", chart) == [
        ("01/2026", "1"),
        ("02/2026", "0"),
        ("03/2026", "1"),
    ]
    assert "février 2026</th>" in page  # the table beside the chart has the empty month too
    assert "analysis-legend" in chart
    assert 'aria-label="Contributions par mois. 01/2026 : 1 ; 02/2026 : 0 ; 03/2026 : 1"' in chart


def test_an_axis_has_round_ticks_from_zero_past_the_largest_value():
    assert charts.ticks(0) == [0, 1]
    assert charts.ticks(3) == [0, 1, 2, 3]
    assert charts.ticks(37) == [0, 10, 20, 30, 40]
    assert charts.ticks(1234) == [0, 500, 1000, 1500]
    assert charts.ticks(0.8, whole=False) == [0, 0.2, 0.4, 0.6, 0.8]


def test_the_bilan_chart_of_themes_has_its_unit_and_legend(client, process):
    propose(process, person("Alice"), "Un abri vélo")

    page = client.get(f"/concertations/{process.slug}/bilan/").content.decode()

    assert "Nombre de propositions par thème</figcaption>" in page
    assert ">Propositions</text>" in page
    assert "Propositions publiées dans le thème" in page
