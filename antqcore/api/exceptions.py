from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler; messages are already translated (the API speaks the request's language, Vietnamese by
    default). Kept as the one place to shape error bodies.

    A Django ValidationError that reaches here (a model signal refusing a save, such as a change to a period locked
    by a final report) is a 400 with its messages, not a 500."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    return drf_exception_handler(exc, context)
