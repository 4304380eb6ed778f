from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from geoparticipation.accounts.models import User
from geoparticipation.database import PreparedGet
from geoparticipation.limits import counters
from geoparticipation.limits.throttling import write_scope


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication (`Authorization: Token <key>`), the user read by one prepared statement."""

    users = PreparedGet(User.objects.all(), "auth_token__key")

    def authenticate(self, request):
        """A flood of wrong tokens from one IP address becomes 429s (RATE_BAD_TOKENS); only failures are counted,
        so that a valid token costs no counter."""
        self.request = request
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            wait = counters.hit(("bad_tokens", counters.ip_key(request)))
            if wait:
                raise exceptions.Throttled(wait) from None
            raise

    def authenticate_credentials(self, key):
        """The token's user; for a write, its count (limits/throttling.py) in the same statement."""
        request = self.request
        scope = write_scope(request, (request.parser_context or {}).get("view"))
        try:
            if scope is None:
                user = self.users.get(key)
            else:
                user, wait = counters.account_and_write_wait(self.users, key, request, scope)
        except User.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if scope is not None and user.is_active:
            request.counted_write = (scope, wait)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token.from_db(DEFAULT_DB_ALIAS, ["key", "user_id"], [key, user.pk])
        token.user = user
        return user, token
