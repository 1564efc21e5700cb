"""The Excel machinery every registry shares: a sheet described by a list of Columns is written (template and
export, with dropdowns and a guide sheet), read back as a dry-run preview with errors by row and column, and
committed all-or-nothing.

A registry supplies its columns, a `read_row(number, cells) -> RowResult` that parses and checks one row (usually
a SheetReader's `read`: new_row, then read_cells with parse_common and the registry's own cell kinds, then its
checks across columns), and a `write_row(row)` that saves one checked row through the registry's services.
Sheets are a Vietnamese file format: headers and labels are fixed text; the messages shown to the user are
translated as usual."""

import datetime
import decimal
import io
import re
import time
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .scoping import area_in_scope, user_can_write
from .selectors import AreaNotFound, area_resolve, last_day_of_old_map
from .text import search_key

YES, NO = "Có", "Không"
SHEET_GUIDE, SHEET_LISTS = "Hướng dẫn", "Danh mục"
TEXT_KINDS = {"id", "text", "commune", "area", "code"}  # kept as text in Excel so that codes keep leading zeros
BLANKS = {"int": 0, "bool": False, "text": "", "decimal": 0}  # other kinds: None


@dataclass(frozen=True, eq=False)
class Column:
    header: str
    field: str
    kind: str = "text"  # text, int, decimal, year, date, datetime, bool, choice, id, or a registry's own kind
    required: bool = False
    labels: dict | None = None  # choice columns: code -> label written in the sheet
    help: str = ""
    width: int = 16
    default: Any = None  # what an empty cell means, when not the kind's usual blank


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


class ImportRejected(Exception):
    """Nothing was written; `result` holds the errors by row."""

    def __init__(self, result: ImportResult):
        super().__init__(result.error_lines())
        self.result = result


# --- Cells ---------------------------------------------------------------------------------------------------------

def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour, value.minute) != (0, 0) else value.strftime(
            "%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_int(value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", text):  # 1.200 as Vietnamese write thousands
        text = re.sub(r"[.,]", "", text)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", text):
        return int(text)
    raise ValidationError(_("Give a whole number."))


