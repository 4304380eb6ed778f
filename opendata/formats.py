"""The download formats. The Shapefile names of the columns are in the layer declarations (layers/definitions.py)."""

from dataclasses import dataclass

EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


@dataclass(frozen=True)
class Format:
    extension: str
    label: str
    media_type: str
    driver: str
    eu_file_type: str | None
    creation_options: tuple[str, ...] = ()


FORMATS = {
    f.extension: f
    for f in (
        Format("geojson", "GeoJSON", "application/geo+json", "GeoJSON", "GEOJSON"),
        Format("gpkg", "GeoPackage", "application/geopackage+sqlite3", "GPKG", "GPKG"),
        Format("csv", "CSV", "text/csv", "CSV", "CSV", ("GEOMETRY=AS_WKT", "SEPARATOR=COMMA")),
        Format("fgb", "FlatGeobuf", "application/flatgeobuf", "FlatGeobuf", None),
        Format("shp.zip", "Shapefile (zip)", "application/zip", "ESRI Shapefile", "SHP", ("ENCODING=UTF-8",)),
    )
}
