"""Reads of the site's pages."""

from . import defaults
from .models import Page


def page(slug: str) -> Page | None:
    """The page at `slug`. One of the site's own that is missing (a database emptied since it was migrated) gets
    its default text back, so that the footer never links to a 404."""
    found = Page.objects.filter(slug=slug).first()
    if found is None and slug in defaults.SLUGS:
        defaults.create_missing(Page)
        found = Page.objects.get(slug=slug)
    return found


def terms_version() -> str:
    """The version of the « Charte de participation » in force (the moment of its last change, ISO 8601 in UTC),
    for the consent a participant gives at sign-up."""
    return page(defaults.CHARTER).version
