"""The concertations the layers publish, for the feeds that take one by its slug (`?process=`)."""

from geoparticipation.participation.models import Process


def is_public(slug: str) -> bool:
    """Whether a public concertation has this slug. A feed asked for any other answers before doing any work, so
    that made-up slugs cost neither a render nor a cache entry."""
    return Process.objects.public().filter(slug=slug).exists()
