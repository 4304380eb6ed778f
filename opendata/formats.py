"""The download formats, and the short field names of the Shapefile (dBase names hold 10 characters)."""

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

# GDAL would cut longer names to 10 characters, and two columns could then collide: the names are chosen here
# and listed in the catalogue.
SHAPEFILE_FIELDS = {
    "supports_count": "supports",
    "comments_count": "comments",
    "commune_insee": "insee",
    "commune_nom": "commune",
    "published_at": "published",
    "description": "descr",
    "registration_url": "inscr_url",
    "proposals_count": "n_propos",
    "meetings_count": "n_reunion",
    "annotations_count": "n_annot",
    "contributions_count": "n_contrib",
    "contributions_per_1000": "contrib_1k",
}


def shapefile_field(column):
    name = SHAPEFILE_FIELDS.get(column, column)
    if len(name) > 10:
        raise ValueError(f"Column {column} needs a Shapefile name of at most 10 characters in SHAPEFILE_FIELDS.")
    return name
