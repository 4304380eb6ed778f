"""Writes to accounts: sign-up with e-mail confirmation and consent to the charter, and erasure."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from geoparticipation.mail.queue import enqueue
from geoparticipation.pages.selectors import terms_version

from .models import Consent, User
from .tokens import activation_token


def _send(template, *, user, context):
    """Queues the mail, sent once the current transaction commits (geoparticipation/mail/)."""
    subject, _blank, body = render_to_string(template, {"user": user, **context}).partition("\n")
    enqueue([(subject.strip(), body.strip() + "\n", None, [user.email])])


def _send_activation(user, *, site_url):
    path = reverse(
        "accounts:activate", args=[urlsafe_base64_encode(force_bytes(user.pk)), activation_token.make_token(user)]
    )
    _send("accounts/email/activation.txt", user=user, context={"activation_url": site_url + path})


def user_signup(*, email: str, pseudonym: str, password: str, accepts_charter: bool, site_url: str) -> User | None:
    """Creates an inactive account with its consent to the charter, and mails the link that activates it.

    When the address already has an account its owner is told by mail instead, so that the form
    never reveals who is registered.
    """
    if not accepts_charter:
        raise ValidationError({"accepts_charter": [_("Pour créer un compte, acceptez la charte de participation.")]})
    email = User.objects.normalize_email(email).strip().lower()
    existing = User.objects.filter(email=email).first()
    if existing:
        # Hashing is most of the time a new account takes (a third of a second): without it, the answer's speed
        # alone would tell that the address is registered.
        make_password(password)
        _send("accounts/email/already_registered.txt", user=existing, context={"site_url": site_url})
        return None
    user = User(email=email, pseudonym=pseudonym.strip(), is_active=False)
    validate_password(password, user)
    user.set_password(password)
    try:
        # The consent and the mail are written in the transaction of the account: a sign-up that committed has both.
        with transaction.atomic():
            user.save()
            Consent.objects.create(user=user, document=Consent.Document.CHARTER, version=terms_version())
            _send_activation(user, site_url=site_url)
    except IntegrityError:
        # Two sign-ups raced for the same pseudonym; the form checked it, the constraint decides.
        raise ValidationError({"pseudonym": [_("Ce pseudonyme est déjà pris.")]}) from None
    return user


def activation_resend(*, email: str, site_url: str) -> None:
    """Mails the activation link again to an account awaiting confirmation; to any other address, nothing (the
    page says the same either way)."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email=email).first()
    if user is not None and user.awaits_confirmation:
        _send_activation(user, site_url=site_url)


def user_activate(*, user: User, token: str) -> bool:
    if not user.awaits_confirmation or not activation_token.check_token(user, token):
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erases the person; their public contributions stay, shown as « Participant supprimé » (author SET NULL)."""
    user.delete()
