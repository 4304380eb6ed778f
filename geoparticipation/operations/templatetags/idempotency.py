import secrets

from django import template
from django.utils.html import format_html

from ..idempotency import FIELD

register = template.Library()


@register.simple_tag
def one_time_token():
    """The hidden input that makes a form's POST idempotent: a new token each time the form is shown."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, secrets.token_urlsafe(16))
