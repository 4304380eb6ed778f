"""Whether a place may hold a contribution of a concertation, asked by the maps at the click, before any write.

The answer comes from the rule of the write path in one statement: the commune is computed by
territory_commune_for() (the commune trigger's function, over the communes' spatial index) and the concertation's
territory is read from the same table as TerritoryInsert reads, so the map and the submit cannot disagree at a
boundary. The submit still checks everything again.
"""

from dataclasses import dataclass

from django.conf import settings
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


def place_for(*, user, slug: str, lon: float, lat: float) -> Place | None:
    """The commune at (lon, lat) in WGS84 and whether the concertation `slug` takes a contribution there; None when
    the concertation does not exist or `user` may not see it."""
    covered = connection.ops.quote_name(Process.communes.through._meta.db_table)
    process_sql, process_params = (
        Process.objects.visible_to(user).filter(slug=slug).values("pk").query.sql_with_params()
    )
    sql = (
        f"WITH p (id) AS ({process_sql}),"
        " here AS (SELECT territory_commune_for("
        f"ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), {int(settings.API_SRID)}), {int(settings.STORAGE_SRID)})"
        ") AS commune_id)"
        " SELECT c.insee, c.nom, c.id IS NOT NULL AND ("
        f" NOT EXISTS (SELECT FROM {covered} t WHERE t.process_id = p.id)"
        f" OR EXISTS (SELECT FROM {covered} t WHERE t.process_id = p.id AND t.commune_id = c.id))"
        " FROM p CROSS JOIN here LEFT JOIN territory_commune c ON c.id = here.commune_id"
    )
    # Prepared: the maps ask this at every click, and planning the statement costs more than running it.
    rows = prepared_fetch(sql, [*process_params, lon, lat])
    return Place(*rows[0]) if rows else None
