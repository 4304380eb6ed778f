"""The bilan the officers write: what the public report shows once it is published, and its writes."""

import hashlib

from django.utils import timezone

from geoparticipation.pages.rendering import render_markdown

from .models import Bilan

ALL_SECTIONS = tuple(Bilan.Section.values)


def published(process):
    """The concertation's written bilan if it is published, else None."""
    return Bilan.objects.filter(process=process, published_at__isnull=False).first()


def context(bilan):
    """What the report's templates read: the texts as safe HTML, the sections and the map to show. Without a
    published bilan, the report is the one computed from the data alone, every section and the map."""
    if bilan is None:
        return {"written": None, "sections": ALL_SECTIONS, "show_map": True, "written_digest": ""}
    texts = f"{bilan.decisions}\0{bilan.motivations}\0{','.join(bilan.sections)}\0{bilan.show_map}"
    return {
        "written": {
            "decisions": render_markdown(bilan.decisions) if bilan.decisions.strip() else "",
            "motivations": render_markdown(bilan.motivations) if bilan.motivations.strip() else "",
        },
        "sections": tuple(bilan.sections),
        "show_map": bilan.show_map,
        # Names the PDF's content with the summary's digest, so that a new text makes a new PDF.
        "written_digest": hashlib.sha1(texts.encode()).hexdigest()[:8],
    }


def bilan_publish(*, bilan: Bilan, by) -> Bilan:
    bilan.published_at = timezone.now()
    bilan.published_by = by
    bilan.save(update_fields=["published_at", "published_by", "updated_at"])
    return bilan


def bilan_unpublish(*, bilan: Bilan) -> Bilan:
    bilan.published_at = None
    bilan.published_by = None
    bilan.save(update_fields=["published_at", "published_by", "updated_at"])
    return bilan
