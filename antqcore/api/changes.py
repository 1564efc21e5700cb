"""`GET …/changes/` on every registry (#17): what changed since a moment, deletions included, in order and
resumable, so that another system can keep a copy of a registry in sync.

The feed reads the registry's history (django-simple-history: one row per create "+", update "~" and delete "-",
with its `history_date`). Entries are ordered by (history_date, history_id); a page ends with `next`, a link whose
opaque cursor is the position of its last entry, so that a client resumes exactly after it, and with `until`, the
newest moment the page covers, which the client keeps for its next `updated_since`. A record that is soft-deleted
(units: `deleted_at` set) counts as deleted. Each entry carries the record as the registry's GET answers it now, or
null when it is deleted or no longer visible to the caller.

Scoping — who sees which entry:
- the entries of a record the caller sees now (the ViewSet's scoped queryset, the very rule of its list);
- the entries whose historical row lay in the caller's scope: the row's own `scope_field` when it is a field of the
  record (incidents' area, units' commune), or, when the scope field goes through a relation
  (`unit__commune`), that relation's record as it is now. This is how a deleted record's deletion reaches the
  district that had it, and not the others.

A change is stamped when it is written, not when its transaction commits: a client that wants no gap re-reads from
a little before its `until` (entries are idempotent: a record's `record` is always its current state)."""

import base64
import binascii
import datetime
import json
import re

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from antqcore.api.filters import BIGINT_MAX
from antqcore.scoping import ScopedQuerysetMixin, scope_paths, scope_q

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
CHANGES = {"+": "created", "~": "updated", "-": "deleted"}

PARAMETERS = [
    OpenApiParameter("updated_since", OpenApiTypes.DATETIME, description=(
        "The changes at or after this moment (ISO 8601, e.g. 2026-01-01T00:00:00+07:00); `since` is an alias. "
        "Without it and without `cursor`: from the beginning")),
    OpenApiParameter("since", OpenApiTypes.DATETIME, description="Alias of `updated_since`"),
    OpenApiParameter("cursor", OpenApiTypes.STR, description=(
        "Opaque position from a previous page's `next` or `cursor`: the changes after it")),
    OpenApiParameter("page_size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}, description=(
        f"Entries per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE})")),
]


def history_model(model):
    """The historical model of a registry's model, None when it keeps no history."""
    history = getattr(model, "history", None)
    return getattr(history, "model", None)


