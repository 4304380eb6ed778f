"""What the feeds state about a layer as a whole, each read without scanning the layer: how many features match a
query (numberMatched) and the time span of its published rows (a collection's temporal extent)."""

import json

from django.db import connection, connections

from geoparticipation.replicas import read_alias

# The contribution kinds whose published rows the triggers count in layers_layer_count
# (sql/post_20_commune_counts.sql), by concertation and geometry type.
COUNTED_KINDS = {"proposals", "meetings", "annotations"}
# A filtered query is counted only up to this many rows, and only when the planner expects that count to cost
# less than COUNT_COST: on a million proposals, about what a page of a few thousand features costs. Counting the
# 100,000 proposals of Lille, or every accepted one, would cost ten times a page; such pages go without
# numberMatched, as the standard allows.
COUNT_BOUND = 10_000
COUNT_COST = 10_000

KEPT_TOTAL = """
    SELECT COALESCE(sum(k.features), 0)
    FROM layers_layer_count k
    JOIN participation_public_process pr ON pr.id = k.process_id
    WHERE k.kind = %s AND (%s::text IS NULL OR k.geometry_type = %s)
"""


def total(layer):
    """The number of features of the whole layer: kept by the triggers for contributions; the other layers (95
    communes, the survey's rows per commune) are aggregates small enough to count."""
    kind = layer.split_of or layer.id
    with connections[read_alias()].cursor() as cursor:
        if kind in COUNTED_KINDS:
            # A part of the annotations is one geometry type of them (sql/post_30_views.sql).
            geometry_type = layer.geometry_type.upper() if layer.split_of else None
            cursor.execute(KEPT_TOTAL, [kind, geometry_type, geometry_type])
        else:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(layer.table)}")
        return int(cursor.fetchone()[0])


def bounded_count(query):
    """The number of rows matching a filtered FeatureQuery, paging aside, when the planner expects counting them to
    be cheap and there are at most COUNT_BOUND of them; otherwise None."""
    sql, params = query.count_sql(COUNT_BOUND + 1)
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        if plan[0]["Plan"]["Total Cost"] > COUNT_COST:
            return None
        cursor.execute(sql, params)
        count = cursor.fetchone()[0]
    return count if count <= COUNT_BOUND else None


def time_span(layer, process=None):
    """(first, last) instants of the layer's date column over its published rows, in one concertation (its slug) or
    in all, or None for a layer without a date or without rows. Two ordered reads of one row each, which the index
    on published_at serves (meetings are a few hundred): min() and max() over a view that joins would read every
    row."""
    if layer.datetime_column is None:
        return None
    column = connection.ops.quote_name(layer.datetime_column)
    table = connection.ops.quote_name(layer.table)
    where = f"{column} IS NOT NULL" + (" AND process = %(process)s" if process else "")
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT {column} FROM {table} WHERE {where} ORDER BY {column} LIMIT 1), "
            f"(SELECT {column} FROM {table} WHERE {where} ORDER BY {column} DESC LIMIT 1)",
            {"process": process},
        )
        first, last = cursor.fetchone()
    return None if first is None else (first, last)
