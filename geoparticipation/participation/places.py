"""Whether a place may hold a contribution of a concertation, asked by the maps at the click, before any write.

The answer comes from the rule of the write path in one statement: the commune is computed by
territory_commune_for() (the commune trigger's function, over the communes' spatial index) and the concertation's
territory is read from the same table as TerritoryInsert reads, so the map and the submit cannot disagree at a
boundary. The submit still checks everything again.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import connection

from geoparticipation.database import prepared_fetch

from .models import Process


@dataclass(frozen=True)
class Place:
    insee: str | None
    nom: str | None
    inside: bool

    @property
    def reason(self) -> str | None:
        """Which refusal of geometry.check_territory the submit would give; the maps say it in the page's words."""
        if self.inside:
            return None
        return "outside_process" if self.nom else "outside_metropolis"


def place_for(*, user, slug: str, lon: float | None = None, lat: float | None = None, geometry=None) -> Place | None:
    """The commune at (lon, lat) in WGS84, or of a drawn `geometry` (a checked GEOS geometry: the commune of its
    point on surface, as the commune trigger takes it), and whether the concertation `slug` takes a contribution
    there; None when the concertation does not exist or `user` may not see it."""
    if geometry is None:
        geometry = Point(lon, lat, srid=settings.API_SRID)
    covered = connection.ops.quote_name(Process.communes.through._meta.db_table)
    process_sql, process_params = (
        Process.objects.visible_to(user).filter(slug=slug).values("pk").query.sql_with_params()
    )
    sql = (
        f"WITH p (id) AS ({process_sql}),"
        f" here AS (SELECT territory_commune_for(ST_Transform(%s::geometry, {int(settings.STORAGE_SRID)}))"
        " AS commune_id)"
        " SELECT c.insee, c.nom, c.id IS NOT NULL AND ("
        f" NOT EXISTS (SELECT FROM {covered} t WHERE t.process_id = p.id)"
        f" OR EXISTS (SELECT FROM {covered} t WHERE t.process_id = p.id AND t.commune_id = c.id))"
        " FROM p CROSS JOIN here LEFT JOIN territory_commune c ON c.id = here.commune_id"
    )
    # Prepared: the maps ask this at every click, and planning the statement costs more than running it.
    rows = prepared_fetch(sql, [*process_params, geometry.hexewkb.decode()])
    return Place(*rows[0]) if rows else None
