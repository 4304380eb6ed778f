from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from geoparticipation.accounts.models import User
from geoparticipation.database import PreparedGet
from geoparticipation.limits import counters


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication (`Authorization: Token <key>`), the user read by one prepared statement."""

    users = PreparedGet(User.objects.all(), "auth_token__key")

    def authenticate(self, request):
        """A flood of wrong tokens from one IP address becomes 429s (RATE_BAD_TOKENS); only failures are counted,
        so that a valid token costs no counter."""
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            wait = counters.hit(("bad_tokens", counters.ip_key(request)))
            if wait:
                raise exceptions.Throttled(wait) from None
            raise

    def authenticate_credentials(self, key):
        try:
            user = self.users.get(key)
        except User.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token.from_db(DEFAULT_DB_ALIAS, ["key", "user_id"], [key, user.pk])
        token.user = user
        return user, token
