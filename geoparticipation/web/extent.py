"""The territory's extent for the maps, kept in the cache: the communes are reference data that change only through
`manage.py load_communes` or the admin, and every page that draws a map needs it."""

from django.core.cache import cache
from django.db import transaction

from geoparticipation.territory import selectors

KEY = "web:territory-extent"
# Without a shared cache (the default, one per process), the other gunicorn workers see changed communes this long
# after the change at the latest; a shared cache forgets the extent at once.
TIMEOUT = 3600


def territory_extent():
    """(west, south, east, north) of the communes in degrees, or None while none is loaded. None is never cached,
    so the first map after `load_communes` already has the extent."""
    extent = cache.get(KEY)
    if extent is None:
        extent = selectors.extent(srid=4326)
        if extent is not None:
            cache.set(KEY, extent, TIMEOUT)
    return extent


def forget_territory_extent(**kwargs):
    """Receiver of every saved or deleted commune. After the commit: a page served in between would otherwise cache
    the extent of the communes before the change."""
    transaction.on_commit(lambda: cache.delete(KEY))
