from django import template

from geoparticipation.console import navigation

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
