"""DRF throttling of the API's writes, on the same counters and rates as the site's forms (counters.py)."""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import BaseThrottle

from . import counters


class WriteThrottle(BaseThrottle):
    """Counts the writes of a view or action with a `throttle_scope` (a key of RATE_LIMITS), per account and per
    IP address; reads are left to the read limit (middleware.py)."""

    def allow_request(self, request, view):
        scope = getattr(view, "throttle_scope", None)
        if scope is None or request.method in SAFE_METHODS or not request.user.is_authenticated:
            return True
        self.seconds = counters.write_wait(request, scope)
        return not self.seconds

    def wait(self):
        return self.seconds