def cursor_encode(at: datetime.datetime, history_id: int) -> str:
    raw = json.dumps([at.isoformat(), history_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _in_utc(moment: datetime.datetime) -> datetime.datetime:
    """The moment in UTC, as the database compares it; OverflowError near year 1 or 9999."""
    return moment.astimezone(datetime.UTC)


def cursor_decode(cursor: str) -> tuple[datetime.datetime, int]:
    try:
        if len(cursor) > 200:  # a cursor this feed gives is about 60 characters
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, history_id = json.loads(raw)
        moment = datetime.datetime.fromisoformat(at)
        if moment.tzinfo is None or type(history_id) is not int or not 0 <= history_id <= BIGINT_MAX:
            raise ValueError
        return _in_utc(moment), history_id
    except (binascii.Error, ValueError, TypeError, OverflowError, RecursionError):
        raise ValidationError({"cursor": _("This cursor is not valid: use the one a previous page gave.")}) from None


def moment_parse(text: str, name: str) -> datetime.datetime:
    # An unencoded "+07:00" arrives as " 07:00".
    for candidate in (text.strip(), text.strip().replace(" ", "+")):
        try:
            moment = parse_datetime(candidate)
            if moment is not None:
                return _in_utc(moment if timezone.is_aware(moment) else timezone.make_aware(moment))
        except (ValueError, OverflowError):
            pass
    raise ValidationError({name: _("Enter a date and time in ISO 8601, e.g. 2026-01-01T00:00:00+07:00.")})


def page_size_parse(text: str | None) -> int:
    if text is None:  # absent; present but empty is refused like any value that is not a number
        return DEFAULT_PAGE_SIZE
    if not re.fullmatch(r"[0-9]{1,6}", text) or not 1 <= int(text) <= MAX_PAGE_SIZE:
        raise ValidationError({"page_size": _("Enter a whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE}})
    return int(text)


def change_of(row, soft_deletable: bool) -> str:
    if soft_deletable and row.history_type != "-" and row.deleted_at is not None:
        return "deleted"
    return CHANGES[row.history_type]


class ChangesFeedMixin:
    """Adds `GET …/changes/` to a registry ViewSet whose model keeps history (HistoricalRecords); on one whose model
    keeps none the route answers 404 and is left out of the schema. On a ViewSet that is not scoped (a catalogue
    every signed-in user reads) the feed is not scoped either."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        record = getattr(cls, "serializer_class", None)
        if record is None:
            return  # a base class
        if history_model(getattr(getattr(record, "Meta", None), "model", None)) is None:
            extend_schema_view(changes=extend_schema(exclude=True))(cls)
            return
        name = record.__name__.removesuffix("Serializer")
        # Each registry's feed documented with its own record (component names unique and ASCII).
        entry = inline_serializer(f"{name}Change", fields={
            "id": serializers.IntegerField(help_text="The record's id"),
            "change": serializers.ChoiceField(choices=sorted(set(CHANGES.values()))),
            "at": serializers.DateTimeField(),
            "record": record(allow_null=True, help_text=(
                "The record as the registry's GET answers it now; null when deleted or no longer visible")),
        })
        extend_schema_view(changes=extend_schema(
            parameters=PARAMETERS, filters=False,
            responses=inline_serializer(f"{name}ChangesPage", fields={
                "next": serializers.URLField(allow_null=True, help_text=(
                    "The following page; null when this page reached the newest change")),
                "cursor": serializers.CharField(allow_null=True, help_text=(
                    "Where the next request resumes (`cursor=`), even when `next` is null")),
                "until": serializers.DateTimeField(help_text=(
                    "The newest moment this page covers: the next `updated_since`")),
                "results": serializers.ListField(child=entry),
            }),
        ))(cls)

    def changes_records(self, queryset):
        """The records of a page of the feed, read as the registry's GET reads them: a ViewSet whose serializer
        needs what its list adds to the queryset (annotations) adds it here too."""
        return queryset

    @action(detail=False, methods=["get"], url_path="changes", pagination_class=None)
    def changes(self, request, *args, **kwargs):
        """What changed in the registry since `updated_since` (or after `cursor`), deletions included, oldest
        first: each entry is the record's id, the change (created, updated, deleted), its moment and the record as
        it is now. Page through `next`; keep `until` (or `cursor`) to resume later. Only the changes of records in
        your scope."""
        live = self.get_queryset()
        history = history_model(live.model)
        if history is None:
            raise NotFound()
        params = request.query_params
        rows = history.objects.all()
        if params.get("cursor"):
            at, history_id = cursor_decode(params["cursor"])
            rows = rows.filter(history_date__gte=at).exclude(history_date=at, history_id__lte=history_id)
        for name in ("updated_since", "since"):
            if name in params:  # present but empty is refused: it is no moment
                rows = rows.filter(history_date__gte=moment_parse(params[name], name))
                break
        size = page_size_parse(params.get("page_size"))
        if isinstance(self, ScopedQuerysetMixin) and scope_paths(request.user) is not None:
            pk = live.model._meta.pk.attname
            rows = rows.filter(scope_q(request.user, self.scope_field)) | rows.filter(
                **{f"{pk}__in": live.values("pk")})
        page = list(rows.order_by("history_date", "history_id")[:size + 1])
        more, page = len(page) > size, page[:size]
        pk = live.model._meta.pk.attname
        ids = {getattr(row, pk) for row in page}
        records = {obj.pk: obj for obj in self.changes_records(live.filter(pk__in=ids))}
        soft_deletable = any(f.name == "deleted_at" for f in live.model._meta.fields)
        results = []
        for row in page:
            change = change_of(row, soft_deletable)
            obj = records.get(getattr(row, pk))
            results.append({
                "id": getattr(row, pk), "change": change, "at": row.history_date,
                "record": self.get_serializer(obj).data if obj is not None else None,
            })
        cursor = cursor_encode(page[-1].history_date, page[-1].history_id) if page else params.get("cursor") or None
        until = page[-1].history_date if more else timezone.now()
        next_url = None
        if more:
            query = params.copy()
            for name in ("cursor", "updated_since", "since"):
                query.pop(name, None)
            query["cursor"] = cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return Response({"next": next_url, "cursor": cursor, "until": until, "results": results})
