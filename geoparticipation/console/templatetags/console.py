from django import template
from django.utils.formats import number_format

from geoparticipation.console import navigation
from geoparticipation.console.spaces.selectors import COUNT_CAP

register = template.Library()


@register.inclusion_tag("console/_nav.html", takes_context=True)
def console_sections(context):
    request = context["request"]
    return {"links": navigation.links(navigation.SECTIONS, request.user, request.path), "label": "Gestion"}


@register.inclusion_tag("console/_nav.html", takes_context=True)
def space_components(context, process):
    request = context["request"]
    return {
        "links": navigation.links(navigation.SPACE, request.user, request.path, process.slug),
        "label": f"Espace de la concertation « {process.title} »",
        "modifier": "space",
    }


@register.filter
def capped(number):
    """A count of the dashboard (spaces/selectors.capped), with French thousands: « plus de 10 000 » past the cap."""
    if number > COUNT_CAP:
        return f"plus de {number_format(COUNT_CAP, force_grouping=True)}"
    return number_format(number, force_grouping=True)
