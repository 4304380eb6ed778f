from django.conf import settings


def maps(request):
    """What every Leaflet map of the site needs to know, read by static/js/maps.js."""
    return {
        "map_config": {
            "basemapUrl": settings.BASEMAP_URL,
            "basemapAttribution": settings.BASEMAP_ATTRIBUTION,
            "apiRoot": "/api/v1/",
            "ogcRoot": "/ogc/",
            "tilesRoot": "/tiles/",
            "densityRoot": "/opendata/rasters/",
        }
    }
