from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


class StillReferenced(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "still_referenced"


def referenced_by(exc: ProtectedError | RestrictedError) -> str:
    """"3 đơn vị, 1 người dùng": what still points at the record, by kind, in words."""
    counts: dict[str, int] = {}
    for obj in exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects:
        name = str(obj._meta.verbose_name_plural)
        counts[name] = counts.get(name, 0) + 1
    return ", ".join(f"{n} {name}" for name, n in sorted(counts.items(), key=lambda item: -item[1]))


def exception_handler(exc, context):
    """DRF's handler; messages are already translated (the API speaks the request's language, Vietnamese by
    default). Kept as the one place to shape error bodies.

    A Django ValidationError that reaches here (a model signal refusing a save, such as a change to a period locked
    by a final report) is a 400 with its messages, not a 500. Deleting a record that others still refer to (an
    organisation with users, a zone with units) is a 409 saying what refers to it."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = StillReferenced(_("This record cannot be deleted: it is still referenced by %(what)s.")
                              % {"what": referenced_by(exc)})
    return drf_exception_handler(exc, context)
