"""Which output an address belongs to, for the answers given before or around any view (the read limit, a NUL
byte, a lost database, CORS): each is written in the format that output's clients read."""

import re

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


#: the read-only feeds, which pages of other origins may read (CORS)
FEEDS = (WFS, OGC, TILES, DOWNLOADS, CATALOGUE)


def feeds_regex():
    """The addresses of the feeds, as a regular expression (django-cors-headers' CORS_URLS_REGEX)."""
    prefixes = [prefix for prefix, output in PREFIXES if output in FEEDS] + [CATALOGUE_PATH]
    return "^(" + "|".join(re.escape(prefix) for prefix in prefixes) + ")"
