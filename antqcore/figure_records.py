"""A figure's records as a user sees them: the "Nguồn số liệu" page, its Excel export and GET
/api/v1/stats/records/ all read them here.

The records are those the statistics registry counts for the figure (antqcore.stats.figure_records). A user whose
scope holds the whole area sees them all; a district or commune user asking a figure of an area that holds their
scope (their province, their former district) sees their part of them, and is told that the figure also counts
records outside their scope. An area that neither holds nor lies in the scope is refused."""

import datetime
import io
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .excel.writing import sheet_append
from .models import Area, User
from .records import record_links
from .scoping import area_in_scope, paths_q, scope_paths
from .stats import Figure, figure_get, figure_records, figures_compute, is_more_than

VALUE = "_figure_value"


@dataclass
class FigureRecords:
    figure: Figure
    area: Area
    start: datetime.date
    end: datetime.date
    count_successors: bool
    records: QuerySet  # what the user may see of them, in a stable order
    value: int | float  # the figure itself (all its records, whoever looks)
    outside_scope: bool  # the figure also counts records the user may not see

    @property
    def rule(self) -> str:
        return self.figure.rule

    @property
    def more_than(self) -> bool:
        return is_more_than(self.value)

    @property
    def measured(self) -> bool:
        """The figure sums a value of its records (rather than counting them)."""
        return self.figure.source.measure is not None

    @property
    def list_url(self) -> str | None:
        source = self.figure.source
        return source.list_url(self.area, self.start, self.end) if source.list_url else None


def _holds_scope(paths: list[str], area: Area) -> bool:
    """`area` holds part of the scope `paths` (the province of a district officer)."""
    return any(p.startswith(area.path + ".") for p in paths)


def figure_records_for(*, user: User, key: str, area: Area, start: datetime.date, end: datetime.date,
                       count_successors: bool = False) -> FigureRecords:
    """The records behind figure `key` (UnknownFigure when there is none) that `user` may see; PermissionDenied for
    an area the user's scope neither holds nor lies in."""
    figure = figure_get(key)
    records = figure_records(key, area=area, start=start, end=end, count_successors=count_successors)
    value = figures_compute(area=area, start=start, end=end, keys=[key], count_successors=count_successors)[key]
    paths = scope_paths(user)
    outside = False
    if paths is not None and not area_in_scope(user, area):
        if not _holds_scope(paths, area):
            raise PermissionDenied(_("%(area)s is outside your area.") % {"area": area.name_on(end)})
        mine = paths_q(paths, figure.source.area_field)
        outside = records.exclude(mine).exists()
        # by id: a lookup through a to-many relation (the models a unit takes part in) would repeat a record
        records = records.filter(pk__in=records.filter(mine).values("pk"))
    source = figure.source
    if source.measure is not None:
        measure = F(source.measure) if isinstance(source.measure, str) else source.measure
        records = records.annotate(**{VALUE: measure})
    related = _related_columns(records.model, source.columns)
    if related:
        records = records.select_related(*related)
    ordering = [f for f in (records.model._meta.ordering or []) if f.lstrip("-") != "pk"]
    records = records.order_by(*ordering, "pk")
    return FigureRecords(figure=figure, area=area, start=start, end=end, count_successors=count_successors,
                         records=records, value=value, outside_scope=outside)


def _related_columns(model, columns) -> list[str]:
    """The columns named after a foreign key of the records (a unit's commune): joined in the page's query rather
    than read with one query per row."""
    names = []
    for column in columns:
        try:
            field = model._meta.get_field(column.name)
        except FieldDoesNotExist:
            continue
        if field.concrete and (field.many_to_one or field.one_to_one):
            names.append(column.name)
    return names


def record_row(found: FigureRecords, record) -> dict:
    """One record as the page, the export and the API show it."""
    source = found.figure.source
    row = {"id": record.pk, "model": record._meta.label_lower, "text": str(record), **record_links(record),
           "fields": {c.name: c.value(record) for c in source.columns}}
    if found.measured:
        value = getattr(record, VALUE)
        row["value"] = int(value) if value == int(value) else float(value)
        row["more_than"] = bool(getattr(record, source.more_than)) if source.more_than else False
    return row


def figure_records_workbook(found: FigureRecords, *, base_url: str = "", limit: int = 100_000) -> bytes:
    """Exactly the records of the page as a workbook: what the figure is and its rule on top, then one row a record
    with its link."""
    from openpyxl import Workbook  # openpyxl only where a workbook is written: not at start-up
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    source = found.figure.source
    book = Workbook()
    sheet = book.active
    sheet.title = _("Records")[:31]
    sheet_append(sheet, [str(found.figure.label)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet_append(sheet, [_("Rule"), found.rule])
    sheet_append(sheet, [_("Area"), found.area.name_on(found.end)])
    sheet_append(sheet, [_("Period"), f"{found.start:%d/%m/%Y} – {found.end:%d/%m/%Y}"])
    value_cell = sheet_append(sheet, [_("Figure"), found.value, _("more than") if found.more_than else None])[1]
    value_cell.number_format = "#,##0" if isinstance(found.value, int) else "#,##0.00"
    if found.outside_scope:
        sheet_append(sheet, [_("Note"), _("The figure also counts records outside your area; only yours are "
                                          "listed.")])
    sheet_append(sheet, [])
    headers = ["#", _("Record"), *[str(c.label) for c in source.columns]]
    if found.measured:
        headers += [_("Value counted"), _("More than")]
    headers += [_("Link")]
    header_row = sheet.max_row + 1
    sheet_append(sheet, headers)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for number, record in enumerate(found.records[:limit].iterator(chunk_size=2000), start=1):
        row = record_row(found, record)
        values = [number, row["text"], *[_cell(v) for v in row["fields"].values()]]
        if found.measured:
            values += [row["value"], _("yes") if row["more_than"] else ""]
        values += [base_url + row["url"] if row["url"] else ""]
        sheet_append(sheet, values)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for index, width in enumerate([6, 50] + [22] * (len(headers) - 2), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet["B2"].alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, datetime.datetime):  # Excel keeps no time zone: the local time
        return timezone.localtime(value).replace(tzinfo=None)
    return value
