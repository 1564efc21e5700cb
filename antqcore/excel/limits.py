"""The limits of an import. A workbook is a zip of XML that openpyxl expands as declared: a few KB may declare 20.000
rows of 16.384 columns, a cell at row 1.000.000, millions of elements or a part of gigabytes. So the file is measured
before openpyxl opens it (its size, the unpacked size its zip directory declares, the rows, cells and elements its XML
holds, counted without parsing), then the rows and cells its sheet declares; and it is bounded while it is read (a run
of empty rows ends the sheet, a deadline ends the reading). The limits are settings (ANTQ_IMPORT_*, see
config/settings/base.py)."""

import io
import re
import time
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _


class WorkbookRefused(Exception):
    """A file refused by one of the limits; the message says which, and what to do."""


def _number(value) -> str:
    """A limit or a size as the user's language writes numbers (20.000, 0,5)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return number_format(value, force_grouping=True)


def not_a_workbook() -> str:
    return _("The file is not an Excel workbook (.xlsx). Save it as .xlsx and upload it again.")


def upload_too_large(size: int) -> str | None:
    """The message refusing an upload of `size` bytes, or None. The upload page checks it before reading the upload,
    read_sheet again for every caller."""
    limit = settings.ANTQ_IMPORT_MAX_MB
    if size > limit * 1024 * 1024:
        return _("The file is larger than %(n)s MB.") % {"n": _number(limit)}
    return None


def check_package(file) -> None:
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
                raise WorkbookRefused(not_a_workbook())
            limit = settings.ANTQ_IMPORT_MAX_UNZIPPED_MB
            if sum(part.file_size for part in parts) > limit * 1024 * 1024:
                raise WorkbookRefused(_(
                    "Once unpacked, the Excel file is larger than %(n)s MB, far more than a data sheet needs. Copy "
                    "only your data into the template, save it as .xlsx and upload it again.") % {
                    "n": _number(limit)})
            _scan_parts(package)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError):
        raise WorkbookRefused(not_a_workbook()) from None
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
            raise WorkbookRefused(not_a_workbook())
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
            raise too_many_rows(names.get(name, name), tags.rows)
        if tags.cells > settings.ANTQ_IMPORT_MAX_CELLS:
            raise too_many_cells(names.get(name, name), tags.cells)
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


def too_many_rows(sheet_name: str, rows: int) -> WorkbookRefused:
    return WorkbookRefused(_(
        "The sheet “%(sheet)s” has %(rows)s rows, past the limit of %(n)s rows. Delete the empty rows under your "
        "data (select them, right-click, Delete) and upload the file again.") % {
        "sheet": sheet_name, "rows": _number(rows), "n": _number(settings.ANTQ_IMPORT_MAX_ROWS)})


def too_many_cells(sheet_name: str, cells: int) -> WorkbookRefused:
    return WorkbookRefused(_(
        "The sheet “%(sheet)s” has %(cells)s cells, past the limit of %(n)s cells. Delete the empty rows and "
        "columns around your data and upload the file again.") % {
        "sheet": sheet_name, "cells": _number(cells), "n": _number(settings.ANTQ_IMPORT_MAX_CELLS)})


def check_declared_size(sheet) -> None:
    """Refuses a sheet whose declared dimension (read from its XML, no cell read) passes the row or cell limit:
    openpyxl would hand over every row and column it declares."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > settings.ANTQ_IMPORT_MAX_ROWS:
        raise too_many_rows(sheet.title, rows)
    if rows * columns > settings.ANTQ_IMPORT_MAX_CELLS:
        raise too_many_cells(sheet.title, rows * columns)


class Deadline:
    """ANTQ_IMPORT_MAX_SECONDS from the upload, checked before each row (and its checks against the database)."""

    def __init__(self):
        self.seconds = settings.ANTQ_IMPORT_MAX_SECONDS
        self.at = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() >= self.at:
            raise WorkbookRefused(_(
                "Reading the file took more than %(n)s seconds and was stopped; nothing was written. Split the data "
                "into smaller files and upload them one by one.") % {"n": _number(self.seconds)})
