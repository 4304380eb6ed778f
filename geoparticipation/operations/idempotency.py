"""Idempotent writes: a request sent again gets its first answer, and creates nothing a second time.

Two doors, one mechanism (`once`):
- the API: a POST that creates accepts an `Idempotency-Key` header, a string of the client's choosing (up to 255
  characters, one per operation), per account. The same key again with the same request gets the first answer
  (with `Idempotent-Replayed: true`); with another request, a 422.
- the site: each form that creates carries a one-time token (`{% one_time_token %}`). The same form posted again
  (a double click, a browser retrying after a network cut) gets the first answer, usually the redirect to what it
  created. A form changed since it was sent (back, edit, send) is a new request: the key is the token and the
  form's content together.

The key and the first answer are recorded in the transaction of what the request wrote: if the answer was lost
after the commit, the key is there; if the commit failed, neither is. Only answers below 400 are recorded: a
refused request wrote nothing and is decided again. A request without a key costs nothing more. Keys live a day:
`manage.py purge_idempotency_keys` (from cron) deletes older ones; an expired key met on the way is deleted.
"""

import datetime
import functools
import hashlib
import json

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
FIELD = "idempotency_key"
MAX_KEY_LENGTH = 255
LIFETIME = datetime.timedelta(days=1)
REPLAYED = "Idempotent-Replayed"


class KeyReused(Exception):
    """The key already served for another request."""


def fingerprint(*parts):
    """What a request asked, independent of the order of its JSON members."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _first_answer(user, key, digest):
    """The answer recorded under the key, None when there is none (or it expired), KeyReused for another request."""
    row = IdempotencyKey.objects.filter(user=user, key=key).first()
    if row is None:
        return None
    if row.created_at < timezone.now() - LIFETIME:
        row.delete()
        return None
    if row.fingerprint != digest:
        raise KeyReused
    answer = {"content": bytes(row.body), "status": row.status, "content_type": row.content_type}
    if 300 <= row.status < 400:
        response = HttpResponseRedirect(row.location, **answer)
    else:
        response = HttpResponse(**answer)
        if row.location:
            response["Location"] = row.location
    response[REPLAYED] = "true"
    return response


def once(*, user, key, digest, run):
    """The first answer to `key` from `user` (None for a visitor), or else `run()`'s, recorded with what it wrote."""
    first = _first_answer(user, key, digest)
    if first is not None:
        return first
    try:
        with transaction.atomic():
            response = run()
            if response.status_code < 400 and not response.streaming:
                IdempotencyKey.objects.create(
                    user=user,
                    key=key,
                    fingerprint=digest,
                    status=response.status_code,
                    content_type=response.get("Content-Type", ""),
                    location=response.get("Location", ""),
                    body=response.content,
                )
            return response
    except IntegrityError:
        # The same request twice at the same time: the other one recorded the key first, ours is rolled back.
        first = _first_answer(user, key, digest)
        if first is None:
            raise
        return first


def purge():
    """Deletes the expired keys; returns how many."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - LIFETIME).delete()
    return deleted


class KeyReusedError(exceptions.APIException):
    status_code = 422
    default_detail = (
        f"Cette clé {HEADER} a déjà servi pour une autre requête : choisissez une clé nouvelle pour chaque opération."
    )
    default_code = "idempotency_key_reused"


def idempotent_api(method):
    """For a method of a DRF view that creates: a POST with an Idempotency-Key header is answered once."""

    @functools.wraps(method)
    def wrapped(view, request, *args, **kwargs):
        key = request.META.get("HTTP_IDEMPOTENCY_KEY")
        if key is None or request.method != "POST":
            return method(view, request, *args, **kwargs)
        if not 0 < len(key) <= MAX_KEY_LENGTH:
            raise exceptions.ValidationError({HEADER: [f"La clé doit compter de 1 à {MAX_KEY_LENGTH} caractères."]})
        data = request.data
        payload = sorted(data.lists()) if hasattr(data, "lists") else data

        def run():
            response = method(view, request, *args, **kwargs)
            if isinstance(response, Response):
                # Rendered now, to be recorded in the transaction of the rows it reports.
                response = view.finalize_response(request, response, *args, **kwargs)
                response.render()
            return response

        try:
            return once(user=request.user, key=key, digest=fingerprint(request.path, payload), run=run)
        except KeyReused:
            raise KeyReusedError from None

    return wrapped


def idempotent_form(view):
    """For a view of the site whose POST creates: a form posted again with the same one-time token is answered once."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        token = request.POST.get(FIELD) if request.method == "POST" else None
        if not token:
            return view(request, *args, **kwargs)
        fields = sorted(
            (name, values) for name, values in request.POST.lists() if name not in (FIELD, "csrfmiddlewaretoken")
        )
        digest = fingerprint(request.path, fields)
        user = request.user if request.user.is_authenticated else None
        response = once(
            user=user, key=f"{token[:200]}:{digest[:16]}", digest=digest, run=lambda: view(request, *args, **kwargs)
        )
        # A visitor's only redirect is to the login page: nothing was taken, nothing to say.
        if user is not None and response.has_header(REPLAYED) and 300 <= response.status_code < 400:
            messages.info(request, _("Ce formulaire avait déjà été envoyé : il n'a été pris en compte qu'une fois."))
        return response

    return wrapped
