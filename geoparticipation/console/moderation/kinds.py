"""Every kind of content a participant can report (participation.services.report_create's targets), with its name
in French, its slug in the console's URLs and the path to its concertation."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from geoparticipation.debates.models import Argument, Debate
from geoparticipation.participation.models import Annotation, Comment, Meeting, Proposal


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    model: type
    title_field: str | None
    text_field: str
    process_path: str = "process"

    @property
    def content_type(self):
        return ContentType.objects.get_for_model(self.model)


KINDS = (
    Kind("proposition", "Proposition", Proposal, "title", "body"),
    Kind("annotation", "Annotation", Annotation, None, "comment"),
    Kind("reunion", "Réunion", Meeting, "title", "description"),
    Kind("debat", "Débat", Debate, "title", "description"),
    Kind("argument", "Argument", Argument, None, "body", "debate__process"),
    Kind("commentaire", "Commentaire", Comment, None, "body", ""),
)
BY_SLUG = {kind.slug: kind for kind in KINDS}
#: the contributions a comment can be about (its generic target)
COMMENTED = tuple(kind for kind in KINDS if kind.process_path == "process")


def kind_of_model(model) -> Kind:
    return next(kind for kind in KINDS if kind.model is model)


def kind_of_content_type(content_type_id: int) -> Kind | None:
    return next((kind for kind in KINDS if kind.content_type.pk == content_type_id), None)
