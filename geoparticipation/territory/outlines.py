"""The communes' outlines for the web maps: simplified once along the borders they share, then served as is.

The full boundaries weigh about 1 MB; the maps draw them at the scale of the metropolis or of a commune, where
OUTLINE_TOLERANCE is under a pixel up to zoom 12 and a street's width beyond. Simplifying each commune alone would
move the two copies of a shared border apart (gaps and overlaps); PostGIS 3.3 has no ST_CoverageSimplify, so
`topojson` cuts the boundaries into the arcs they share and simplifies each arc once, for both neighbours.
The open-data and OGC outputs keep the full boundaries (layers/).
"""

import hashlib
import json

import numpy as np
import pyproj
import shapely
import topojson
from django.conf import settings

# Metres (Douglas-Peucker on each shared arc, in the storage SRID).
OUTLINE_TOLERANCE = 20
# Decimal degrees of the web document: 5 digits are about a metre, well under the tolerance. A vertex shared by two
# communes rounds the same way in both.
DIGITS = 5

_to_api = pyproj.Transformer.from_crs(settings.STORAGE_SRID, settings.API_SRID, always_xy=True)


def _reproject(coords):
    x, y = _to_api.transform(coords[:, 0], coords[:, 1])
    return np.round(np.column_stack((x, y)), DIGITS)


def outlines_geojson(communes) -> tuple[str, str]:
    """(GeoJSON FeatureCollection, ETag) of (insee, nom, boundary as WKB in the storage SRID) tuples; each feature
    has the INSEE code as id and the name as its one property, like the communes layer's."""
    communes = list(communes)
    boundaries = [shapely.from_wkb(bytes(wkb)) for _, _, wkb in communes]
    features = []
    if boundaries:
        topology = topojson.Topology(boundaries, prequantize=False, toposimplify=OUTLINE_TOLERANCE)
        simplified = [shapely.geometry.shape(f["geometry"]) for f in json.loads(topology.to_geojson())["features"]]
        for (insee, nom, _), outline in zip(communes, simplified, strict=True):
            outline = shapely.make_valid(shapely.transform(outline, _reproject), method="structure")
            features.append(
                {
                    "type": "Feature",
                    "id": insee,
                    "properties": {"nom": nom},
                    "geometry": shapely.geometry.mapping(outline),
                }
            )
    document = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    return document, hashlib.sha256(document.encode()).hexdigest()[:32]
