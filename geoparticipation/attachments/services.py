"""Writing checked files (processing.py) with the content they belong to, all or nothing, on disk included."""

from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max

from geoparticipation.participation import services as participation

from .models import ProposalFile, StoredFile
from .processing import CheckedFile


def store_files(
    model: type[StoredFile], *, images: Sequence[tuple[CheckedFile, str]], documents, written, position=0, **owner
):
    """Writes each image (with its alternative text) and each document, placed from `position` on; the names
    written go into `written`, for the caller to take off the disk if its transaction does not commit."""
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


def proposal_edit_with_files(*, proposal, user, images=(), documents=(), remove=(), **edit):
    """services.proposal_edit (the author only, within its window: rules.edit_refusal, read on the locked row) and
    the proposal's files at once: those of `remove` (ids among its files; others are ignored) taken off, the new
    images and PDFs added after the kept ones, within the numbers allowed at creation. All or nothing: a refusal
    leaves the texts, the files and the disk as they were (a removed file leaves the disk once committed,
    signals.py)."""
    written = []
    try:
        with transaction.atomic():
            edited = participation.proposal_edit(proposal=proposal, user=user, **edit)
            files = ProposalFile.objects.filter(proposal=edited)
            kept = files.exclude(pk__in=list(remove))
            _check_numbers(
                images=kept.filter(kind=ProposalFile.Kind.IMAGE).count() + len(images),
                documents=kept.filter(kind=ProposalFile.Kind.DOCUMENT).count() + len(documents),
            )
            files.filter(pk__in=list(remove)).delete()
            after = kept.aggregate(last=Max("position"))["last"]
            store_files(
                ProposalFile,
                images=images,
                documents=documents,
                written=written,
                position=0 if after is None else after + 1,
                proposal=edited,
            )
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return edited


def _check_numbers(*, images, documents):
    errors = {}
    if images > settings.PROPOSAL_MAX_IMAGES:
        errors["image_1"] = [
            f"{settings.PROPOSAL_MAX_IMAGES} images au plus par proposition ({images} avec celles gardées) : "
            "retirez-en ou envoyez-en moins."
        ]
    if documents > settings.PROPOSAL_MAX_DOCUMENTS:
        errors["documents"] = [
            f"{settings.PROPOSAL_MAX_DOCUMENTS} documents au plus par proposition ({documents} avec ceux gardés) : "
            "retirez-en ou envoyez-en moins."
        ]
    if errors:
        raise ValidationError(errors)
