"""Writing checked files (processing.py) with the content they belong to, all or nothing, on disk included."""

from collections.abc import Callable, Sequence

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from geoparticipation.participation import services as participation

from .models import ProposalFile, StoredFile
from .processing import CheckedFile


def store_files(model: type[StoredFile], *, images: Sequence[tuple[CheckedFile, str]], documents, written, **owner):
    """Writes each image (with its alternative text) and each document; the names written go into `written`, for
    the caller to take off the disk if its transaction does not commit."""
    position = 0
    for checked, alt_text in images:
        row = model(kind=model.Kind.IMAGE, alt_text=alt_text.strip(), position=position, **owner, **_fields(checked))
        row.file.save(f"f.{checked.extension}", ContentFile(checked.content), save=False)
        written.append(row.file.name)
        row.thumbnail.save(f"t.{checked.extension}", ContentFile(checked.thumbnail), save=False)
        written.append(row.thumbnail.name)
        row.save()
        position += 1
    for checked in documents:
        row = model(kind=model.Kind.DOCUMENT, position=position, **owner, **_fields(checked))
        row.file.save(f"f.{checked.extension}", ContentFile(checked.content), save=False)
        written.append(row.file.name)
        row.save()
        position += 1


def _fields(checked: CheckedFile) -> dict:
    return {
        "original_name": checked.original_name,
        "size": checked.size,
        "width": checked.width,
        "height": checked.height,
    }


def with_files(create: Callable, *, model, owner_field, images, documents, **values):
    """Runs `create(**values)` and stores the files for what it made, in one transaction; when anything fails, the
    files already written are deleted, so that a refused upload leaves nothing on disk either."""
    written = []
    try:
        with transaction.atomic():
            created = create(**values)
            store_files(model, images=images, documents=documents, written=written, **{owner_field: created})
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return created


def proposal_create_with_files(*, images=(), documents=(), **proposal):
    """services.proposal_create (its rules, the calendar's included), and the proposal's images and PDFs."""
    return with_files(
        participation.proposal_create,
        model=ProposalFile,
        owner_field="proposal",
        images=images,
        documents=documents,
        **proposal,
    )
