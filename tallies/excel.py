"""Tally values in Excel, on the shared machinery of antqcore/excel/: the template, the export of a list of values,
and the import as a dry-run preview followed by an all-or-nothing commit.

Long format, one row per value: the body's code, the period ("Quý 3/2019", "Tháng 7/2019", "Năm 2019" or
"2019-Q3"), the indicator's code, the value (1.200; "trên 80.000" or ">80000" for a value known only as "more
than"), a note, and optionally the area's official code (by default the body's own area). An exported sheet imports
back unchanged. Every row is saved through tally_save, which checks the scope and the rules again."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from antqcore.excel.areas import AreaCodes
from antqcore.excel.cells import Column
from antqcore.excel.commit import commit_all
from antqcore.excel.reading import ImportResult, RowResult, SheetReader, add_rule_errors, read_sheet
from antqcore.excel.writing import export_value, write_workbook
from antqcore.models import AreaLevel, User

from .models import Indicator, ReportingBody, TallyValue
from .periods import period_containing, period_parse
from .selectors import body_can_write
from .services import GRID_FIELDS, Cell, tally_check, tally_save, value_parse

SHEET = "Số liệu"
MAX_ROWS = 5000

COLUMNS = [
    Column("Mã cơ quan báo cáo", "body", "body", True, width=20,
           help="Mã của cơ quan, đơn vị báo cáo (xem danh sách trong danh mục, hoặc trên trang nhập số liệu)."),
    Column("Kỳ báo cáo", "period", "period", True, width=16,
           help="Quý 3/2019, Tháng 7/2019, Năm 2019 (hoặc 2019-Q3, 2019-07, 2019), theo kỳ báo cáo của cơ quan."),
    Column("Mã chỉ tiêu", "indicator", "indicator", True, width=28,
           help="Mã của chỉ tiêu; chỉ tiêu phải thuộc bộ chỉ tiêu cơ quan báo cáo."),
    Column("Giá trị", "value", "tally_value", True, width=16,
           help="Số không âm, viết 1.200 hoặc 1200; số chỉ biết là “trên” một mức thì viết “trên 80.000” hoặc "
                "“>80000”."),
    Column("Ghi chú", "note", width=40),
    Column("Mã địa bàn", "area", "area", width=12,
           help="Mã của tỉnh, huyện hoặc xã mà số liệu thuộc về; để trống là địa bàn của cơ quan báo cáo."),
]
# Written by the export for the reader; an import ignores them.
EXPORT_ONLY = [
    Column("Tên cơ quan báo cáo", "body_name", width=40, help="Chỉ để đọc; khi nhập, hệ thống bỏ qua cột này."),
    Column("Tên chỉ tiêu", "indicator_name", width=50, help="Chỉ để đọc; khi nhập, hệ thống bỏ qua cột này."),
    Column("Đơn vị tính", "unit_of_measure", width=14, help="Chỉ để đọc; khi nhập, hệ thống bỏ qua cột này."),
]
HEADERS = [c.header for c in COLUMNS]
HEADER_BY_FIELD = {c.field: c.header for c in COLUMNS}
GUIDE_TITLE = "Hướng dẫn nhập số liệu định kỳ của phong trào toàn dân bảo vệ ANTQ"
GUIDE_LINES = [
    f"Mỗi dòng của trang “{SHEET}” là một số liệu: một chỉ tiêu của một cơ quan báo cáo trong một kỳ; giữ nguyên "
    "dòng tiêu đề.",
    "Số liệu đã có của cùng cơ quan, địa bàn, kỳ và chỉ tiêu được thay bằng giá trị mới.",
    "Chỉ nhập được số liệu của cơ quan báo cáo thuộc địa bàn của người nhập.",
]


# --- Writing workbooks ---------------------------------------------------------------------------------------------

def tallies_template_workbook() -> bytes:
    return _workbook(COLUMNS, [])


def tallies_export_workbook(values: QuerySet[TallyValue]) -> bytes:
    columns = COLUMNS + EXPORT_ONLY
    rows = values.select_related("indicator", "body__area", "area")
    return _workbook(columns, ([export_value(c, _value(c, v)) for c in columns] for v in rows))


def _workbook(columns: list[Column], rows) -> bytes:
    lists = {HEADER_BY_FIELD["body"]: list(ReportingBody.objects.filter(active=True).order_by("code")
                                           .values_list("code", flat=True)),
             HEADER_BY_FIELD["indicator"]: list(Indicator.objects.filter(active=True).order_by("order", "code")
                                                .values_list("code", flat=True))}
    return write_workbook(sheet_name=SHEET, columns=columns, rows=rows, guide_title=GUIDE_TITLE,
                          guide_lines=GUIDE_LINES, lists=lists, freeze="D2", max_rows=MAX_ROWS)


def _value(column: Column, value: TallyValue):
    match column.field:
        case "body":
            return value.body.code
        case "period":
            return period_containing(value.period_type, value.period_start).sheet_label
        case "indicator":
            return value.indicator.code
        case "value":
            return _sheet_value(value)
        case "area":
            return "" if value.area_id == value.body.area_id else value.area.code
        case "body_name":
            return value.body.name
        case "indicator_name":
            return value.indicator.name
        case "unit_of_measure":
            return value.indicator.unit_of_measure
    return getattr(value, column.field)


def _sheet_value(value: TallyValue):
    """A number cell, or the text "trên 80.000" for a value known only as "more than"."""
    if value.more_than:
        return f"trên {_grouped(value.value)}"
    return export_value(COLUMNS[3], value.value)


def _grouped(number) -> str:
    """80.000 as Vietnamese write it, whatever the interface language."""
    whole = int(number)
    text = f"{whole:,}".replace(",", ".")
    fraction = number - whole
    return text + (f",{str(fraction.normalize()).split('.')[1]}" if fraction else "")


# --- Reading a sheet -----------------------------------------------------------------------------------------------

def tallies_import_preview(*, file, user: User) -> ImportResult:
    """Read and check every row of an uploaded .xlsx without writing anything."""
    return read_sheet(file=file, sheet_name=SHEET, columns=COLUMNS, read_row=_RowReader(user).read, max_rows=MAX_ROWS,
                      empty_message=_("The sheet has no values: fill in the rows under the headers."),
                      too_many_message=_("A file can hold at most %(n)s values.") % {"n": MAX_ROWS})


class _RowReader(SheetReader):
    columns = COLUMNS
    model = TallyValue

    def __init__(self, user: User):
        super().__init__(user)
        self.bodies = {b.code.lower(): b for b in ReportingBody.objects.select_related("area")}
        self.indicators = {i.code.lower(): i for i in Indicator.objects.all()}
        self.areas = AreaCodes(user=user, levels=[AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.COMMUNE])
        self.data_sets: dict[int, set[int]] = {}
        # The valid rows so far, by grid, so that the rules see the sheet's earlier rows of the same grid.
        self.grids: dict[tuple, dict[str, Cell]] = {}

    def parse_own(self, column: Column, text: str, raw, row: RowResult):
        if column.kind == "body":
            if text.lower() not in self.bodies:
                raise ValidationError(_("There is no reporting body with the code “%(code)s”.") % {"code": text})
            return self.bodies[text.lower()]
        if column.kind == "indicator":
            if text.lower() not in self.indicators:
                raise ValidationError(_("There is no indicator with the code “%(code)s”.") % {"code": text})
            return self.indicators[text.lower()]
        if column.kind == "period":
            return period_parse(text)
        if column.kind == "tally_value":
            return value_parse(raw)
        area = self.areas.get(text)
        if area is None:
            raise ValidationError(_("No province, district or commune has the code %(code)s.") % {"code": text})
        return area

    def check(self, row: RowResult) -> None:
        """Rules across columns: the scope, the body's data set and period, the same value twice, the rules."""
        data = row.data
        body, period, indicator = data.get("body"), data.get("period"), data.get("indicator")
        if body is None or period is None or indicator is None or row.errors:
            return
        area = data.get("area") or body.area
        if not body_can_write(user=self.user, body=body):
            row.errors.append((HEADER_BY_FIELD["body"], _("%(body)s is outside your area.") % {"body": body.name}))
            return
        self.seen.check(row, HEADER_BY_FIELD["indicator"], (body.pk, area.pk, period, indicator.pk),
                        _("This value is already on row %(row)s."))
        value, more_than = data["value"]
        cell = Cell(value, more_than, data.get("note") or "")
        grid = self.grids.setdefault((body.pk, area.pk, period), {})
        errors = tally_check(body=body, area=area, period_type=period.type, period_start=period.start,
                             cells=grid | {indicator.code: cell})
        for key, messages in errors.items():
            row.errors.append((_header(key), messages[0]))
        if not row.errors:
            grid[indicator.code] = cell


def _header(key: str) -> str:
    """The column of a service error: the grid's fields have theirs, an indicator's error is about its value."""
    return {"body": HEADER_BY_FIELD["body"], "period": HEADER_BY_FIELD["period"],
            "area": HEADER_BY_FIELD["area"]}.get(key, HEADER_BY_FIELD["value"])


# --- Committing ----------------------------------------------------------------------------------------------------

def tallies_import_commit(*, result: ImportResult, user: User) -> int:
    """Write every row of a checked sheet, or none, each through tally_save."""

    def write_row(row: RowResult) -> None:
        data = row.data
        body, period, indicator = data["body"], data["period"], data["indicator"]
        value, more_than = data["value"]
        try:
            tally_save(body=body, area=data.get("area") or body.area, period_type=period.type,
                       period_start=period.start, values={indicator.code: Cell(value, more_than, data.get("note"))},
                       actor=user)
        except ValidationError as exc:
            add_rule_errors(row, exc, {key: _header(key) for key in [*GRID_FIELDS, *getattr(exc, "error_dict", {})]})
        except PermissionDenied as exc:
            row.errors.append((HEADER_BY_FIELD["body"], str(exc)))

    return commit_all(result=result, user=user, write_row=write_row)
