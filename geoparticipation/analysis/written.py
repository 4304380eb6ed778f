"""The bilan the officers write: a draft, and what the public report shows once it is published; and its writes."""

import hashlib

from django.utils import timezone

from geoparticipation.pages.rendering import render_markdown

from .models import BILAN_TEXTS, Bilan

ALL_SECTIONS = tuple(Bilan.Section.values)


def published(process):
    """The concertation's written bilan if it is published, else None."""
    return Bilan.objects.filter(process=process, published_at__isnull=False).first()


def context(bilan, *, draft=False):
    """What the report's templates read: the texts as safe HTML, the sections and the map to show, of the published
    version (or of the draft being written, for the console's preview). Without a written bilan, the report is the
    one computed from the data alone, every section and the map."""
    if bilan is None:
        return {"written": None, "sections": ALL_SECTIONS, "show_map": True, "written_digest": ""}
    decisions, motivations, sections, show_map = (
        getattr(bilan, name if draft else f"published_{name}") for name in BILAN_TEXTS
    )
    texts = f"{decisions}\0{motivations}\0{','.join(sections)}\0{show_map}"
    return {
        "written": {
            "decisions": render_markdown(decisions) if decisions.strip() else "",
            "motivations": render_markdown(motivations) if motivations.strip() else "",
        },
        "sections": tuple(sections),
        "show_map": show_map,
        # Names the PDF's content with the summary's digest, so that a new published text makes a new PDF.
        "written_digest": hashlib.sha1(texts.encode()).hexdigest()[:8],
    }


PUBLISHED_FIELDS = [f"published_{name}" for name in BILAN_TEXTS]


def bilan_publish(*, bilan: Bilan, by) -> Bilan:
    """Publishes the draft: the public page and the PDF show it from now on."""
    for name in BILAN_TEXTS:
        setattr(bilan, f"published_{name}", getattr(bilan, name))
    bilan.published_at = timezone.now()
    bilan.published_by = by
    bilan.save(update_fields=[*PUBLISHED_FIELDS, "published_at", "published_by", "updated_at"])
    return bilan


def bilan_unpublish(*, bilan: Bilan) -> Bilan:
    """Withdraws the published version; the draft stays as it is."""
    blank = Bilan()
    for name in PUBLISHED_FIELDS:
        setattr(bilan, name, getattr(blank, name))
    bilan.published_at = None
    bilan.published_by = None
    bilan.save(update_fields=[*PUBLISHED_FIELDS, "published_at", "published_by", "updated_at"])
    return bilan


def bilan_draft_abandon(*, bilan: Bilan) -> Bilan:
    """Resets the draft to the published text (nothing to do for a bilan not published)."""
    if bilan.published_at is None:
        return bilan
    for name in BILAN_TEXTS:
        setattr(bilan, name, getattr(bilan, f"published_{name}"))
    bilan.save(update_fields=[*BILAN_TEXTS, "updated_at"])
    return bilan
