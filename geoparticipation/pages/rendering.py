"""Markdown from the back-office to HTML, with no HTML of its own: what an officer types in angle brackets is shown
as text, and links go only to http(s), mail and the site's own addresses."""

from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

SAFE_LINK_PREFIXES = ("http://", "https://", "mailto:", "/", "#")


def _no_h1(state):
    """The page's title is its only h1: a « # » heading of the text is an h2, like « ## »."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"


def _validate_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_LINK_PREFIXES)


# No images: a picture from elsewhere would tell its server who reads the page (the site loads nothing from outside).
_markdown = MarkdownIt("commonmark", {"html": False}).disable("image")
_markdown.core.ruler.push("no_h1", _no_h1)
_markdown.validateLink = _validate_link


def render_markdown(text: str) -> str:
    return mark_safe(_markdown.render(text))
