"""Reads about a person's own account."""

import json

from django.conf import settings
from django.contrib.gis.db.models.functions import Transform

from geoparticipation.participation.models import Annotation, Comment, Follow, Proposal, Report, Support

from .models import User


def _in_wgs84(queryset):
    return queryset.annotate(wgs84=Transform("geom", settings.API_SRID))


def _iso(value):
    return value.isoformat() if value else None


def personal_data(user: User) -> dict:
    """Everything the service holds about a person, for « Télécharger mes données » (RGPD, article 20)."""
    return {
        "account": {
            "email": user.email,
            "pseudonym": user.pseudonym,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "newsletter_themes": list(user.newsletter_themes.values_list("slug", flat=True)),
        },
        "proposals": [
            {
                "id": p.pk,
                "process": p.process.slug,
                "title": p.title,
                "body": p.body,
                "theme": p.theme.slug if p.theme else None,
                "state": p.state,
                "location": json.loads(p.wgs84.json),
                "published_at": _iso(p.published_at),
            }
            for p in _in_wgs84(Proposal.objects.filter(author=user)).select_related("process", "theme")
        ],
        "annotations": [
            {
                "id": a.pk,
                "process": a.process.slug,
                "kind": a.kind,
                "comment": a.comment,
                "geometry": json.loads(a.wgs84.json),
                "published_at": _iso(a.published_at),
            }
            for a in _in_wgs84(Annotation.objects.filter(author=user)).select_related("process")
        ],
        "comments": [
            {
                "id": c.pk,
                "on": f"{c.content_type.model}:{c.object_id}",
                "body": c.body,
                "published_at": _iso(c.published_at),
            }
            for c in Comment.objects.filter(author=user).select_related("content_type")
        ],
        "supports": [
            {"proposal": s.proposal_id, "created_at": _iso(s.created_at)} for s in Support.objects.filter(user=user)
        ],
        "follows": [
            {"on": f"{f.content_type.model}:{f.object_id}", "created_at": _iso(f.created_at)}
            for f in Follow.objects.filter(user=user).select_related("content_type")
        ],
        "reports": [
            {
                "on": f"{r.content_type.model}:{r.object_id}",
                "reason": r.reason,
                "details": r.details,
                "created_at": _iso(r.created_at),
            }
            for r in Report.objects.filter(reporter=user).select_related("content_type")
        ],
    }
