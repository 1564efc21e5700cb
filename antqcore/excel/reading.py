"""Reading an uploaded sheet into a dry-run preview: every row parsed and checked, errors by row and column, nothing
written. A registry supplies its columns and a `read_row(number, cells) -> RowResult` that parses and checks one row
(usually a SheetReader's `read`: new_row, then read_cells with parse_common and the registry's own cell kinds, then
its checks across columns). Every import goes through read_sheet, which holds the file to the limits of limits.py."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ..text import search_key
from .cells import Column, display, is_blank, parse_common
from .limits import (
    Deadline,
    WorkbookRefused,
    check_declared_size,
    check_package,
    not_a_workbook,
    too_many_cells,
    too_many_rows,
)


@dataclass
class RowResult:
    row_number: int  # as Excel numbers it, so the user can find it
    headers: list[str] = field(default_factory=list, repr=False)
    action: str = "create"  # "create" or "update"
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, message)
    values: dict[str, str] = field(default_factory=dict)  # the cells as written, for the preview
    instance: Any = None  # the record an "update" row changes
    extra: dict[str, Any] = field(default_factory=dict)  # what a registry needs beyond `data` (many-to-many...)

    @property
    def cells(self) -> list[tuple[str, list[str]]]:
        """(value, messages) for each column, in sheet order."""
        return [(self.values.get(h, ""), [m for eh, m in self.errors if eh == h]) for h in self.headers]

    def has_error(self, header: str) -> bool:
        return any(h == header for h, _m in self.errors)


@dataclass
class ImportResult:
    rows: list[RowResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def ok(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)

    @property
    def valid_count(self) -> int:
        return sum(1 for row in self.rows if not row.errors)

    @property
    def invalid_count(self) -> int:
        return len(self.rows) - self.valid_count

    def error_lines(self) -> list[str]:
        lines = list(self.errors)
        for row in self.rows:
            for column, message in row.errors:
                line = _("Row %(row)s, %(column)s: %(message)s") if column else _("Row %(row)s: %(message)s")
                lines.append(line % {"row": row.row_number, "column": column, "message": message})
        return lines


def rule_errors(exc: ValidationError, header_by_field: dict[str, str]) -> list[tuple[str, str]]:
    """A service's ValidationError as (column header, message) pairs; errors of fields not in the sheet go to the
    row as a whole."""
    if not hasattr(exc, "error_dict"):
        return [("", message) for message in exc.messages]
    return [(header_by_field.get(name, ""), messages[0]) for name, messages in exc.message_dict.items()]


def add_rule_errors(row: RowResult, exc: ValidationError, header_by_field: dict[str, str]) -> None:
    """Adds a service's errors to a row, one message per cell."""
    failed = {header for header, _message in row.errors}
    row.errors += [(h, m) for h, m in rule_errors(exc, header_by_field) if h not in failed or not h]


class SeenKeys:
    """What earlier rows of a sheet hold, so that a row repeating it (a tax code, a name in a place) is reported
    with the row it repeats."""

    def __init__(self):
        self.first_row: dict[tuple, int] = {}

    def check(self, row: RowResult, header: str, key, message: str) -> None:
        """Reports on `header` a `key` an earlier row holds (`message` has %(row)s); an empty key is not checked."""
        if not key:
            return
        if (header, key) in self.first_row:
            row.errors.append((header, message % {"row": self.first_row[header, key]}))
        else:
            self.first_row[header, key] = row.row_number


def _data_rows(sheet, *, width: int, deadline: Deadline) -> Iterator[tuple[int, tuple]]:
    """The non-empty rows under the header, numbered as Excel numbers them, `width` cells each, up to the first run
    of ANTQ_IMPORT_EMPTY_ROWS_STOP empty rows: openpyxl hands over an empty row for every row missing from the XML
    (up to a cell at row 1.000.000, say), and parses lazily, so nothing past the stop is parsed."""
    empty_run, stop = 0, settings.ANTQ_IMPORT_EMPTY_ROWS_STOP
    rows = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
    try:
        for number, cells in enumerate(rows, start=2):
            deadline.check()
            if number > settings.ANTQ_IMPORT_MAX_ROWS:
                raise too_many_rows(sheet.title, number)
            if number * width > settings.ANTQ_IMPORT_MAX_CELLS:
                raise too_many_cells(sheet.title, number * width)
            if all(is_blank(value) for value in cells):
                empty_run += 1
                if empty_run >= stop:
                    return
                continue
            empty_run = 0
            yield number, cells
    finally:
        rows.close()


def _header_row(sheet) -> tuple:
    rows = sheet.iter_rows(max_row=1, values_only=True)
    try:
        return next(rows, ())
    finally:
        rows.close()


