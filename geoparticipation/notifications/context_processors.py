from django.utils.functional import cached_property

from .selectors import BELL_MAX, unread_count


class Bell:
    """The header's bell: its unread count is read once, when a page draws it, on the partial index
    notification_unread_idx."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        return unread_count(self.user)

    @property
    def shown(self) -> str:
        return f"{BELL_MAX}+" if self.count > BELL_MAX else str(self.count)


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": Bell(user)}
