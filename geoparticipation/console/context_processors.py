from django.utils.functional import SimpleLazyObject

from . import roles


def console(request):
    """`console_access` for the header's « Gestion » link: the roles are read only when a page asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"console_access": SimpleLazyObject(lambda: roles.access_of(user))}
