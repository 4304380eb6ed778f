from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, views


def exception_handler(exc, context):
    """DRF's handler, plus the errors that services raise, so that no bad input becomes a 500."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.ValidationError(
            {"geometry": ["La requête est trop volumineuse (géométrie trop détaillée ?)."]}
        )
    return views.exception_handler(exc, context)