def to_decimal(value) -> decimal.Decimal:
    """A number as Vietnamese write it: 1.500.000 or 1.500.000,5; a number cell as Excel stores it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return decimal.Decimal(str(value))
    text = str(value).replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text) or re.fullmatch(r"-?\d+,\d+", text):
        text = text.replace(".", "").replace(",", ".")
    try:
        return decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValidationError(_("Give a number.")) from None


def to_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(str(value).strip(), pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("Write the date as dd/mm/yyyy."))


def to_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    key = search_key(str(value))
    if key in ("co", "x", "1", "true"):
        return True
    if key in ("khong", "0", "false"):
        return False
    raise ValidationError(_("Write %(yes)s or %(no)s.") % {"yes": YES, "no": NO})


def to_choice(column: Column, text: str):
    by_key = {search_key(label): code for code, label in column.labels.items()} | {
        str(code): code for code in column.labels}
    if search_key(text) not in by_key:
        raise ValidationError(_("Unknown value “%(value)s”: see the accepted values in the guide sheet.")
                              % {"value": text})
    return by_key[search_key(text)]


def parse_common(column: Column, raw, model=None):
    """The kinds every registry has. Returns NotImplemented for a registry's own kinds. `model` (a Django model
    class) lends its field validators (lengths, e-mail) to text and number cells."""
    if is_blank(raw):
        if column.required:
            raise ValidationError(_("This column is required."))
        return column.default if column.default is not None else BLANKS.get(column.kind)
    text = display(raw).strip()
    if column.kind == "text":
        if model is not None:
            model._meta.get_field(column.field).run_validators(text)
        return text
    if column.kind in ("int", "decimal"):
        number = to_int(raw) if column.kind == "int" else to_decimal(raw)
        if number >= 0 and model is not None:  # a negative count is the registry rule's to report
            model._meta.get_field(column.field).run_validators(number)
        return number
    if column.kind == "year":
        year = to_int(raw)
        if not 1900 <= year <= 2100:
            raise ValidationError(_("Give a year such as 2025."))
        return year
    if column.kind == "date":
        return to_date(raw)
    if column.kind == "bool":
        return to_bool(raw)
    if column.kind == "choice":
        return to_choice(column, text)
    return NotImplemented


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


# --- Areas ---------------------------------------------------------------------------------------------------------

def area_for_code(code: str, *, user, levels: Collection[str], current=None):
    """The area (of one of `levels`) a sheet means by `code`, or None. Codes were reused by the 1 July 2025 reform,
    so:
    - an unchanged code on an update keeps the record's area (a round trip must not move it to the other map);
    - otherwise look the code up on today's map, then on 30/06/2025, the last day of the old map;
    - where both maps have the code, prefer the area inside the user's scope (an officer of an old district writes
      the old codes); if neither is, return the first so that the caller reports it as out of area."""
    if current is not None and current.code == code:
        return current
    found = []
    for day in (timezone.localdate(), last_day_of_old_map()):
        try:
            area = area_resolve(code=code, on=day)
        except AreaNotFound:
            continue
        if area.level in levels:
            found.append(area)
    return next((a for a in found if area_in_scope(user, a)), found[0] if found else None)


class AreaCodes:
    """The area codes of one import, each looked up once (a sheet repeats the same few communes)."""

    def __init__(self, *, user, levels: Collection[str]):
        self.user, self.levels = user, levels
        self.found: dict[tuple, Any] = {}

    def get(self, code: str, current=None):
        """area_for_code, remembered; `current` is the area of the record an update row changes."""
        key = (code, current.pk if current else None)
        if key not in self.found:
            self.found[key] = area_for_code(code, user=self.user, levels=self.levels, current=current)
        return self.found[key]


# --- Limits of an import --------------------------------------------------------------------------------------------
# A workbook is a zip of XML that openpyxl expands as declared: a few KB may declare 20.000 rows of 16.384 columns, a
# cell at row 1.000.000, millions of elements or a part of gigabytes. So the file is measured before openpyxl opens
# it (its size, the unpacked size its zip directory declares, the rows, cells and elements its XML holds, counted
# without parsing), then the rows and cells its sheet declares; and it is bounded while it is read (a run of empty
# rows ends the sheet, a deadline ends the reading). The limits are settings (ANTQ_IMPORT_*, see base.py).

class WorkbookRefused(Exception):
    """A file refused by one of the limits; the message says which, and what to do."""


def _number(value) -> str:
    """A limit or a size as the user's language writes numbers (20.000, 0,5)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return number_format(value, force_grouping=True)


def _not_a_workbook() -> str:
    return _("The file is not an Excel workbook (.xlsx). Save it as .xlsx and upload it again.")


def upload_too_large(size: int) -> str | None:
    """The message refusing an upload of `size` bytes, or None. The upload page checks it before reading the upload,
    read_sheet again for every caller."""
    limit = settings.ANTQ_IMPORT_MAX_MB
    if size > limit * 1024 * 1024:
        return _("The file is larger than %(n)s MB.") % {"n": _number(limit)}
    return None


