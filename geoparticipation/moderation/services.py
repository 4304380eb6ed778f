"""The journal's only writer: called by the services that moderate (participation/services.py), in their
transaction, so that an action and its line commit or fail together whatever the path (back-office, API, command)."""

from django.contrib.contenttypes.models import ContentType

from .models import ModerationAction


def process_id_of(target) -> int | None:
    """The concertation of a contribution, or of the contribution a comment is about."""
    if target is None:
        return None
    if hasattr(target, "process_id"):
        return target.process_id
    return process_id_of(target.target)


def action_record(
    *,
    action: str,
    target,
    officer,
    category: str = "",
    reason: str = "",
    state: str = "",
    content_type=None,
    object_id=None,
) -> ModerationAction:
    """`content_type` and `object_id` name a target that no longer exists (`target` None)."""
    return ModerationAction.objects.create(
        action=action,
        officer=officer,
        officer_pseudonym=officer.pseudonym,
        content_type=content_type or ContentType.objects.get_for_model(target),
        object_id=object_id if target is None else target.pk,
        process_id=process_id_of(target),
        category=category,
        reason=reason,
        state=state,
    )
