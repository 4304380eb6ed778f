from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, views

from geoparticipation.limits.counters import refusal_message

from .parsers import PayloadTooLarge


def exception_handler(exc, context):
    """DRF's handler, plus the errors that services raise, so that no bad input becomes a 500."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, exceptions.Throttled) and exc.wait:
        # The site's words, rather than DRF's "Requête ralentie"; Retry-After comes from exc.wait.
        exc.detail = exceptions.ErrorDetail(refusal_message(exc.wait), code="throttled")
    return views.exception_handler(exc, context)
