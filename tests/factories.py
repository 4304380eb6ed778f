"""Test data builders shared by the test modules."""

import datetime

from django.contrib.gis.geos import Point
from django.utils import timezone

from geoparticipation.participation import services
from geoparticipation.participation.models import Meeting, Phase, Process, Theme

# Known places of the metropolis, in WGS84 (lon, lat).
GRAND_PLACE_LILLE = (3.0630, 50.6370)
MAIRIE_ROUBAIX = (3.17405, 50.69106)  # BD TOPO « Mairie de Roubaix »
OUTSIDE_TERRITORY = (2.3522, 48.8566)  # Paris


def make_process(slug="plan-climat", *, is_private=False, open_=True, themes=("climat", "mobilite")):
    process = Process.objects.create(slug=slug, title=f"Concertation {slug}", is_private=is_private)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=10) if open_ else today - datetime.timedelta(days=100)
    Phase.objects.create(
        process=process,
        position=1,
        title="Propositions",
        start_date=start,
        end_date=start + datetime.timedelta(days=30),
    )
    for theme_slug in themes:
        theme, _ = Theme.objects.get_or_create(slug=theme_slug, defaults={"name": theme_slug.capitalize()})
        process.themes.add(theme)
    return process


ACTIONS = ("proposals", "supports", "comments", "annotations", "survey_answers", "arguments", "argument_supports")


def set_phases(process, *phases):
    """Replaces the calendar: (title, first day, last day, what it allows), days counted from today."""
    process.phases.all().delete()
    today = timezone.localdate()
    for position, (title, first, last, allows) in enumerate(phases, start=1):
        Phase.objects.create(
            process=process,
            position=position,
            title=title,
            start_date=today + datetime.timedelta(days=first),
            end_date=today + datetime.timedelta(days=last),
            **{f"allows_{action}": action in allows for action in ACTIONS},
        )
    return process


def point(lon, lat):
    return Point(lon, lat, srid=4326)


def make_proposal(process, author, *, title="Un abri vélo", body="Devant la gare.", where=GRAND_PLACE_LILLE, **fields):
    """A proposal published through the service, as a citizen makes it; at the Grand-Place unless told."""
    return services.proposal_create(
        author=author, process=process, title=title, body=body, geometry=point(*where), **fields
    )


def make_meeting(process, *, ended=False, title="Atelier climat", where=GRAND_PLACE_LILLE, **fields):
    """A published two-hour meeting at the Grand-Place unless told: it ended an hour ago, or starts tomorrow."""
    start = timezone.now() + (datetime.timedelta(hours=-3) if ended else datetime.timedelta(days=1))
    return Meeting.objects.create(
        process=process,
        title=title,
        start_time=start,
        end_time=start + datetime.timedelta(hours=2),
        address="Place du Général de Gaulle, Lille",
        geom=point(*where),
        published_at=timezone.now() - datetime.timedelta(days=7),
        **fields,
    )
