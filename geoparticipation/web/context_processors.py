from django.conf import settings
from django.urls import reverse

from .extent import territory_extent


def map_config():
    """What every Leaflet map of the site needs to know, read by static/js/maps.js."""
    return {
        "basemapUrl": settings.BASEMAP_URL,
        "basemapAttribution": settings.BASEMAP_ATTRIBUTION,
        "apiRoot": "/api/v1/",
        # Simplified along the shared borders, cached and compressed (geoparticipation/territory/outlines.py).
        "outlinesUrl": reverse("web:commune_outlines"),
        "ogcRoot": "/ogc/",
        "tilesRoot": "/tiles/",
        "densityRoot": "/opendata/rasters/",
        # The maps open on the communes; before any is loaded, where the back-office maps open.
        "territory": territory_extent(),
        "defaultCenter": settings.LEAFLET_CONFIG["DEFAULT_CENTER"],
        "defaultZoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
    }


def maps(request):
    # A callable, which the template calls only on the pages that draw a map (web/_map_assets.html).
    return {"map_config": map_config}
