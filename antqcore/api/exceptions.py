from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
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
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(exc, response.data)
    return response


def first_message(errors) -> str:
    """The first message of a nest of field errors (dicts of lists of messages, lists of dicts for many items)."""
    if isinstance(errors, dict):
        for value in errors.values():
            message = first_message(value)
            if message:
                return message
    elif isinstance(errors, list):
        for value in errors:
            message = first_message(value)
            if message:
                return message
    elif errors:
        return str(errors)
    return ""


def error_body(exc, data) -> dict:
    """The one shape of an error answer (antqcore.api.schema.ErrorSerializer): `detail`, a sentence for a person;
    `code`, for a program; and for invalid data, `errors`: the messages by field."""
    code = exc.get_codes() if isinstance(exc, APIException) else "error"
    if isinstance(exc, ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        if set(errors) == {"detail"}:  # a service's refusal that names no field
            errors = {"non_field_errors": errors["detail"]}
        return {"detail": first_message(errors) or _("Invalid input."), "code": "invalid", "errors": errors}
    if isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        detail = first_message(detail) if isinstance(detail, list | dict) else str(detail)
        if isinstance(code, dict):
            code = code.get("detail", "error")
        return {**data, "detail": detail, "code": code if isinstance(code, str) else "error"}
    return {"detail": first_message(data) or _("Invalid input."), "code": code if isinstance(code, str) else "error"}


@csrf_exempt  # it writes nothing: a POST to an unknown path gets the JSON 404, not the CSRF failure's HTML page
def api_not_found(request, *args, **kwargs):
    """Any /api/ path no route serves: 404 with the API's error body, not the site's HTML page."""
    return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=status.HTTP_404_NOT_FOUND)


def server_error(request, *args, **kwargs):
    """handler500: a server error under /api/ answers the API's error body (it is logged as any 500); elsewhere the
    site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("A server error occurred."), "code": "error"},
                            status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    return defaults.server_error(request)
