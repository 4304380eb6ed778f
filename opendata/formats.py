"""The download formats, and the type each column has in them. The Shapefile names of the columns are in the layer
declarations (layers/definitions.py)."""

from dataclasses import dataclass

import pyarrow as pa

EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


@dataclass(frozen=True)
class Format:
    extension: str
    label: str
    media_type: str
    driver: str | None
    # Its code in the EU file-type vocabulary, which DCAT-AP 3 requires as the distribution's format.
    eu_file_type: str
    creation_options: tuple[str, ...] = ()


FORMATS = {
    f.extension: f
    for f in (
        Format("geojson", "GeoJSON", "application/geo+json", "GeoJSON", "GEOJSON"),
        Format("gpkg", "GeoPackage", "application/geopackage+sqlite3", "GPKG", "GPKG"),
        Format("csv", "CSV", "text/csv", "CSV", "CSV", ("GEOMETRY=AS_WKT", "SEPARATOR=COMMA")),
        # The EU vocabulary has no FlatGeobuf: BIN (binary data) is its closest true entry.
        Format("fgb", "FlatGeobuf", "application/flatgeobuf", "FlatGeobuf", "BIN"),
        Format("shp.zip", "Shapefile (zip)", "application/zip", "ESRI Shapefile", "SHP", ("ENCODING=UTF-8",)),
        # Written by pyarrow (opendata/geoparquet.py), not GDAL.
        Format("parquet", "GeoParquet", "application/vnd.apache.parquet", None, "PARQUET"),
    )
}


# The .csvt beside a CSV is itself one line of CSV.
CSVT_MEDIA_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class ColumnType:
    arrow: pa.DataType
    # What a .csvt says for QGIS and OGR: https://gdal.org/drivers/vector/csv.html
    csvt: str


COLUMN_TYPES = {
    "CharField": ColumnType(pa.string(), "String"),
    "TextField": ColumnType(pa.string(), "String"),
    "IntegerField": ColumnType(pa.int32(), "Integer"),
    "BigIntegerField": ColumnType(pa.int64(), "Integer64"),
    "FloatField": ColumnType(pa.float64(), "Real"),
    "BooleanField": ColumnType(pa.bool_(), "Integer(Boolean)"),
    "DateTimeField": ColumnType(pa.timestamp("us", tz="UTC"), "DateTime"),
}


def column_type(field):
    """The type of a layer model's field in the downloads; a field of another kind fails here, not in a file."""
    return COLUMN_TYPES[field.get_internal_type()]
