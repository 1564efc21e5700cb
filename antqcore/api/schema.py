"""The OpenAPI schema says what the server does (issue #17 part 2). drf-spectacular describes the ViewSets; this
schema class adds what it cannot see:

- Nullable fields: a field read through a relation that may be empty (`zone.name` of a unit outside zones, a nested
  brief of an optional parent, the organisation of an account) answers null; it is marked nullable, so a generated
  client accepts the null.
- The error answers of every operation (400, 401, 403, 404, 409, 412, 415, 428, 429), each with the one error body
  of antqcore.api.exceptions (`Error`: `detail`, `code`, and `errors` by field for a 400).
- The headers: `ETag`, `If-Match`, `If-None-Match` (304) of versioned records (a ViewSet with `versioned = True`),
  `X-Change-Reason` of every write (reports.middleware: the reason for a change in a period a final report locked),
  `Retry-After` of a 429.
- A detail action that lists (a model's activities, a unit's guard forces…) answers a plain array: no pagination, no
  list filters in its schema, as on the server.
- Operations are grouped by registry (tags), with ASCII names only (generated clients name classes after them).
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .tags import TAGS

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

ERROR_DESCRIPTIONS = {
    "400": "Dữ liệu hoặc tham số không hợp lệ: `errors` nêu lỗi theo trường",
    "401": "Chưa xác thực, token sai hoặc đã hết hạn",
    "403": "Không có quyền: ngoài địa bàn, vai trò không được làm việc này",
    "404": "Không tìm thấy (hoặc ngoài địa bàn khi đọc)",
    "409": "Xung đột: bản ghi đã đổi từ khi đọc, hoặc còn được tham chiếu",
    "412": "Phiên bản trong If-Match đã cũ",
    "415": "Kiểu nội dung không được hỗ trợ (gửi application/json)",
    "428": "Thiếu phiên bản đã đọc (If-Match hoặc trường version)",
    "429": "Quá nhiều yêu cầu: thử lại sau số giây trong Retry-After",
}


class ErrorSerializer(serializers.Serializer):
    """The one body of every error answer."""

    detail = serializers.CharField(help_text="Thông báo lỗi, theo Accept-Language (mặc định tiếng Việt)")
    code = serializers.CharField(help_text="Mã lỗi: invalid, not_authenticated, permission_denied, not_found, "
                                           "conflict, still_referenced, precondition_failed, precondition_required, "
                                           "throttled…")
    errors = serializers.DictField(child=serializers.JSONField(), required=False, help_text=(
        "Lỗi theo trường (400): {tên trường: [thông báo]}; lỗi của cả bản ghi: non_field_errors. (/bulk/ trả "
        "BulkError: errors là danh sách {index, status, errors} của từng bản ghi bị từ chối.)"))


def path_tag(path: str) -> str:
    rest = path.split("/api/v1/", 1)[-1]
    for prefix, tag in TAGS:
        if rest == prefix or rest.startswith(prefix + "/"):
            return tag
    return rest.split("/", 1)[0] or "api"


def source_may_be_null(field) -> bool:
    """Whether a serializer field reads a value that may be None: through a nullable relation or of a nullable model
    field, or a reverse one-to-one that may be missing."""
    serializer = field.parent
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None or field.source == "*" or not getattr(field, "source_attrs", None):
        return False
    for attr in field.source_attrs:
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return False  # a property or a method: its type hint or the field's allow_null says
        if getattr(model_field, "null", False) or isinstance(model_field, models.OneToOneRel):
            return True
        model = getattr(model_field, "related_model", None)
        if model is None:
            return False
    return False


class AutoSchema(openapi.AutoSchema):
    def get_tags(self) -> list[str]:
        return [path_tag(self.path)]

    def _is_detail_action(self) -> bool:
        """A custom action on one record (`…/{id}/activities/`): it never pages nor filters a list."""
        action = getattr(self.view, "action", None)
        return (bool(getattr(self.view, "detail", False))
                and action not in {"retrieve", "update", "partial_update", "destroy"})

    def _get_paginator(self):
        if self._is_detail_action():
            return None
        return super()._get_paginator()

    def get_filter_backends(self):
        if self._is_detail_action():
            return []
        return super().get_filter_backends()

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # A code naming a record (a type, a scheme, an indicator) is as long as its column at most: a longer one
        # names nothing and is refused like any unknown code.
        relation = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
        target = schema.get("items", schema) if isinstance(schema, dict) else None
        if (isinstance(relation, serializers.SlugRelatedField) and relation.queryset is not None
                and isinstance(target, dict) and target.get("type") == "string" and "maxLength" not in target):
            length = getattr(relation.queryset.model._meta.get_field(relation.slug_field), "max_length", None)
            if length:
                target["maxLength"] = length
        return schema

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if direction == "response" and not meta.get("nullable") and source_may_be_null(field):
            meta["nullable"] = True
        return meta

    def map_parsers(self):
        # The API reads JSON; a record with a file (a directive document) also takes multipart.
        media_types = super().map_parsers()
        return media_types if "multipart/form-data" in media_types else ["application/json"]

    def _versioned(self) -> bool:
        return bool(getattr(self.view, "versioned", False))

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        action = getattr(self.view, "action", None)
        if self.method in WRITE_METHODS:
            parameters.append(OpenApiParameter(
                "X-Change-Reason", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                description="Lý do sửa số liệu của kỳ đã có báo cáo chính thức (UTF-8 mã hóa phần trăm); bắt buộc "
                            "khi sửa trong kỳ đã khóa"))
        if self._versioned():
            if action in {"update", "partial_update", "destroy"}:
                # Required: the version read, as the ETag gave it (a `version` field in the body is also read by an
                # update, for clients written before the header).
                parameters.append(OpenApiParameter(
                    "If-Match", {"type": "string", "pattern": r'^(W/)?"?[0-9]{1,18}"?$'}, OpenApiParameter.HEADER,
                    required=True, description='Phiên bản đã đọc, như ETag trả về: "3"'))
            if action == "retrieve":
                parameters.append(OpenApiParameter(
                    "If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                    description="ETag đã có: trả 304 khi bản ghi chưa đổi"))
            if action in {"retrieve", "create", "update", "partial_update"}:
                parameters.append(OpenApiParameter(
                    "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=["200", "201"],
                    description='Phiên bản của bản ghi, như "3"'))
        parameters.append(OpenApiParameter(
            "Retry-After", OpenApiTypes.INT, OpenApiParameter.HEADER, response=["429"],
            description="Số giây phải chờ"))
        return parameters

    def _error_codes(self) -> list[str]:
        # 400: a parameter, a header or a body refused (every operation reads one at least: a page, an id, a date);
        # 404: a record not found or out of the scope, a page past the last.
        codes = ["400", "401", "403", "404", "429"]
        has_body = self.method in {"POST", "PUT", "PATCH"}
        if self.method in WRITE_METHODS:
            codes.append("409")
        if has_body:
            codes.append("415")
        if self._versioned() and getattr(self.view, "action", None) in {"update", "partial_update", "destroy"}:
            codes += ["412", "428"]
        return sorted(codes)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        for code in self._error_codes():
            if code not in responses:
                responses[code] = {"content": {"application/json": {"schema": error}},
                                   "description": ERROR_DESCRIPTIONS[code]}
                headers = self._get_response_headers_for_code(code, direction)
                if headers:
                    responses[code]["headers"] = headers
        if self._versioned() and getattr(self.view, "action", None) == "retrieve":
            responses["304"] = {"description": "Bản ghi chưa đổi từ phiên bản trong If-None-Match"}
        return responses


def ascii_titles(result, generator, request, public):
    """drf-spectacular's postprocessing hook: a `title` is the Vietnamese label of a field (`Loại`); a generated
    client would name a class after it (`V1UnitsListLoẠI`). The label moves to the description."""

    def walk(node):
        if isinstance(node, dict):
            title = node.get("title")
            if isinstance(title, str) and not title.isascii():
                del node["title"]
                node.setdefault("description", title)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
