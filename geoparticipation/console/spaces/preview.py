"""The officers' preview: the public pages of a concertation they run, before it is open to them as citizens.

Only the citizen HTML pages of a concertation (its page, its tabs, and the detail pages they link: a proposal, a
debate, a questionnaire and its results, a news article) call `open_process` (or `find`, for a contribution); a
preview is read-only (GET and HEAD only: a POST finds no concertation, the pages show no form, and the services
refuse any contribution to a concertation that `Process.is_visible_to` does not open) and marked « noindex,
private ». The REST API, OGC API, WFS, tiles, downloads (files of articles and proposals included), search, sitemaps
and feeds read `Process.objects.public()` or `visible_to()`, which a preview never widens.
"""

from functools import wraps

from django.http import Http404

from geoparticipation.participation.models import Process

from .. import roles

READING = ("GET", "HEAD")


def open_process(request, slug, processes=None, *, public_only=False):
    """The concertation `slug` of a public page, among `processes` (a queryset of Process, with what the page
    prefetches): one `request.user` may open (`public_only`: one anyone may), or, read only, one whose space they run
    (then `request.console_preview` is the concertation). Else 404, as for a concertation that does not exist."""
    processes = Process.objects.all() if processes is None else processes
    opened = processes.public() if public_only else processes.visible_to(request.user)
    found = opened.filter(slug=slug).first()
    if found is not None:
        return found
    if request.method in READING:
        found = processes.filter(slug=slug).first()
        if found is not None and roles.can_manage(request.user, found):
            request.console_preview = found
            return found
    raise Http404("Aucune concertation ne correspond à cette adresse.")


def previewing(request) -> bool:
    return getattr(request, "console_preview", None) is not None


def contents(request, manager):
    """The contributions a page lists (`manager`: Proposal.objects, Meeting.objects…): those `request.user` may see,
    or in a preview those the concertation's members will see (published, not hidden)."""
    return manager.published() if previewing(request) else manager.visible_to(request.user)


def find(request, slug, contributions, **lookup):
    """The contribution of a detail page (`contributions`: a queryset of Proposal, Debate…, with what the page reads;
    `lookup`: its pk) in the concertation `slug`: one `request.user` may see, or, read only, one the members of a
    concertation whose space they run will see (then `request.console_preview` is the concertation). None when
    neither: the page tells a hidden one from one that does not exist."""
    found = contributions.visible_to(request.user).filter(process__slug=slug, **lookup).first()
    if found is not None or request.method not in READING or not roles.access_of(request.user).manages_spaces:
        return found
    try:
        process = open_process(request, slug)
    except Http404:
        return None
    return contents(request, contributions).filter(process=process, **lookup).first()


def hidden(request, contributions):
    """The hidden contributions whose notice (410) a page may show: in the concertations `request.user` may open, or
    in the one previewed (its members will see the notice)."""
    if previewing(request):
        return contributions.hidden().filter(process=request.console_preview)
    return contributions.hidden().in_processes_visible_to(request.user)


def preview_headers(view):
    """A preview is in no search engine and in no shared cache."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if previewing(request):
            response["X-Robots-Tag"] = "noindex, nofollow"
            response["Cache-Control"] = "private, no-store"
        return response

    return wrapped
