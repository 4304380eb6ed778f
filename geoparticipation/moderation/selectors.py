"""Reads of moderation: the versions of a corrected text, for its pages, its author and the back-office."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from .models import ModerationAction, TextVersion


def versions_of(target) -> list[TextVersion]:
    """The versions of one content's text, the author's first; empty when moderation never corrected it."""
    return list(
        TextVersion.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk
        ).select_related("corrected_by")
    )


def with_corrections(objects):
    """Sets on each object `correction` (its latest correction by moderation, or None) and `original` (the author's
    version, or None), in one query for the whole list; returns the list."""
    objects = list(objects)
    if not objects:
        return objects
    by_object = defaultdict(list)
    for version in TextVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(objects[0]), object_id__in=[o.pk for o in objects]
    ):
        by_object[version.object_id].append(version)
    for obj in objects:
        versions = by_object.get(obj.pk)
        obj.original = versions[0] if versions else None
        obj.correction = versions[-1] if versions else None
    return objects


def text_versions_of(user):
    """Every version of the texts `user` wrote that moderation corrected (theirs as version 1), for the export of
    their data."""
    return (
        TextVersion.objects.filter(author=user)
        .select_related("content_type")
        .order_by("content_type", "object_id", "number")
    )


def text_version_export(v) -> dict:
    """A version as the JSON of « Télécharger mes données »: the text, and for a correction its public category,
    the officer's note and the date (not the officer)."""
    return {
        "on": f"{v.content_type.model}:{v.object_id}",
        "version": v.number,
        "by": "author" if v.is_original else "moderation",
        "title": v.title,
        "text": v.text,
        "category": v.category,
        "reason": v.reason,
        "created_at": v.created_at.isoformat(),
    }


def corrections_by(officer):
    """The corrections an officer made, for the export of their data."""
    return TextVersion.objects.filter(corrected_by=officer).select_related("content_type").order_by("pk")


def moderation_action_export(a) -> dict:
    return {
        "at": a.at.isoformat(),
        "action": a.action,
        "on": f"{a.content_type.model}:{a.object_id}",
        "process": a.process_id,
        "category": a.category,
        "reason": a.reason,
        "state": a.state,
    }


def moderation_actions_of(officer):
    """The lines of the journal an officer wrote, for the export of their data."""
    return ModerationAction.objects.filter(officer=officer).select_related("content_type").order_by("at", "id")
