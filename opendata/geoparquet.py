"""GeoParquet 1.1 files written from the layer views in bounded batches (GDAL 3.6 has no Parquet driver).

PostgreSQL gives the rows through a server-side cursor, a few thousand at a time, each with its geometry already in
WKB and its bounding box; memory holds one row group whatever the layer's size.
"""

import json

import psycopg
import pyarrow as pa
import pyarrow.parquet as pq
from django.db import connection, connections, transaction
from pyproj import CRS

from geoparticipation.replicas import read_alias
from layers import registry
from layers.rendering import geometry_sql

from .formats import column_type

# Rows come from PostgreSQL FETCH_ROWS at a time, turned into Arrow columns at once (a tenth of their size as Python
# objects); a row group of ROW_GROUP_ROWS rows (1.5 MB of proposals once compressed) lets readers skip row groups by
# their bbox statistics. The bench's 850,000 proposals take 75 MB above what Django holds, 290 MB in all, and that
# does not grow with the number of rows.
FETCH_ROWS = 2_000
ROW_GROUP_ROWS = 20_000
# GeoParquet's default CRS, longitude before latitude: what the file's coordinates are in for WGS 84.
BBOX = pa.struct([(name, pa.float64()) for name in ("xmin", "ymin", "xmax", "ymax")])


def geometry_types(layer):
    """The GeoParquet names of the geometry types a layer holds: those of its parts for the mixed one."""
    return sorted({registry.get(part).geometry_type for part in layer.parts} or {layer.geometry_type})


def schema(layer, srid):
    fields = [pa.field(name, column_type(layer.model._meta.get_field(name)).arrow) for name in layer.columns]
    geo = {
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": geometry_types(layer),
                "crs": CRS("OGC:CRS84" if srid == 4326 else f"EPSG:{srid}").to_json_dict(),
                "covering": {"bbox": {key: ["bbox", key] for key in ("xmin", "ymin", "xmax", "ymax")}},
            }
        },
    }
    fields += [pa.field("geometry", pa.binary()), pa.field("bbox", BBOX)]
    return pa.schema(fields, metadata={"geo": json.dumps(geo)})


def select_sql(layer, srid, process=None):
    """The layer view's published columns and the geometry in `srid` as WKB with its box.

    In the order of PostGIS's B-tree on geometries, a space-filling curve: each row group then covers a small area,
    and a reader of a window skips the others by their bbox statistics."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"t.{quote(name)}" for name in layer.columns)
    geom = geometry_sql(srid)
    sql = (
        f"SELECT {columns}, ST_AsBinary(g), ST_XMin(g), ST_YMin(g), ST_XMax(g), ST_YMax(g) "
        f"FROM {layer.table} t CROSS JOIN LATERAL (SELECT {geom} AS g) transformed"
    )
    params = []
    if process is not None:
        sql += " WHERE t.process = %s"
        params.append(process)
    return f"{sql} ORDER BY t.geom, t.{quote(layer.id_column)}", params


def _batch(file_schema, rows, width):
    arrays = [pa.array([row[i] for row in rows], type=file_schema.field(i).type) for i in range(width + 1)]
    corners = [pa.array([row[i] for row in rows], type=pa.float64()) for i in range(width + 1, width + 5)]
    boxes = pa.StructArray.from_arrays(corners, fields=list(BBOX))
    return pa.record_batch([*arrays, boxes], schema=file_schema)


def write(layer, srid, process, destination):
    file_schema = schema(layer, srid)
    width = len(layer.columns)
    alias = read_alias()
    database = connections[alias]
    database.ensure_connection()
    # A server-side cursor: PostgreSQL keeps the rows not yet fetched, and the writer takes FETCH_ROWS at a time.
    with (
        transaction.atomic(using=alias),
        database.wrap_database_errors,
        psycopg.ServerCursor(database.connection, "opendata_geoparquet") as cursor,
        pq.ParquetWriter(destination, file_schema, compression="zstd") as writer,
    ):
        cursor.execute(*select_sql(layer, srid, process))
        group = []
        while rows := cursor.fetchmany(FETCH_ROWS):
            group.append(_batch(file_schema, rows, width))
            if sum(batch.num_rows for batch in group) >= ROW_GROUP_ROWS:
                writer.write_table(pa.Table.from_batches(group), row_group_size=ROW_GROUP_ROWS)
                group = []
        if group:
            writer.write_table(pa.Table.from_batches(group), row_group_size=ROW_GROUP_ROWS)
