"""The concertation page links the charter where its text mentions it; the pages' dates."""

import re

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..defaults import CHARTER

register = template.Library()

MENTION = re.compile(r"charte de participation", re.IGNORECASE)


@register.filter(needs_autoescape=True)
def link_charter(text, autoescape=True):
    """The text in paragraphs (as `linebreaks`), each mention of the charter a link to its page."""
    html = linebreaks_filter(text, autoescape)
    url = reverse("pages:page", args=[CHARTER])
    # The text is escaped already and the mention holds no markup: the link wraps it as it stands.
    return mark_safe(MENTION.sub(lambda match: format_html('<a href="{}">{}</a>', url, match.group(0)), html))


@register.filter
def mentions_charter(text):
    return bool(MENTION.search(text or ""))


@register.filter
def long_date(value):
    """« 1er décembre 2026 », « 12 décembre 2026 » (and « 1 December 2026 » in English)."""
    text = date_filter(value, "j F Y")
    if translation.get_language() == "fr" and text.startswith("1 "):
        return "1er" + text[1:]
    return text
