from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Confirms an e-mail address; the state of the account is in the hash, so a link works once."""

    key_salt = "geoparticipation.accounts.tokens.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.is_active}{timestamp}"


activation_token = ActivationTokenGenerator()
