"""A new contribution as one prepared statement that also applies the territory rule.

`Model.objects.create()` costs more Python time than the rest of a POST (Django compiles the INSERT anew for each
row, and PostgreSQL plans it again), and the commune of the geometry was looked up by a statement of its own before
the commune trigger computed it once more. Here the INSERT is compiled once per process and prepared once per
connection, and it writes the row only when the geometry lies in a commune that the concertation covers: the
commune is computed by the same function as the trigger (territory_commune_for) in the same statement.
"""

import re
from functools import cached_property

from django.conf import settings
from django.db import connection
from django.utils import timezone

from geoparticipation.database import prepared_fetch

from .models import Process


class TerritoryInsert:
    """`model.objects.create(**values)` for a contribution with a geometry (`geom`) and a `process`, written only
    inside the territory; None when the geometry is outside (the caller says why, geometry.check_territory)."""

    def __init__(self, model):
        self.model = model

    @cached_property
    def compiled(self):
        meta = self.model._meta
        quote = connection.ops.quote_name
        # Columns with a database default are left to it, as Django leaves them, and generated ones to PostgreSQL.
        fields = [f for f in meta.concrete_fields if not f.primary_key and not f.has_db_default() and not f.generated]
        covered = quote(Process.communes.through._meta.db_table)
        selected = []
        for field in fields:
            if field.attname in ("geom", "commune_id"):
                selected.append(f"here.{field.attname}")
            else:
                # Typed without length, so that a text too long is refused by the column as Django's INSERT is, not
                # cut by the cast.
                selected.append(f"%s::{re.sub(r'[(].*[)]$', '', field.db_type(connection))}")
        sql = (
            "WITH here AS (SELECT geom, territory_commune_for(geom) AS commune_id"
            f" FROM (SELECT ST_Transform(ST_GeomFromEWKB(%s), {int(settings.STORAGE_SRID)}) AS geom) AS g)"
            f" INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
            f" SELECT {', '.join(selected)} FROM here"
            " WHERE here.commune_id IS NOT NULL AND (NOT %s::boolean"
            f" OR EXISTS (SELECT FROM {covered} WHERE process_id = %s AND commune_id = here.commune_id))"
            f" RETURNING {quote(meta.pk.column)}, commune_id"
        )
        return sql, [f for f in fields if f.attname not in ("geom", "commune_id")]

    def create(self, *, geom, process, **values):
        sql, fields = self.compiled
        row = {}
        for field in fields:
            if field.name in values:
                value = values[field.name]
                row[field.attname] = value.pk if field.is_relation and value is not None else value
            elif getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                row[field.attname] = timezone.now()
            elif field.name == "process":
                row[field.attname] = process.pk
            else:
                row[field.attname] = field.get_default()
        restricted = process.has_territory if hasattr(process, "has_territory") else process.communes.exists()
        params = [bytes(geom.ewkb), *row.values(), restricted, process.pk]
        rows = prepared_fetch(sql, params)
        if not rows:
            return None
        pk, commune_id = rows[0]
        instance = self.model(pk=pk, geom=geom, process=process, commune_id=commune_id, **row)
        for name, value in values.items():
            setattr(instance, name, value)
        instance._state.adding = False
        instance._state.db = connection.alias
        return instance
