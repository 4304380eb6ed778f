"""Layer files written by GDAL straight from the layer views, cached per data version.

`ogr2ogr` reads PostGIS through a cursor and writes the file as it goes: a download of 1,000,000 features never
holds them in memory, neither in GDAL nor in Django, which only streams the finished file.
"""

import os
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, models

from geoparticipation.replicas import read_alias
from layers import crs, registry
from layers.http import data_version
from layers.rendering import geometry_sql

from . import geoparquet, storage
from .formats import FORMATS, column_type

SRIDS = crs.DOWNLOAD_SRIDS
# The end of a file's name in each CRS but WGS 84.
FILENAME_SUFFIXES = {settings.STORAGE_SRID: "lambert93", 3950: "cc50", 4258: "etrs89", 3035: "laea"}
OGR_GEOMETRY_TYPES = {
    "Point": "POINT",
    "LineString": "LINESTRING",
    "Polygon": "POLYGON",
    "MultiPolygon": "MULTIPOLYGON",
    "Geometry": "GEOMETRY",
}
# Coordinates in the CSV columns, and in GeoJSON files: 1e-6 degree (about 10 cm) or 1 cm in projected CRSs.
DECIMALS = {srid: 6 if crs.is_geographic(srid) else 2 for srid in SRIDS}


class ExportError(RuntimeError):
    pass


def csv_coordinate_columns(srid):
    return ("longitude", "latitude") if crs.is_geographic(srid) else ("x", "y")


def csvt(layer):
    """The .csvt of the layer's CSV: the type of each column, in the CSV's order (GDAL writes the WKT first), so that
    QGIS and OGR read INSEE codes as text and counts as numbers instead of guessing."""
    types = ["WKT", *(column_type(layer.model._meta.get_field(name)).csvt for name in layer.columns), "Real", "Real"]
    return ",".join(f'"{name}"' for name in types) + "\n"


def _quote_dsn(value):
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def pg_source():
    """The GDAL connection string of the Django database, and the environment that carries its password."""
    db = connections[read_alias()].settings_dict
    parts = {"dbname": db["NAME"], "host": db.get("HOST"), "port": db.get("PORT"), "user": db.get("USER")}
    dsn = "PG:" + " ".join(f"{key}={_quote_dsn(value)}" for key, value in parts.items() if value)
    env = dict(os.environ)
    if db.get("PASSWORD"):
        # In the environment rather than the command line, where any local user could read it.
        env["PGPASSWORD"] = db["PASSWORD"]
    return dsn, env


def select_sql(layer, extension, srid, process=None):
    """The SELECT over the layer view for one file: published columns, geometry in `srid`, ordered by id."""
    quote = connection.ops.quote_name
    columns = []
    for name in layer.columns:
        expression, alias = f"t.{quote(name)}", name
        if extension == "shp.zip":
            alias = layer.shapefile_name(name)
        # dBase has dates without time, and GDAL writes CSV dates as 2026/11/07 14:29:58+00: timestamps travel as
        # ISO 8601 text in UTC (the .csvt tells QGIS that the CSV's are dates).
        if extension in ("shp.zip", "csv") and isinstance(layer.model._meta.get_field(name), models.DateTimeField):
            expression = f"""to_char({expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
        columns.append(f"{expression} AS {quote(alias)}")
    geom = geometry_sql(srid)
    if extension == "csv":
        # A representative point inside lines and polygons, computed in metres before any reprojection.
        where = geom if layer.geometry_type == "Point" else f"ST_Transform(ST_PointOnSurface(t.geom), {int(srid)})"
        x, y = csv_coordinate_columns(srid)
        decimals = DECIMALS[srid]
        columns.append(f"round(ST_X({where})::numeric, {decimals})::float8 AS {x}")
        columns.append(f"round(ST_Y({where})::numeric, {decimals})::float8 AS {y}")
    columns.append(f"{geom} AS geom")
    sql = f"SELECT {', '.join(columns)} FROM {layer.table} t"
    if process is not None:
        if not storage.SAFE_NAME.match(process):
            raise ValueError(f"Invalid concertation slug: {process!r}")
        sql += f" WHERE t.process = '{process}'"
    return f"{sql} ORDER BY t.{quote(layer.id_column)}"


def _ogr2ogr(layer, extension, srid, process, destination, *, layer_name=None):
    file_format = FORMATS[extension]
    dsn, env = pg_source()
    options = list(file_format.creation_options)
    if extension == "geojson":
        if srid != 4326:
            # RFC 7946 is WGS 84 alone (GDAL would reproject to it); in another CRS the file names it in `crs`.
            options += [f"COORDINATE_PRECISION={DECIMALS[srid]}"]
        elif layer.geometry_type == "MultiPolygon":
            # GDAL 3.6's RFC 7946 writer makes a Polygon of every MultiPolygon of one part, whatever -nlt says; its
            # precision without it (the communes' rings are already counter-clockwise, as RFC 7946 asks).
            options += ["COORDINATE_PRECISION=7"]
        else:
            options += ["RFC7946=YES"]
    command = [
        "ogr2ogr",
        "-f",
        file_format.driver,
        str(destination),
        dsn,
        "-sql",
        select_sql(layer, extension, srid, process),
        "-nln",
        layer_name or layer.id,
        "-nlt",
        OGR_GEOMETRY_TYPES[layer.geometry_type],
        # An empty result carries no SRID for GDAL to read: the CRS is stated.
        "-a_srs",
        f"EPSG:{int(srid)}",
        "-gt",
        "65536",
        "--config",
        "OGR_PG_CURSOR_PAGE",
        "10000",
    ]
    for option in options:
        command += ["-lco", option]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ExportError(f"ogr2ogr failed for {layer.id}.{extension}: {result.stderr.strip()}")


def _write_shapefile_zip(layer, srid, process, destination):
    """One shapefile per geometry type (the `.parts` of a mixed layer), each with its .cpg and .prj."""
    parts = [registry.get(part) for part in layer.parts] or [layer]
    with tempfile.TemporaryDirectory(dir=destination.parent) as folder:
        for part in parts:
            _ogr2ogr(part, "shp.zip", srid, process, Path(folder), layer_name=part.id)
        with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, arcname=path.name)


def export(layer, extension, srid, process=None):
    """The file of the layer for the current data version, written once and then served from the cache.

    GDAL (or pyarrow) reads after the version was read, so a file never holds data older than its version; a newer
    version has another name, hence another file. Simultaneous requests for a file not yet written write it once.
    """
    version, _ = data_version()
    folder = storage.directory("cache")
    stem = f"{layer.id}@{process}-{srid}" if process else f"{layer.id}-{srid}"
    final = storage.versioned_path(folder, stem, version, f".{extension}")
    if final.exists():
        return final
    with storage.writing(final):
        if final.exists():
            return final
        temporary = storage.temporary_path(folder, f".{extension}")
        try:
            if extension == "shp.zip":
                _write_shapefile_zip(layer, srid, process, temporary)
            elif extension == "parquet":
                geoparquet.write(layer, srid, process, temporary)
            else:
                _ogr2ogr(layer, extension, srid, process, temporary)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return storage.publish(temporary, final)


def filename(layer, extension, srid, process=None):
    parts = [layer.id, process, FILENAME_SUFFIXES.get(srid)]
    return "-".join(part for part in parts if part) + f".{extension}"
