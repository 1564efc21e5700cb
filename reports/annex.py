"""The Excel annex of a report: every figure it froze, and the breakdowns by sub-area and by year.

Sheets (names and headers are fixed Vietnamese, like the registries' sheets): "Thông tin" (which report), "Số liệu"
(key, label, value, whether the value is known only as "more than", the rule it is counted by, how many records
the report kept for it and the address of those records), "Theo địa bàn", "Theo tỉnh cũ" (a period
across the 2025 reform) and "Theo năm" (the breakdown figures, see reports.selectors.breakdowns_compute). Values are
numbers, so that Excel can add them up."""

import datetime
import io
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from antqcore.excel.writing import sheet_append
from antqcore.records import figure_records_url
from antqcore.stats import figure_get

from .models import ReportRun
from .rendering import run_plain_texts

SHEET_INFO, SHEET_FIGURES, SHEET_BY_AREA, SHEET_BY_YEAR = "Thông tin", "Số liệu", "Theo địa bàn", "Theo năm"
SHEET_BY_FORMER = "Theo tỉnh cũ"
HEADER_FILL = PatternFill("solid", fgColor="8B1A1A")


def _label(run: ReportRun, key: str) -> str:
    labels = (run.breakdowns or {}).get("labels", {})
    if key in labels:
        return labels[key]
    try:
        return str(figure_get(key).label)
    except KeyError:
        return key


def _number_format(value) -> str:
    return "#,##0" if isinstance(value, int) else "#,##0.00"


def _header(sheet, headers: list[str], widths: list[int]) -> None:
    for index, (cell, width) in enumerate(zip(sheet_append(sheet, headers), widths, strict=True), start=1):
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"{'B' if len(headers) > 1 else 'A'}{sheet.max_row + 1}"


def _append_numbers(sheet, leading: list, values: list) -> None:
    cells = sheet_append(sheet, leading + values)
    for cell, value in zip(cells[len(leading):], values, strict=True):
        if isinstance(value, int | float):
            cell.number_format = _number_format(value)


def _info(book: Workbook, run: ReportRun) -> None:
    sheet = book.active
    sheet.title = SHEET_INFO
    texts = run_plain_texts(run)  # as the PDF prints them: tags rendered, never written out
    rows = [
        ("Báo cáo", texts["title"]),
        ("Trích yếu", texts["subtitle"]),
        ("Số", run.number),
        ("Địa bàn", f"{run.area.name} (mã {run.area.code})"),
        ("Theo bản đồ hành chính ngày", run.map_date),
        ("Từ ngày", run.period_start),
        ("Đến ngày", run.period_end),
        ("Phiên bản", run.version),
        ("Trạng thái", "Chính thức" if run.stage == "final" else "Dự thảo"),
        ("Số liệu tính lúc", timezone.localtime(run.heartbeat_at or timezone.now()).replace(tzinfo=None)),
    ]
    for label, value in rows:
        label_cell, cell = sheet_append(sheet, [label, value])
        if isinstance(value, datetime.datetime):
            cell.number_format = "DD/MM/YYYY HH:MM"
        elif isinstance(value, datetime.date):
            cell.number_format = "DD/MM/YYYY"
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        label_cell.font = Font(bold=True)
    sheet_append(sheet, [])
    sheet_append(sheet, ["Giá trị có đánh dấu “trên” là số tối thiểu (báo cáo ghi “trên …”)."])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100


def _rule(key: str) -> str:
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return figure_get(key).rule
    except KeyError:
        return ""


def _figures(book: Workbook, run: ReportRun) -> None:
    """One row a figure: its value, the rule it is counted by, how many records the report kept for it and the
    address of its "Nguồn số liệu" page (the records as they are now)."""
    sheet = book.create_sheet(SHEET_FIGURES)
    _header(sheet, ["Mã số liệu", "Nội dung", "Giá trị", "Trên", "Cách tính", "Số bản ghi", "Nguồn số liệu"],
            [38, 70, 16, 8, 90, 12, 60])
    more_than = set(run.more_than or [])
    kept = run.records or {}
    for key in sorted(run.figures or {}):
        link = settings.ANTQ_SITE_URL + figure_records_url(key, area=run.area, start=run.period_start,
                                                           end=run.period_end)
        cells = sheet_append(sheet, [key, _label(run, key), run.figures[key], "Có" if key in more_than else None,
                                     _rule(key), len(kept[key]["ids"]) if key in kept else None, link])
        if isinstance(run.figures[key], int | float):
            cells[2].number_format = _number_format(run.figures[key])
        cells[4].alignment = Alignment(wrap_text=True, vertical="top")
        if link.startswith(("http://", "https://")):
            cells[6].hyperlink = link


def _breakdown(book: Workbook, run: ReportRun, name: str, rows: list[dict], leading_headers: list[str],
               widths: list[int], leading: Callable[[dict], list]) -> None:
    keys = (run.breakdowns or {}).get("keys", [])
    if not rows or not keys:
        return
    sheet = book.create_sheet(name)
    _header(sheet, leading_headers + [_label(run, k) for k in keys], widths + [18] * len(keys))
    for row in rows:
        _append_numbers(sheet, leading(row), [row["figures"].get(k) for k in keys])


def annex_xlsx(run: ReportRun) -> bytes:
    """The annex of a run whose figures are frozen (run.figures, run.more_than, run.breakdowns)."""
    book = Workbook()
    _info(book, run)
    _figures(book, run)
    breakdowns = run.breakdowns or {}
    _breakdown(book, run, SHEET_BY_AREA, breakdowns.get("by_area", []), ["Mã", "Địa bàn"], [10, 30],
               lambda row: [row["code"], row["name"]])
    _breakdown(book, run, SHEET_BY_FORMER, breakdowns.get("by_former", []), ["Mã", "Địa bàn cũ"], [10, 30],
               lambda row: [row["code"], row["name"]])
    _breakdown(book, run, SHEET_BY_YEAR, breakdowns.get("by_year", []), ["Năm", "Từ ngày", "Đến ngày"], [8, 12, 12],
               lambda row: [row["year"], _day(row["start"]), _day(row["end"])])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _day(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")
