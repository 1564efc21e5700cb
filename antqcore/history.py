"""A record's audit trail (django-simple-history) told in words: who, when, and which fields changed from what to
what. Every registry's detail page shows it through `record_history`."""

import datetime

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _


def record_history(record, *, excluded_fields: tuple[str, ...] = (), limit: int = 50, keep_all: bool = False
                   ) -> list[dict]:
    """The last `limit` versions of `record`, newest first: {"record": the history row, "changes": [{"field",
    "old", "new"}]}. A save that changed none of the shown fields is left out (except the first version), unless
    `keep_all`."""
    model = type(record)
    rows = list(record.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    entries = []
    for row, previous in zip(rows, rows[1:] + [None], strict=False):
        changes = []
        if previous is not None:
            for change in row.diff_against(previous, excluded_fields=list(excluded_fields)).changes:
                field = model._meta.get_field(change.field)
                changes.append({"field": field.verbose_name, "old": field_display(field, change.old),
                                "new": field_display(field, change.new)})
        if keep_all or previous is None or changes or row.history_type != "~":
            entries.append({"record": row, "changes": changes})
    return entries


def field_display(field, value) -> str:
    """A field's value as a person reads it: labels of choices, names of related records, dates dd/mm/yyyy,
    numbers with thousands separators."""
    if value in (None, "", []):
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field.many_to_many:
        key = field.related_model._meta.model_name  # rows of the history's m2m table: {"<model>": id, "<other>": id}
        ids = [row[key] if isinstance(row, dict) else row for row in value]
        return ", ".join(sorted(str(obj) for obj in field.related_model.objects.filter(pk__in=ids)))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(field.related_model.objects.filter(pk=value).first() or value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):  # JSON lists of ISO dates (review dates)
        return ", ".join(datetime.date.fromisoformat(v).strftime("%d/%m/%Y") if isinstance(v, str) and len(v) == 10
                         else str(v) for v in value)
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return str(value)
