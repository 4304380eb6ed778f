"""DRF throttling of the API's writes, on the same counters and rates as the site's forms (counters.py)."""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import BaseThrottle

from . import counters


def write_scope(request, view):
    """The scope a request is counted in: its view's or action's `throttle_scope` for a write, else None."""
    if request.method in SAFE_METHODS:
        return None
    return getattr(view, "throttle_scope", None)


class WriteThrottle(BaseThrottle):
    """Counts the writes of a view or action with a `throttle_scope` (a key of RATE_LIMITS), per account and per
    IP address; reads are left to the read limit (middleware.py)."""

    def allow_request(self, request, view):
        scope = write_scope(request, view)
        if scope is None or not request.user.is_authenticated:
            return True
        counted = getattr(request, "counted_write", None)
        if counted is not None and counted[0] == scope:
            # Counted already, by the statement that read the token's account (api/authentication.py).
            self.seconds = counted[1]
        else:
            self.seconds = counters.write_wait(request, scope)
        return not self.seconds

    def wait(self):
        return self.seconds
