"""`POST …/bulk/` on every registry (#17): a JSON array of up to MAX_BULK_RECORDS records, each the body the
registry's single POST takes, saved all or nothing, so that a province migrating its archive does not send 100 000
requests.

Each record goes through the very code of the single POST (the ViewSet's `create`, or the method named by
`bulk_create_action`), so it is validated, scoped and written by the same serializer and service, and refused for the
same reasons. A record that fails is rolled back to its own savepoint and the next ones are still tried, so that the
answer lists every refused record by its index; if any failed, nothing is saved. The answer's status is 400 when
every refusal is about the data; otherwise that of the first other refusal (403 outside the scope, 409...)."""

import logging
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from .parsers import JSONParser

MAX_BULK_RECORDS = 1000

logger = logging.getLogger(__name__)


class BulkBodyInvalid(APIException):
    """The body is not an array of 1 to MAX_BULK_RECORDS records: nothing was tried."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_bulk_body"


class BulkItemErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the refused record in the array, from 0")
    status = serializers.IntegerField(help_text="The status the single POST would have answered")
    errors = serializers.DictField(child=serializers.JSONField(), help_text=(
        "The messages by field, as the single POST's; a refusal naming no field under `non_field_errors`"))


class BulkErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = BulkItemErrorSerializer(many=True, required=False, help_text="Every refused record; nothing was saved")


def _item_error(index: int, response: Response) -> dict:
    """A refused record as the single POST would have answered it: its status and its messages by field; a
    refusal that names no field (outside the scope, a rule of the record as a whole) under `non_field_errors`."""
    data = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
    if isinstance(data.get("errors"), dict):  # the API's error body: detail, code and the errors by field
        errors = data["errors"]
    else:
        errors = {key: value for key, value in data.items() if key not in ("detail", "code")}
    if not errors:
        detail = data.get("detail") or []
        errors = {"non_field_errors": detail if isinstance(detail, list) else [detail]}
    return {"index": index, "status": response.status_code, "errors": errors}


class BulkCreateMixin:
    """Adds `POST …/bulk/` to a ViewSet whose single POST creates a record. `bulk_create_action` names the method
    of that POST (default `create`); `bulk_request_serializer` and `bulk_response_serializer` describe its body
    and its answer in the schema when they are not the ViewSet's `serializer_class`."""

    bulk_create_action = "create"
    bulk_request_serializer: type[serializers.Serializer] | None = None
    bulk_response_serializer: type[serializers.Serializer] | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        request = cls.bulk_request_serializer or getattr(cls, "serializer_class", None)
        response = cls.bulk_response_serializer or getattr(cls, "serializer_class", None)
        if request is None or response is None:
            return  # a base class: its subclasses name their serializers
        name = response.__name__.removesuffix("Serializer")
        # Each registry's bulk operation documented with its own record (component names unique and ASCII).
        extend_schema_view(bulk=extend_schema(
            request=request(many=True),
            responses={
                201: inline_serializer(f"{name}BulkCreated", fields={
                    "created": serializers.IntegerField(), "results": response(many=True)}),
                400: BulkErrorSerializer, 403: BulkErrorSerializer, 409: BulkErrorSerializer,
            },
        ))(cls)

    @action(detail=False, methods=["post"], url_path="bulk", parser_classes=[JSONParser])
    def bulk(self, request, *args, **kwargs):
        """Create up to 1000 records at once, all or nothing: a JSON array of the bodies the single POST takes.
        201 with every record as the single POST answers it; if any record is refused, nothing is saved and the
        answer (400, or 403/409 for the first refusal that is not about the data) lists every refused record by
        its index in the array."""
        items = request.data
        if not isinstance(items, list):
            raise BulkBodyInvalid(_("Send a JSON array of records."))
        if not items:
            raise BulkBodyInvalid(_("The array is empty: send at least one record."))
        if len(items) > MAX_BULK_RECORDS:
            raise BulkBodyInvalid(_("At most %(max)s records at once (%(count)s sent).") % {
                "max": number_format(MAX_BULK_RECORDS, force_grouping=True),
                "count": number_format(len(items), force_grouping=True)})
        create = getattr(self, self.bulk_create_action)
        results, failures = [], []
        with transaction.atomic():
            for index, item in enumerate(items):
                try:
                    with transaction.atomic(), self._data_of(request, item):
                        results.append(create(request).data)
                except Exception as exc:  # answered below by the API's one exception handler
                    failures.append((index, exc))
            if failures:
                body, code = self._refusal(failures, total=len(items))
                transaction.set_rollback(True)
        if failures:
            return Response(body, status=code)
        return Response({"created": len(results), "results": results}, status=status.HTTP_201_CREATED)

    @staticmethod
    @contextmanager
    def _data_of(request, item):
        """The request as the single POST sees it: its body is one record (the headers, the user and the
        X-Change-Reason stay the bulk request's)."""
        bulk = request.data
        request._full_data = item
        try:
            yield
        finally:
            request._full_data = bulk

    def _refusal(self, failures, total: int) -> tuple[dict, int]:
        # Answered once the loop is over: the exception handler marks the transaction for rollback, after which no
        # later record could have been tried.
        handler, context = self.get_exception_handler(), self.get_exception_handler_context()
        errors, decisive = [], None
        for index, exc in failures:
            if isinstance(exc, IntegrityError):  # a constraint that the service does not check first
                logger.warning("bulk record %s refused by the database: %s", index, exc)
                response = Response({"non_field_errors": [_("The database refused this record: it conflicts with "
                                                            "a record already saved.")]},
                                    status=status.HTTP_400_BAD_REQUEST)
            else:
                response = handler(exc, context)
                if response is None:
                    raise exc  # not a refusal but a fault: a server error, as the single POST's
            errors.append(_item_error(index, response))
            if decisive is None and response.status_code != status.HTTP_400_BAD_REQUEST:
                decisive = response
        summary = _("%(count)s of %(total)s records refused; nothing was saved.") % {
            "count": len(failures), "total": total}
        if decisive is None:
            return {"detail": summary, "code": "invalid", "errors": errors}, status.HTTP_400_BAD_REQUEST
        code = decisive.data.get("code") if isinstance(decisive.data, dict) else None
        return {"detail": summary, "code": code or "error", "errors": errors}, decisive.status_code
