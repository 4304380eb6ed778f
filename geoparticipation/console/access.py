"""The console's view decorators: who may open a page, read from roles.py. A person without the right gets a 403
page that says why; a visitor not signed in goes to the login page and comes back."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, render

from geoparticipation.participation.models import Process

from . import roles


def forbidden(request, reason: str):
    return render(request, "console/forbidden.html", {"reason": reason}, status=403)


def _guard(test, reason):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(roles.access_of(request.user)):
                return forbidden(request, reason)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


#: any role: administrators, officers of a concertation, commune officers
console_required = _guard(lambda access: access.can_enter, "Cette page est réservée aux agents de la participation.")
#: administrators and officers of a concertation, not commune officers only
spaces_required = _guard(
    lambda access: access.manages_spaces, "Cette page est réservée aux agents chargés d'une concertation."
)
administrator_required = _guard(lambda access: access.administrator, "Cette page est réservée aux administrateurs.")


def space_view(view):
    """A page of one concertation's space, at a URL with its `slug`: the view receives `process` instead, and only
    an administrator or an officer of that concertation opens it."""

    @wraps(view)
    def wrapped(request, slug, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        process = get_object_or_404(Process, slug=slug)
        if not roles.can_manage(request.user, process):
            return forbidden(request, "Cet espace est réservé aux agents de cette concertation.")
        return view(request, process, *args, **kwargs)

    return wrapped
