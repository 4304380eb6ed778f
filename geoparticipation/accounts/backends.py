from asgiref.sync import sync_to_async
from django.contrib.auth import backends

from .models import User

#: set on the request when an account awaiting confirmation logs in with its right password
UNCONFIRMED = "account_awaits_confirmation"


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend, which also marks the request when the password is right but the e-mail address is not
    confirmed yet, so that the login form can say so. A wrong password reads as for any account, or none.

    Written out rather than calling Django's: knowing the password was right without hashing it a second time keeps
    the answer as fast as any other, so its time does not tell that an unconfirmed account exists.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            User().set_password(password)  # the hashing time of an account that exists (Django's #20760)
            return None
        if not user.check_password(password):
            return None
        if self.user_can_authenticate(user):
            return user
        if request is not None and user.awaits_confirmation:
            setattr(request, UNCONFIRMED, True)
        return None

    async def aauthenticate(self, request, **kwargs):
        # Django's ModelBackend has an async copy of its own, which would skip the mark.
        return await sync_to_async(self.authenticate)(request, **kwargs)
