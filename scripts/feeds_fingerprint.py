"""Fingerprints of every public output of every layer, to show that a refactoring changed none of them.

    .venv/bin/python scripts/feeds_fingerprint.py before.json        # on the current database
    ... change the code, migrate the same database ...
    .venv/bin/python scripts/feeds_fingerprint.py after.json
    .venv/bin/python scripts/feeds_fingerprint.py --compare before.json after.json

Requests go through Django's test client against the configured database (run it on the demo, or any data).
Timestamps of the answers are blanked; GeoPackage and zipped Shapefile downloads, whose files carry the time they
were written, are compared by their content as GDAL reads it, and tiles by their decoded features in id order (a
tile's features come in the order PostgreSQL reads the rows).
"""

import hashlib
import json
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoparticipation.settings")
os.environ.setdefault("DEBUG", "1")

LAYERS = [
    "proposals",
    "meetings",
    "annotations",
    "annotations_points",
    "annotations_lines",
    "annotations_polygons",
    "communes",
    "survey_answers",
    "debates",
    "debate_arguments",
]
TILE_LAYERS = ["proposals", "meetings", "annotations", "communes", "survey_answers", "debates", "debate_arguments"]
# Lille and Roubaix from z9 to z16, and the aggregated/detailed switch at z14/z15.
TILES = [(9, 261, 172), (10, 520, 344), (12, 2082, 1377), (14, 8331, 5511), (15, 16663, 11023), (16, 33326, 22046)]
TILES += [(14, 8339, 5504), (15, 16679, 11009)]
WFS_CRS = ["EPSG:2154", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326", "EPSG:3857", "EPSG:3950"]
WFS_CRS += ["urn:ogc:def:crs:EPSG::4258", "urn:ogc:def:crs:EPSG::3035"]
OGC_CRS = [
    "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
    "http://www.opengis.net/def/crs/EPSG/0/2154",
    "http://www.opengis.net/def/crs/EPSG/0/4326",
    "http://www.opengis.net/def/crs/EPSG/0/3857",
    "http://www.opengis.net/def/crs/EPSG/0/3950",
    "http://www.opengis.net/def/crs/EPSG/0/4258",
    "http://www.opengis.net/def/crs/EPSG/0/3035",
]
DOWNLOADS = ["geojson", "csv", "csvt", "fgb", "gpkg", "shp.zip", "parquet"]
DOWNLOAD_SRIDS = [2154, 3950, 4258, 3035]
VOLATILE = [
    (re.compile(rb'timeStamp="[^"]*"'), b'timeStamp=""'),
    (re.compile(rb'"timeStamp": ?"[^"]*"'), b'"timeStamp": ""'),
    # The catalogue's date of the last change of the data.
    (re.compile(rb'("dct:modified": \{\s*"@value": )"[^"]*"'), rb'\1""'),
]


def urls():
    yield "/wfs?SERVICE=WFS&REQUEST=GetCapabilities"
    yield "/ogc/"
    yield "/ogc/collections"
    yield "/ogc/api"
    yield "/ogc/conformance"
    yield "/ogc/tileMatrixSets/WebMercatorQuad"
    yield "/opendata/catalog.jsonld"
    for layer in LAYERS:
        yield f"/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&TYPENAMES={layer}"
        for crs in WFS_CRS:
            for output in ("", "&OUTPUTFORMAT=geojson"):
                yield f"/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES={layer}&SRSNAME={crs}{output}"
        yield f"/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES={layer}&COUNT=7&STARTINDEX=3"
        yield f"/ogc/collections/{layer}"
        yield f"/ogc/collections/{layer}/style.qml"
        yield f"/ogc/collections/{layer}/queryables"
        yield f"/ogc/collections/{layer}/tiles/WebMercatorQuad"
        for crs in OGC_CRS:
            yield f"/ogc/collections/{layer}/items?limit=10000&crs={crs}"
        yield f"/ogc/collections/{layer}/items?limit=5&bbox=3.0,50.6,3.1,50.7"
        for extension in DOWNLOADS:
            yield f"/opendata/{layer}.{extension}"
            for srid in DOWNLOAD_SRIDS:
                yield f"/opendata/{layer}.{extension}?crs={srid}"
    for layer in ["proposals", "annotations", "meetings", "communes"]:
        yield f"/api/v1/{layer}/?page_size=1000"
    yield "/api/v1/processes/"
    for layer in TILE_LAYERS:
        yield f"/tiles/{layer}.json"
        for z, x, y in TILES:
            yield f"/tiles/{layer}/{z}/{x}/{y}.pbf"


def content(url, response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if url.split("?")[0].endswith((".gpkg", ".shp.zip")) and response.status_code == 200:
        return gdal_content(url, body)
    if url.endswith(".pbf") and response.status_code == 200:
        return tile_content(body)
    for pattern, replacement in VOLATILE:
        body = pattern.sub(replacement, body)
    return body


def gdal_content(url, body):
    """The layers of a GeoPackage or a zipped Shapefile as GDAL reads them, with the zip's member names."""
    import pyogrio
    from pyogrio.raw import read

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(url.split("?")[0]).name
        path.write_bytes(body)
        text = []
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                text.append(repr(sorted(archive.namelist())))
                archive.extractall(folder)
            sources = sorted(Path(folder).glob("*.shp"))
        else:
            sources = [path]
        for source in sources:
            for name, geometry_type in pyogrio.list_layers(source):
                meta, _, geometries, values = read(source, layer=name)
                text += [name, str(geometry_type), repr(meta["crs"]), repr(list(meta["fields"]))]
                text += [repr((geometry, *row)) for geometry, *row in zip(geometries, *values, strict=True)]
        return "\n".join(text).encode()


def tile_content(body):
    import mapbox_vector_tile

    layers = mapbox_vector_tile.decode(body)
    for layer in layers.values():
        layer["features"].sort(key=lambda feature: json.dumps(feature, sort_keys=True))
    return json.dumps(layers, sort_keys=True).encode()


def fingerprint(path):
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    result = {}
    for url in urls():
        response = client.get(url)
        body = content(url, response)
        result[url] = {
            "status": response.status_code,
            "type": response.get("Content-Type", ""),
            "bytes": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
        }
    Path(path).write_text(json.dumps(result, indent=1))
    print(f"{len(result)} outputs fingerprinted into {path}")


def compare(before, after):
    a, b = json.loads(Path(before).read_text()), json.loads(Path(after).read_text())
    changed = sorted(url for url in a.keys() | b.keys() if a.get(url) != b.get(url))
    for url in changed:
        print(f"{url}\n  before {a.get(url)}\n  after  {b.get(url)}")
    print(f"{len(a.keys() & b.keys()) - len(changed)} identical, {len(changed)} different")
    return 1 if changed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--compare"] and len(sys.argv) == 4:
        sys.exit(compare(*sys.argv[2:4]))
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    fingerprint(sys.argv[1])