def read_sheet(*, file, sheet_name: str, columns: list[Column], read_row: Callable[[int, dict], RowResult],
               max_rows: int = 5000, empty_message: str = "", too_many_message: str = "") -> ImportResult:
    """Reads every row of an uploaded .xlsx into an ImportResult without writing anything. Columns are matched by
    header, in any order and case, with or without accents; the "id" column may be absent. Every import goes
    through here: the file is measured before it is opened and bounded while it is read (see the limits above); a
    file refused by a limit gives its message and no row. `max_rows` is the registry's own limit on data rows."""
    deadline = Deadline()
    try:
        check_package(file)
    except WorkbookRefused as exc:
        return ImportResult(errors=[str(exc)])
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # whatever openpyxl cannot open, the user needs the same advice
        return ImportResult(errors=[not_a_workbook()])
    try:
        return _read_rows(book, sheet_name=sheet_name, columns=columns, read_row=read_row, max_rows=max_rows,
                          empty_message=empty_message, too_many_message=too_many_message, deadline=deadline)
    except WorkbookRefused as exc:
        return ImportResult(errors=[str(exc)])
    finally:
        book.close()


def _read_rows(book, *, sheet_name, columns, read_row, max_rows, empty_message, too_many_message,
               deadline: Deadline) -> ImportResult:
    result = ImportResult()
    sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
    check_declared_size(sheet)
    deadline.check()
    positions = {search_key(str(value)): i for i, value in enumerate(_header_row(sheet)) if not is_blank(value)}
    missing = [c.header for c in columns if c.kind != "id" and search_key(c.header) not in positions]
    if missing:
        result.errors.append(
            _("The first row does not have the template's columns (missing: %(columns)s). Download the "
              "template and copy your data into it.") % {"columns": ", ".join(missing)})
        return result
    index = {c.header: positions[search_key(c.header)] for c in columns if search_key(c.header) in positions}
    for number, cells in _data_rows(sheet, width=max(index.values()) + 1, deadline=deadline):
        if len(result.rows) == max_rows:
            result.errors.append(too_many_message or _("A file can hold at most %(n)s rows.") % {"n": max_rows})
            break
        values = {header: cells[i] if i < len(cells) else None for header, i in index.items()}
        result.rows.append(read_row(number, values))
    if not result.rows and not result.errors:
        result.errors.append(empty_message or _("The sheet has no data: fill in the rows under the headers."))
    return result


def new_row(number: int, cells: dict[str, Any], columns: list[Column],
            row_class: type[RowResult] = RowResult) -> RowResult:
    return row_class(row_number=number, headers=[c.header for c in columns],
                     values={h: display(v) for h, v in cells.items()})


def read_cells(row: RowResult, cells: dict[str, Any], columns: list[Column],
               parse: Callable[[Column, Any, RowResult], Any]) -> None:
    """Parses a row's cells in sheet order with `parse(column, raw, row)` into `row.data` by field. A value in the
    "id" column (the first) makes the row an update of `row.instance`, so that the cells after it can be read
    against the record they change. A cell `parse` refuses (ValidationError) is reported under its header."""
    for column in columns:
        if column.header not in cells:
            continue  # only the optional id column can be absent
        try:
            value = parse(column, cells[column.header], row)
        except ValidationError as exc:
            row.errors.append((column.header, exc.messages[0]))
            continue
        if column.kind != "id":
            row.data[column.field] = value
        elif value is not None:
            row.instance, row.action = value, "update"


class SheetReader:
    """A registry's `read_row` for read_sheet: new_row, read_cells, then the checks across columns. It reads rows one
    by one and remembers what earlier rows hold (`seen`), so that duplicates within the sheet show.

    A registry sets `columns` and `model` (whose field validators check text and number cells), implements
    `parse_own(column, text, raw, row)` for its own kinds (the "id" kind included) and `check(row)`. Pass
    `Reader(user).read` as read_sheet's `read_row`."""

    columns: list[Column] = []
    model = None
    row_class: type[RowResult] = RowResult

    def __init__(self, user):
        self.user = user
        self.seen = SeenKeys()

    def read(self, number: int, cells: dict[str, Any]) -> RowResult:
        row = new_row(number, cells, self.columns, row_class=self.row_class)
        read_cells(row, cells, self.columns, self.parse)
        self.check(row)
        return row

    def parse(self, column: Column, raw, row: RowResult):
        value = parse_common(column, raw, self.model)
        if value is NotImplemented:
            value = self.parse_own(column, display(raw).strip(), raw, row)
        return value

    def parse_own(self, column: Column, text: str, raw, row: RowResult):
        """A non-blank cell of a kind parse_common does not know; raise ValidationError to refuse it."""
        raise NotImplementedError(f"{type(self).__name__} does not read {column.kind!r} cells")

    def check(self, row: RowResult) -> None:
        """Rules across columns; add what fails to `row.errors`."""
