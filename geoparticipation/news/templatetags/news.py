from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("news/_latest.html", takes_context=True)
def latest_news(context, process=None):
    """The three latest articles the reader may read, of a concertation or of all: for the home page and a
    concertation's presentation."""
    return {"articles": selectors.latest(context["request"].user, process), "process": process}
