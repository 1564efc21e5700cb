from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

from antqcore.services import Conflict


class StillReferenced(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "still_referenced"


class ConflictError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"


def referenced_by(exc: ProtectedError | RestrictedError) -> str:
    """"3 đơn vị, 1 người dùng": what still points at the record, by kind, in words."""
    counts: dict[str, int] = {}
    for obj in exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects:
        name = str(obj._meta.verbose_name_plural)
        counts[name] = counts.get(name, 0) + 1
    return ", ".join(f"{n} {name}" for name, n in sorted(counts.items(), key=lambda item: -item[1]))


def exception_handler(exc, context):
    """DRF's handler; messages are already translated (the API speaks the request's language, Vietnamese by
    default). The one place that turns a service's refusal into an answer, so views call services directly:

    - Django's ValidationError (a service's rules, a model signal refusing a save such as a change to a period
      locked by a final report): 400 with the messages by field, or under "detail".
    - Django's PermissionDenied (a write outside the scope, a step the role may not take): 403 with its reason.
    - antqcore.services.Conflict (the record changed since it was read): 409, or 412 when the request carried
      If-Match (it named the version it read).
    - Deleting a record that others still refer to (an organisation with users, a zone with units): 409 saying what
      refers to it."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    elif isinstance(exc, Conflict):
        request = context.get("request")
        precondition = request is not None and request.headers.get("If-Match", "").strip()
        exc = (PreconditionFailed if precondition else ConflictError)(str(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = StillReferenced(_("This record cannot be deleted: it is still referenced by %(what)s.")
                              % {"what": referenced_by(exc)})
    return drf_exception_handler(exc, context)
