from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import defaults, selectors

#: the contact a page shows under its text, from the settings, so that an edit of the text cannot lose it
CONTACTS = {
    defaults.PERSONAL_DATA: (_("Délégué à la protection des données"), "DPO_CONTACT"),
    defaults.ACCESSIBILITY: (_("Contact accessibilité"), "ACCESSIBILITY_CONTACT"),
}


def page(request, slug):
    found = selectors.page(slug)
    if found is None:
        raise Http404
    contact = CONTACTS.get(slug)
    return render(
        request,
        "pages/page.html",
        {"page": found, "contact": contact and (contact[0], getattr(settings, contact[1]))},
    )
