"""Writing sheets: the template and the export of a registry (styled headers, number formats, dropdowns, a guide
sheet), and the formula-safe cell writer that every sheet the system writes goes through."""

import datetime
import decimal
import io
from collections.abc import Iterable

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .cells import NO, YES, Column

SHEET_GUIDE, SHEET_LISTS = "Hướng dẫn", "Danh mục"
TEXT_KINDS = {"id", "text", "commune", "area", "code"}  # kept as text in Excel so that codes keep leading zeros

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
