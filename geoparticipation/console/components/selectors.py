"""What the components' pages read: the meetings in the officer's order, the territory's centre for the pin."""

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from geoparticipation.participation.models import Meeting, Process
from geoparticipation.territory.models import Commune


def territory_centre(process) -> tuple[float, float] | None:
    """(lon, lat) of a point inside the concertation's territory (the metropolis when it names no commune), where a
    new meeting's pin starts; None before the communes are loaded."""
    covered = Process.communes.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_PointOnSurface(ST_Union(c.geom)), %s) p"
            f" FROM {Commune._meta.db_table} c WHERE NOT EXISTS (SELECT FROM {covered} t WHERE t.process_id = %s)"
            f" OR c.id IN (SELECT t.commune_id FROM {covered} t WHERE t.process_id = %s)) s",
            [settings.API_SRID, process.pk, process.pk],
        )
        x, y = cursor.fetchone()
    return None if x is None else (round(x, 6), round(y, 6))


def space_meetings(process):
    """The meetings, with their registrations counted: past ones still without a report first, then upcoming ones,
    then past ones with their report, the latest first."""
    now = timezone.now()
    meetings = Meeting.objects.filter(process=process).annotate(registered=Count("registrations"))
    return {
        "without_report": meetings.filter(end_time__lt=now, report="").order_by("-end_time", "-pk"),
        "upcoming": meetings.filter(end_time__gte=now).order_by("start_time", "pk"),
        "reported": meetings.filter(end_time__lt=now).exclude(report="").order_by("-end_time", "-pk"),
    }
