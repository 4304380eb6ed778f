"""The datasets of the catalogue, described once for the HTML page and the DCAT-AP JSON-LD."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connections
from django.urls import reverse
from django.utils.http import urlencode

from geoparticipation.participation.models import Process
from geoparticipation.replicas import read_alias
from geoparticipation.territory import selectors as territory
from layers import metadata, registry
from layers.http import data_version

from . import density, snapshots
from .exports import SRIDS
from .formats import EU_FILE_TYPE, FORMATS

BOUNDARIES_ATTRIBUTION = "© Métropole Européenne de Lille (IGN BD TOPO), INSEE — Licence Ouverte / Etalab 2.0"
PUBLISHER = "Métropole Européenne de Lille"
CRS_LABELS = {
    4326: "WGS 84 (EPSG:4326)",
    2154: "Lambert-93 (EPSG:2154)",
    3950: "CC50 (EPSG:3950)",
    4258: "ETRS89 (EPSG:4258)",
    3035: "ETRS89-LAEA Europe (EPSG:3035)",
}
# The layers an extract per concertation is made of: those with a `process` column.
EXTRACT_LAYERS = ("proposals", "annotations", "meetings")
# The EU data-theme vocabulary: government and public sector, regions and cities.
THEMES = ("GOVE", "REGI")
# The layers whose dates make the period the density maps cover: the contributions.
CONTRIBUTION_LAYERS = ("proposals", "annotations")
RASTER_FORMATS = {
    "tif": ("GeoTIFF optimisé pour le cloud (COG), Lambert-93", "image/tiff", "GEOTIFF"),
    "png": ("Image PNG colorée pour une carte web (Web Mercator)", "image/png", "PNG"),
    "json": ("Emprise en longitude/latitude de l'image PNG, unité et légende", "application/json", "JSON"),
}


@dataclass
class Distribution:
    title: str
    path: str
    media_type: str
    format_label: str
    eu_file_type: str
    description: str = ""
    access_only: bool = False
    srid: int | None = None
    group: str = ""
    # The key of the service in SERVICES that gives access to the data, for the distributions of a service.
    service: str | None = None
    # The .csvt beside a CSV: the type of each column, for QGIS and OGR.
    types_path: str | None = None

    @property
    def crs_label(self):
        return CRS_LABELS.get(self.srid, "")

    @property
    def format_uri(self):
        return EU_FILE_TYPE + self.eu_file_type


@dataclass(frozen=True)
class Service:
    """A service (DCAT-AP's DataService) through which the layers are also read."""

    title: str
    description: str
    endpoint: str  # URL names: the service's, and the document that describes it
    described_by: str
    described_by_query: str
    standard: str
    keywords: tuple = ("participation citoyenne", "service web géographique")
    themes: tuple = THEMES


SERVICES = {
    "wfs": Service(
        "Service WFS 2.0 des contributions publiques",
        "Web Feature Service 2.0 (GML 3.2, GeoJSON) de toutes les couches publiées, filtrable par emprise et par FES.",
        "wfs",
        "wfs",
        "?SERVICE=WFS&REQUEST=GetCapabilities",
        "http://www.opengis.net/doc/IS/wfs/2.0",
    ),
    "ogc": Service(
        "OGC API Features des contributions publiques",
        "OGC API - Features (GeoJSON) de toutes les couches publiées ; le document OpenAPI décrit chaque requête.",
        "ogc-landing",
        "ogc-openapi",
        "",
        "http://www.opengis.net/doc/IS/ogcapi-features-1/1.0",
    ),
}


@dataclass
class ColumnSet:
    title: str
    columns: list  # (name, Shapefile name, description)


@dataclass
class Dataset:
    identifier: str
    title: str
    description: str
    keywords: tuple
    attribution: str
    column_sets: list = field(default_factory=list)
    distributions: list = field(default_factory=list)
    count: int | None = None
    # (first, last) datetime of the rows, None for data without dates.
    period: tuple | None = None
    themes: tuple = THEMES

    @property
    def layer_files(self):
        """The layer downloads, one per format and CRS (the page shows them as a table)."""
        return [d for d in self.distributions if d.srid]

    @property
    def other_links(self):
        """Rasters and services."""
        return [d for d in self.distributions if not d.srid]


def column_set(layer, title=None):
    return ColumnSet(
        title=title or layer.title,
        columns=[(name, layer.shapefile_name(name), text) for name, text in layer.columns.items()],
    )


def layer_downloads(layer, process=None):
    distributions = []
    for extension, file_format in FORMATS.items():
        for srid in SRIDS:
            query = {"process": process} if process else {}
            if srid != 4326:
                query["crs"] = srid
            path = reverse("opendata:download", kwargs={"layer_id": layer.id, "extension": extension})
            where = f" de la concertation {process}" if process else ""
            query_string = f"?{urlencode(query)}" if query else ""
            types_path = None
            if extension == "csv":
                types = reverse("opendata:download", kwargs={"layer_id": layer.id, "extension": "csvt"})
                types_path = types + query_string
            distributions.append(
                Distribution(
                    title=f"{layer.title} — {file_format.label}, {CRS_LABELS[srid]}",
                    path=path + query_string,
                    media_type=file_format.media_type,
                    format_label=file_format.label,
                    eu_file_type=file_format.eu_file_type,
                    description=(
                        f"Fichier {file_format.label}{where}, coordonnées en {CRS_LABELS[srid]}, "
                        "écrit à nouveau à chaque changement des données publiques."
                    ),
                    srid=srid,
                    group=layer.title,
                    types_path=types_path,
                )
            )
    return distributions


def service_distributions(layer):
    return [
        Distribution(
            f"{layer.title} — service WFS 2.0",
            reverse("wfs"),
            "application/xml",
            "WFS",
            "WFS_SRVC",
            description=f"La couche {layer.id} du service WFS 2.0 (typeNames={layer.id}), en GML 3.2 ou en GeoJSON.",
            access_only=True,
            service="wfs",
        ),
        # The format of what the address answers, the collection's description; its items are GeoJSON.
        Distribution(
            f"{layer.title} — OGC API Features",
            reverse("ogc-collection", kwargs={"collection_id": layer.id}),
            "application/json",
            "OGC API Features",
            "JSON",
            description=f"La collection {layer.id} de l'OGC API Features ; ses objets en GeoJSON, par pages (/items).",
            access_only=True,
            service="ogc",
        ),
    ]


def raster_downloads(process=None):
    stem = density.stem_for(process)
    where = f" de la concertation {process}" if process else ""
    return [
        Distribution(
            title,
            reverse("opendata:raster", kwargs={"name": f"{stem}.{ext}"}),
            media,
            ext.upper(),
            eu,
            description=f"{title}{where}, écrit à nouveau à chaque changement des données publiques.",
        )
        for ext, (title, media, eu) in RASTER_FORMATS.items()
    ]


def facts():
    """What the catalogue reads from the database, computed once per data version."""
    version, modified = data_version()
    # The time too: a transaction that rolls back gives its version number back, to be reused with other data.
    key = f"opendata:facts:{version}:{modified.timestamp()}"
    cached = cache.get(key)
    if cached is None:
        cached = {
            "version": version,
            "modified": modified,
            # The kept totals and two ordered reads: counting 1,000,000 rows and their min() and max() took 8 s.
            "counts": {layer.id: metadata.total(layer) for layer in registry.all_layers()},
            "periods": {layer.id: metadata.time_span(layer) for layer in registry.all_layers()},
            "bbox": territory_bbox(),
            "processes": public_processes(),
        }
        cached["process_periods"] = {slug: process_period(slug) for slug, _, _ in cached["processes"]}
        cache.set(key, cached, 3600)
    return cached


def joined(periods):
    """The smallest period that holds all of these."""
    known = [p for p in periods if p]
    return (min(p[0] for p in known), max(p[1] for p in known)) if known else None


def process_period(slug):
    return joined(metadata.time_span(registry.get(layer_id), slug) for layer_id in EXTRACT_LAYERS)


def territory_bbox():
    """(west, south, east, north) in WGS84 of the communes."""
    return tuple(round(value, 5) for value in territory.extent(4326))


def public_processes():
    """(slug, title, subtitle) of the public concertations that have at least one row in a layer view.

    Titles come from the concertations; the layer views decide which slugs appear, so that a concertation the
    views exclude has no extract even if its own flags were read wrongly here.
    """
    candidates = {p.slug: p for p in Process.objects.public().order_by("title")}
    if not candidates:
        return []
    exists = " OR ".join(
        f"EXISTS (SELECT 1 FROM {registry.get(layer_id).table} t WHERE t.process = slug)" for layer_id in EXTRACT_LAYERS
    )
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(f"SELECT slug FROM unnest(%s::text[]) slug WHERE {exists}", [list(candidates)])
        present = {row[0] for row in cursor.fetchall()}
    return [(slug, p.title, p.subtitle) for slug, p in candidates.items() if slug in present]


def datasets():
    known = facts()
    result = []
    for layer in registry.all_layers():
        note = (
            " Le fichier Shapefile compressé contient un fichier par type de géométrie (points, lignes, zones)."
            if layer.parts
            else ""
        )
        result.append(
            Dataset(
                identifier=layer.id,
                title=layer.title,
                description=layer.abstract + note,
                keywords=layer.keywords,
                attribution=layer.attribution,
                column_sets=[column_set(layer)],
                distributions=layer_downloads(layer) + service_distributions(layer),
                count=known["counts"][layer.id],
                period=known["periods"][layer.id],
            )
        )
    for slug, title, subtitle in known["processes"]:
        layers = [registry.get(layer_id) for layer_id in EXTRACT_LAYERS]
        result.append(
            Dataset(
                identifier=f"concertation-{slug}",
                title=f"Concertation « {title} » : contributions et réunions",
                description=(
                    f"Extrait des propositions, annotations et réunions publiques de la concertation « {title} »"
                    + (f" ({subtitle})" if subtitle else "")
                    + ", et la carte de densité de ses contributions."
                ),
                keywords=("participation citoyenne", "concertation", slug),
                attribution="© Métropole Européenne de Lille, contributions des participants",
                column_sets=[column_set(layer) for layer in layers],
                distributions=[d for layer in layers for d in layer_downloads(layer, slug)] + raster_downloads(slug),
                period=known["process_periods"][slug],
            )
        )
    result.append(
        Dataset(
            identifier="densite-contributions",
            title="Densité des contributions",
            description=(
                "Nombre de contributions publiques (propositions et annotations) par km², sur une grille de "
                f"{density.CELL_M} m en Lambert-93, lissé par un noyau gaussien (écart-type {density.SIGMA_M} m, "
                f"tronqué à {3 * density.SIGMA_M} m). Une image PNG colorée, transparente là où la densité est "
                "nulle, accompagne le GeoTIFF pour les cartes web ; un fichier JSON donne son emprise en "
                "longitude/latitude (pour un L.imageOverlay de Leaflet) et sa légende. Chaque concertation a sa "
                "propre carte dans son extrait."
            ),
            keywords=("participation citoyenne", "densité", "raster"),
            attribution="© Métropole Européenne de Lille, contributions des participants",
            distributions=raster_downloads(),
            period=joined(known["periods"][layer_id] for layer_id in CONTRIBUTION_LAYERS),
        )
    )
    return result


def context():
    """Everything both renderings of the catalogue need."""
    known = facts()
    found = datasets()
    # Before the first snapshot, the catalogue has been issued since the first row it publishes.
    first_row = joined(dataset.period for dataset in found)
    return {
        "datasets": found,
        "services": SERVICES,
        "modified": known["modified"],
        "bbox": known["bbox"],
        "issued": snapshots.first_date() or (first_row[0].date() if first_row else None),
        "snapshots": [(day, files, snapshots.notes(day)) for day, files in snapshots.listing()],
        "licence": registry.LICENCE,
        "licence_url": registry.LICENCE_URL,
        "boundaries_attribution": BOUNDARIES_ATTRIBUTION,
        "publisher": PUBLISHER,
    }
