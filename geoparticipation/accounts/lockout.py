"""Login lockout (django-axes, configured in settings.py): how an attempt is named, and what a blocked person reads."""

import math

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse


def login_username(request, credentials=None):
    """The address typed, as accounts store it, so that changing its case does not start a new count."""
    data = credentials or request.POST
    return (data.get("username") or data.get("email") or "").strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    """A 429 with Retry-After, the cool-off (which the attempt just started again).

    Nothing on the page depends on the address typed: it reads the same whether the account exists or not.
    """
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"minutes": math.ceil(seconds / 60)}
    if request.path.startswith(reverse("admin:index")):
        response = render(request, "admin/locked_out.html", {**admin.site.each_context(request), **context}, status=429)
    else:
        response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