def _check_package(file) -> None:
    """Refuses, before openpyxl opens it, a file that is not an .xlsx package, that would unpack past the limit, or
    whose XML holds more than openpyxl can parse in reasonable time (see _scan_parts).
    The sizes are those the zip's directory declares: Python's zipfile never unpacks an entry past its declared size
    (it stops there and fails on the checksum), for the two methods a workbook uses, which are the only ones
    accepted."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if message := upload_too_large(size):
        raise WorkbookRefused(message)
    try:
        with zipfile.ZipFile(file) as package:
            parts = package.infolist()
            names = {part.filename for part in parts}
            if not {"[Content_Types].xml", "xl/workbook.xml"} <= names or any(
                    part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for part in parts):
                raise WorkbookRefused(_not_a_workbook())
            limit = settings.ANTQ_IMPORT_MAX_UNZIPPED_MB
            if sum(part.file_size for part in parts) > limit * 1024 * 1024:
                raise WorkbookRefused(_(
                    "Once unpacked, the Excel file is larger than %(n)s MB, far more than a data sheet needs. Copy "
                    "only your data into the template, save it as .xlsx and upload it again.") % {
                    "n": _number(limit)})
            _scan_parts(package)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError):
        raise WorkbookRefused(_not_a_workbook()) from None
    finally:
        file.seek(0)


# openpyxl makes an object of every element of the styles, the workbook, the content types...: Excel writes a few
# hundred of them; thousands of cell formats are a known defect of old workbooks; 200.000 took 22 s to open.
MAX_PART_ELEMENTS = 20_000
_SHARED_STRINGS = "xl/sharedStrings.xml"
_TAG_ENDS = (b" ", b">", b"/", b"\t", b"\n", b"\r")
_PREFIXED_ROW_OR_CELL = re.compile(rb"<[A-Za-z_][\w.-]{0,20}:(row|c)[\s/>]")  # <x:row>, as some writers put it
_LONGEST_TAG = 64  # bytes, more than any tag counted here


@dataclass
class _Tags:
    elements: int = 0
    rows: int = 0
    cells: int = 0
    declarations: int = 0  # a document type: an .xlsx has none; it is how XML entity bombs are written

    def count(self, text: bytes) -> None:
        # In XML every "<" opens markup ("<" in text is written &lt;): an element, an end tag "</", a comment, CDATA
        # or declaration "<!", or a processing instruction "<?". Counting bytes is fast where a parser is not.
        self.elements += text.count(b"<") - text.count(b"</") - text.count(b"<!") - text.count(b"<?")
        self.declarations += text.count(b"<!DOCTYPE") + text.count(b"<!ENTITY")
        self.rows += sum(text.count(b"<row" + end) for end in _TAG_ENDS)
        self.cells += sum(text.count(b"<c" + end) for end in _TAG_ENDS)
        if b":row" in text or b":c" in text:
            for name in _PREFIXED_ROW_OR_CELL.findall(text):
                self.rows, self.cells = self.rows + (name == b"row"), self.cells + (name == b"c")


def _count_tags(package: zipfile.ZipFile, name: str) -> _Tags:
    """The tags of a part, read by 1 MB (never whole in memory). A chunk is cut at its last "<" near its end, so that
    no tag is split between two chunks."""
    tags, carry = _Tags(), b""
    with package.open(name) as stream:
        while True:
            chunk = stream.read(1 << 20)
            buffer = carry + chunk
            cut = buffer.rfind(b"<", max(0, len(buffer) - _LONGEST_TAG)) if chunk else -1
            cut = len(buffer) if cut == -1 else cut
            tags.count(buffer[:cut])
            if not chunk:
                return tags
            carry = buffer[cut:]


def _scan_parts(package: zipfile.ZipFile) -> None:
    """Counts the elements of every XML part, unpacking it as a stream (its size was checked first): openpyxl's
    time grows with them (about 20 µs a cell, 2 µs any other element of a sheet, 35 µs a shared string, 100 µs a cell
    format), and a few KB of zip can hold millions. A sheet may have at most ANTQ_IMPORT_MAX_ROWS rows and
    ANTQ_IMPORT_MAX_CELLS cells; the shared strings as many elements as that many cells (a string is two: half as
    many strings as cells, tens of thousands); the sheets and the shared strings together three elements a cell of
    that limit (a cell and its value are two); any other part MAX_PART_ELEMENTS. No part may declare a document
    type."""
    budget, total, sheets = 3 * settings.ANTQ_IMPORT_MAX_CELLS, 0, {}
    for part in package.infolist():
        name = part.filename
        if not name.endswith((".xml", ".rels")):
            continue  # images, printer settings, macros: openpyxl's read-only mode does not parse them
        tags = _count_tags(package, name)
        if tags.declarations:
            raise WorkbookRefused(_not_a_workbook())
        limit = settings.ANTQ_IMPORT_MAX_CELLS if name == _SHARED_STRINGS else MAX_PART_ELEMENTS
        if name.startswith("xl/worksheets/") and name.count("/") == 2:
            sheets[name] = tags
        elif tags.elements > limit:
            raise _too_complex(name, tags.elements, limit)
        if name in sheets or name == _SHARED_STRINGS:
            total += tags.elements
    names = _sheet_names(package)  # read once the workbook's parts are known to be small and without a DTD
    for name, tags in sheets.items():
        if tags.rows > settings.ANTQ_IMPORT_MAX_ROWS:
            raise _too_many_rows(names.get(name, name), tags.rows)
        if tags.cells > settings.ANTQ_IMPORT_MAX_CELLS:
            raise _too_many_cells(names.get(name, name), tags.cells)
    if total > budget:
        raise _too_complex(", ".join([*sheets, _SHARED_STRINGS]), total, budget)


def _too_complex(part: str, elements: int, limit: int) -> WorkbookRefused:
    return WorkbookRefused(_(
        "The file is too complex to read: %(part)s holds %(n)s XML elements, past the limit of %(limit)s. Copy only "
        "your data into the template, save it as .xlsx and upload it again.") % {
        "part": part, "n": _number(elements), "limit": _number(limit)})


def _sheet_names(package: zipfile.ZipFile) -> dict[str, str]:
    """The sheets' names by the path of their part, to name a sheet in a message (empty where the workbook cannot
    tell: the part's path is named instead)."""
    try:
        workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {}
    for relation in relations:
        target = relation.get("Target", "")
        targets[relation.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    names = {}
    for element in workbook.iter():
        if element.tag.endswith("}sheet"):
            ids = [value for key, value in element.attrib.items() if key.endswith("}id")]
            if ids and ids[0] in targets:
                names[targets[ids[0]]] = element.get("name", "")
    return names


def _too_many_rows(sheet_name: str, rows: int) -> WorkbookRefused:
    return WorkbookRefused(_(
        "The sheet “%(sheet)s” has %(rows)s rows, past the limit of %(n)s rows. Delete the empty rows under your "
        "data (select them, right-click, Delete) and upload the file again.") % {
        "sheet": sheet_name, "rows": _number(rows), "n": _number(settings.ANTQ_IMPORT_MAX_ROWS)})


def _too_many_cells(sheet_name: str, cells: int) -> WorkbookRefused:
    return WorkbookRefused(_(
        "The sheet “%(sheet)s” has %(cells)s cells, past the limit of %(n)s cells. Delete the empty rows and "
        "columns around your data and upload the file again.") % {
        "sheet": sheet_name, "cells": _number(cells), "n": _number(settings.ANTQ_IMPORT_MAX_CELLS)})


def _check_declared_size(sheet) -> None:
    """Refuses a sheet whose declared dimension (read from its XML, no cell read) passes the row or cell limit:
    openpyxl would hand over every row and column it declares."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > settings.ANTQ_IMPORT_MAX_ROWS:
        raise _too_many_rows(sheet.title, rows)
    if rows * columns > settings.ANTQ_IMPORT_MAX_CELLS:
        raise _too_many_cells(sheet.title, rows * columns)


class _Deadline:
    """ANTQ_IMPORT_MAX_SECONDS from the upload, checked before each row (and its checks against the database)."""

    def __init__(self):
        self.seconds = settings.ANTQ_IMPORT_MAX_SECONDS
        self.at = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() >= self.at:
            raise WorkbookRefused(_(
                "Reading the file took more than %(n)s seconds and was stopped; nothing was written. Split the data "
                "into smaller files and upload them one by one.") % {"n": _number(self.seconds)})


def _data_rows(sheet, *, width: int, deadline: _Deadline) -> Iterator[tuple[int, tuple]]:
    """The non-empty rows under the header, numbered as Excel numbers them, `width` cells each, up to the first run
    of ANTQ_IMPORT_EMPTY_ROWS_STOP empty rows: openpyxl hands over an empty row for every row missing from the XML
    (up to a cell at row 1.000.000, say), and parses lazily, so nothing past the stop is parsed."""
    empty_run, stop = 0, settings.ANTQ_IMPORT_EMPTY_ROWS_STOP
    rows = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
    try:
        for number, cells in enumerate(rows, start=2):
            deadline.check()
            if number > settings.ANTQ_IMPORT_MAX_ROWS:
                raise _too_many_rows(sheet.title, number)
            if number * width > settings.ANTQ_IMPORT_MAX_CELLS:
                raise _too_many_cells(sheet.title, number * width)
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


# --- Reading -------------------------------------------------------------------------------------------------------

def read_sheet(*, file, sheet_name: str, columns: list[Column], read_row: Callable[[int, dict], RowResult],
               max_rows: int = 5000, empty_message: str = "", too_many_message: str = "") -> ImportResult:
    """Reads every row of an uploaded .xlsx into an ImportResult without writing anything. Columns are matched by
    header, in any order and case, with or without accents; the "id" column may be absent. Every import goes
    through here: the file is measured before it is opened and bounded while it is read (see the limits above); a
    file refused by a limit gives its message and no row. `max_rows` is the registry's own limit on data rows."""
    deadline = _Deadline()
    try:
        _check_package(file)
    except WorkbookRefused as exc:
        return ImportResult(errors=[str(exc)])
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # whatever openpyxl cannot open, the user needs the same advice
        return ImportResult(errors=[_not_a_workbook()])
    try:
        return _read_rows(book, sheet_name=sheet_name, columns=columns, read_row=read_row, max_rows=max_rows,
                          empty_message=empty_message, too_many_message=too_many_message, deadline=deadline)
    except WorkbookRefused as exc:
        return ImportResult(errors=[str(exc)])
    finally:
        book.close()


def _read_rows(book, *, sheet_name, columns, read_row, max_rows, empty_message, too_many_message,
               deadline: _Deadline) -> ImportResult:
    result = ImportResult()
    sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
    _check_declared_size(sheet)
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


# --- Committing ----------------------------------------------------------------------------------------------------

def commit_all(*, result: ImportResult, user, write_row: Callable[[RowResult], None]) -> int:
    """Writes every row of a checked sheet, or none. `write_row` saves one row through the registry's services
    and adds what they refuse to `row.errors`; the first failure anywhere rolls the whole import back. Returns the
    number of rows written; raises ImportRejected with the errors by row."""
    if not user_can_write(user):
        raise PermissionDenied
    if not result.ok:
        raise ImportRejected(result)
    with transaction.atomic():
        for row in result.rows:
            write_row(row)
        if not result.ok:
            raise ImportRejected(result)  # leaving the atomic block by an exception undoes every row
    return len(result.rows)


# --- Writing -------------------------------------------------------------------------------------------------------
# Every sheet the system writes (exports, templates, the reports' annex) gets its values through cell_write: a text
# written by a user is data, never a formula, whatever it starts with.

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as the start of a formula


def cell_write(cell: Cell, value) -> Cell:
    """Sets a cell's value. Text stays text: a string cell whatever it holds (openpyxl would make "=…" a formula and
    "#N/A" an error), and one that a spreadsheet would read as a formula or an error ("=HYPERLINK(…)", "+1",
    "-2+3", "@SUM(A1)", a tab or CR first) also gets Excel's quote prefix, so that it stays text when the user edits
    the cell; it shows as written. Numbers, dates and booleans are written as they are (a negative number stays a
    number). Characters an .xlsx cannot hold (control characters) are dropped."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS) or value in ERROR_CODES:
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def sheet_append(sheet, values: Iterable) -> list[Cell]:
    """Worksheet.append through cell_write; returns the row's cells (to style them)."""
    cells = [cell_write(Cell(sheet), value) for value in values]
    sheet.append(cells)
    return cells


def write_workbook(*, sheet_name: str, columns: list[Column], rows: Iterable[list], guide_title: str,
                   guide_lines: list[str], lists: dict[str, list[str]] | None = None,
                   freeze: str = "B2", max_rows: int = 5000) -> bytes:
    """A workbook with the data sheet (styled headers, number formats, dropdowns from a hidden list sheet) and a
    guide sheet describing every column. `lists` adds dropdowns for non-choice columns (header -> values);
    `max_rows` is how far down the dropdowns go (the import's row limit)."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    headers = [c.header for c in columns]
    sheet_append(sheet, headers)
    for values in rows:
        sheet_append(sheet, values)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind in TEXT_KINDS:
            sheet.column_dimensions[letter].number_format = "@"
        if column.kind in ("date", "datetime"):
            pattern = "DD/MM/YYYY" if column.kind == "date" else "DD/MM/YYYY HH:MM"
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = pattern
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="8B1A1A")
    sheet.freeze_panes = freeze
    choices = {c.header: list(c.labels.values()) for c in columns if c.labels}
    choices |= {c.header: [YES, NO] for c in columns if c.kind == "bool"}
    choices |= lists or {}
    _add_dropdowns(book, sheet, headers, choices, max_rows)
    _add_guide(book, columns, guide_title, guide_lines)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_value(column: Column, value):
    """A field's value as the sheet writes it."""
    if value is None:
        return None
    if column.kind == "choice":
        return column.labels.get(value, value)
    if column.kind == "bool":
        return YES if value else NO
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    return value


def _add_dropdowns(book: Workbook, sheet, headers: list[str], choices: dict[str, list[str]], max_rows=5000) -> None:
    """Lists on a hidden sheet, referenced by the dropdowns (inline lists cannot hold commas). A dropdown only
    suggests: a code typed instead of a label is still accepted."""
    lists = book.create_sheet(SHEET_LISTS)
    lists.sheet_state = "hidden"
    for list_index, (header, values) in enumerate(choices.items(), start=1):
        if not values or header not in headers:
            continue
        list_letter = get_column_letter(list_index)
        cell_write(lists.cell(row=1, column=list_index), header)
        for row, value in enumerate(values, start=2):
            cell_write(lists.cell(row=row, column=list_index), value)
        validation = DataValidation(type="list", allow_blank=True,
                                    formula1=f"'{SHEET_LISTS}'!${list_letter}$2:${list_letter}${len(values) + 1}")
        letter = get_column_letter(headers.index(header) + 1)
        validation.add(f"{letter}2:{letter}{max_rows + 1}")
        sheet.add_data_validation(validation)


def _add_guide(book: Workbook, columns: list[Column], title: str, lines: list[str]) -> None:
    guide = book.create_sheet(SHEET_GUIDE)
    for line in [title, *lines,
                 "Hệ thống kiểm tra toàn bộ tệp và hiện kết quả trước khi ghi; chỉ cần một dòng lỗi thì không dòng "
                 "nào được ghi.",
                 "Không để dòng trống xen giữa dữ liệu: hệ thống ngừng đọc khi gặp "
                 f"{settings.ANTQ_IMPORT_EMPTY_ROWS_STOP} dòng trống liên tiếp.", ""]:
        sheet_append(guide, [line])
    guide["A1"].font = Font(bold=True, size=13)
    sheet_append(guide, ["Cột", "Bắt buộc", "Nội dung và giá trị được chấp nhận"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for column in columns:
        text = column.help
        if column.labels:
            accepted = "; ".join(f"{label} (hoặc {code})" for code, label in column.labels.items())
            text = f"{text} Giá trị: {accepted}.".strip()
        sheet_append(guide, [column.header, YES if column.required else "", text])
        guide.cell(row=guide.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100
