"""Which output an address belongs to, for the answers given before or around any view (the read limit, a NUL
byte, a lost database): each is written in the format that output's clients read."""

WFS = "wfs"
OGC = "ogc"
API = "api"
TILES = "tiles"
DOWNLOADS = "downloads"
CATALOGUE = "catalogue"
HEALTH = "health"
SITE = "site"
PREFIXES = [
    ("/wfs", WFS),
    ("/ogc", OGC),
    ("/api/", API),
    ("/tiles/", TILES),
    ("/sante/", HEALTH),
]
# The open-data catalogue is a page; everything below it is a file.
CATALOGUE_PATH = "/opendata/"


def output_of(path):
    if path == CATALOGUE_PATH:
        return CATALOGUE
    if path.startswith(CATALOGUE_PATH):
        return DOWNLOADS
    return next((output for prefix, output in PREFIXES if path.startswith(prefix)), SITE)
