"""Units in Excel: the template, the export, and the import as a dry-run preview followed by an all-or-nothing commit.

One column list (COLUMNS) drives all three, so that an exported sheet can be edited and imported back. The sheet is
a Vietnamese file format: its headers and labels are fixed here rather than translated, so a sheet written under
one interface language reads back under the other. Messages shown to the user are translated as usual."""

import datetime
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from antqcore.models import Area, AreaLevel, User
from antqcore.scoping import area_in_scope, ensure_area_in_scope, scope_q, user_can_write
from antqcore.selectors import AreaNotFound, area_resolve, last_day_of_old_map

from .models import IndustrialZone, ManagingLevel, Unit, UnitKind, UnitStatus, UnitSubtype, search_key
from .services import StaleVersion, unit_check_rules, unit_create, unit_update

SHEET_UNITS, SHEET_GUIDE, SHEET_LISTS = "Đơn vị", "Hướng dẫn", "Danh mục"
MAX_ROWS = 5000
YES, NO = "Có", "Không"

KIND_LABELS = {UnitKind.AGENCY: "Cơ quan", UnitKind.ENTERPRISE: "Doanh nghiệp", UnitKind.SCHOOL: "Nhà trường"}
SUBTYPE_LABELS = {
    UnitSubtype.STATE_AGENCY: "Cơ quan nhà nước",
    UnitSubtype.PUBLIC_SERVICE: "Đơn vị sự nghiệp công lập",
    UnitSubtype.HOSPITAL: "Bệnh viện, cơ sở y tế",
    UnitSubtype.BANK: "Ngân hàng, kho bạc",
    UnitSubtype.STATE_ENTERPRISE: "Doanh nghiệp nhà nước",
    UnitSubtype.PRIVATE_ENTERPRISE: "Doanh nghiệp ngoài nhà nước",
    UnitSubtype.FDI_ENTERPRISE: "Doanh nghiệp có vốn đầu tư nước ngoài (FDI)",
    UnitSubtype.HIGHER_EDUCATION: "Đại học, cao đẳng, trường nghề",
    UnitSubtype.UPPER_SECONDARY: "Trường trung học phổ thông",
    UnitSubtype.LOWER_SECONDARY: "Trường trung học cơ sở",
    UnitSubtype.OTHER: "Khác",
}
LEVEL_LABELS = {ManagingLevel.PROVINCE: "Tỉnh", ManagingLevel.DISTRICT: "Huyện", ManagingLevel.COMMUNE: "Xã"}
STATUS_LABELS = {UnitStatus.ACTIVE: "Đang hoạt động", UnitStatus.SUSPENDED: "Tạm ngừng hoạt động",
                 UnitStatus.DISSOLVED: "Đã giải thể"}


@dataclass(frozen=True, eq=False)
class Column:
    header: str
    field: str  # a Unit field, or "id"
    kind: str = "text"  # text, int, year, date, bool, choice, commune, zone, id
    required: bool = False
    labels: dict | None = None  # choice columns: code -> label written in the sheet
    help: str = ""
    width: int = 16
    default: Any = None  # what an empty cell means, when not the kind's usual blank


COLUMNS = [
    Column("Mã hệ thống", "id", "id", width=12, help="Để trống khi thêm đơn vị mới. Giữ nguyên số có sẵn "
           "(trong tệp xuất từ hệ thống) để sửa đơn vị đó: mọi cột của dòng sẽ thay thế dữ liệu cũ."),
    Column("Tên đơn vị", "name", required=True, width=40, help="Tên đầy đủ của cơ quan, doanh nghiệp, nhà trường."),
    Column("Loại", "kind", "choice", True, KIND_LABELS),
    Column("Phân loại", "subtype", "choice", True, SUBTYPE_LABELS, "Phải phù hợp với cột Loại.", width=28),
    Column("Quốc gia đầu tư", "investor_country", help="Bắt buộc với doanh nghiệp FDI."),
    Column("Mã số thuế", "tax_code", help="Mã số thuế hoặc mã số đăng ký; không được trùng với đơn vị khác."),
    Column("Mã xã/phường", "commune", "commune", True, help="Mã 5 chữ số của xã, phường, thị trấn (ví dụ 07759), "
           "theo bản đồ hành chính hiện hành hoặc bản đồ trước ngày 01/07/2025."),
    Column("Địa chỉ", "address", width=36),
    Column("Cấp quản lý", "managing_level", "choice", True, LEVEL_LABELS),
    Column("Cơ quan chủ quản", "managing_body", width=28),
    Column("Số cán bộ", "staff_count", "int", help="Số nguyên không âm; để trống là 0."),
    Column("Số công nhân", "worker_count", "int", help="Số nguyên không âm; để trống là 0."),
    Column("Số học sinh", "student_count", "int", help="Số nguyên không âm; để trống là 0."),
    Column("Năm số liệu", "headcount_year", "year", help="Năm của các số liệu trên, ví dụ 2025."),
    Column("Có tổ chức Đảng", "has_party_organisation", "bool", help="Có hoặc Không; để trống là Không."),
    Column("KCN/CCN", "zone", "zone", width=28, help="Tên khu hoặc cụm công nghiệp đã có trong hệ thống; "
           "để trống nếu đơn vị không nằm trong KCN/CCN."),
    Column("Trạng thái", "status", "choice", False, STATUS_LABELS, "Để trống là Đang hoạt động.",
           default=UnitStatus.ACTIVE),
    Column("Hoạt động từ", "started_on", "date", help="Ngày dạng dd/mm/yyyy."),
    Column("Ngày giải thể", "dissolved_on", "date", help="Ngày dạng dd/mm/yyyy; chỉ điền khi đơn vị đã giải thể."),
    Column("Người liên hệ", "contact_person", width=24),
    Column("Điện thoại", "phone"),
    Column("Email", "email", width=24),
]
HEADERS = [c.header for c in COLUMNS]
HEADER_BY_FIELD = {c.field: c.header for c in COLUMNS}
TEXT_COLUMNS = {"id", "text", "commune"}  # kept as text in Excel so that codes keep their leading zeros
BLANKS = {"int": 0, "bool": False, "text": ""}  # other kinds: None


@dataclass
class RowResult:
    row_number: int  # as Excel numbers it, so the user can find it
    action: str  # "create" or "update"
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, message)
    values: dict[str, str] = field(default_factory=dict)  # the cells as written, for the preview
    unit: Unit | None = None  # the unit an "update" row changes

    @property
    def cells(self) -> list[tuple[str, list[str]]]:
        """(value, messages) for each column, in sheet order."""
        return [(self.values.get(h, ""), [m for eh, m in self.errors if eh == h]) for h in HEADERS]


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


def commune_for_code(code: str, *, user: User, current: Area | None = None) -> Area | None:
    """The commune a sheet means by `code`. Commune codes were reused by the 1 July 2025 reform, so:
    - an unchanged code on an update keeps the unit's commune (a round trip must not move it to the other map);
    - otherwise look the code up on today's map, then on 30/06/2025, the last day of the old map;
    - where both maps have the code, prefer the commune inside the user's area (an officer of an old district
      writes the old codes); if neither is, return the first so that the caller reports it as out of area."""
    if current is not None and current.code == code:
        return current
    found = []
    for day in (timezone.localdate(), last_day_of_old_map()):
        try:
            area = area_resolve(code=code, on=day)
        except AreaNotFound:
            continue
        if area.level == AreaLevel.COMMUNE:
            found.append(area)
    return next((a for a in found if area_in_scope(user, a)), found[0] if found else None)


# --- Writing workbooks ---------------------------------------------------------------------------------------------

def units_template_workbook() -> bytes:
    return _workbook([])


def units_export_workbook(queryset: QuerySet[Unit]) -> bytes:
    return _workbook(queryset.select_related("commune", "zone"))


def _workbook(units) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_UNITS
    sheet.append(HEADERS)
    for unit in units:
        sheet.append([_export_value(column, unit) for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind in TEXT_COLUMNS or column.field in ("tax_code", "phone"):
            sheet.column_dimensions[letter].number_format = "@"
        if column.kind == "date":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "DD/MM/YYYY"
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="8B1A1A")
    sheet.freeze_panes = "C2"
    _add_dropdowns(book, sheet)
    _add_guide(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _export_value(column: Column, unit: Unit):
    if column.kind == "id":
        return unit.pk
    value = getattr(unit, column.field)
    if column.kind == "choice":
        return column.labels.get(value, value)
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "commune":
        return value.code
    if column.kind == "zone":
        return value.name if value else None
    return value


def _add_dropdowns(book: Workbook, sheet) -> None:
    """Lists on a hidden sheet, referenced by the dropdowns (inline lists cannot hold commas). A dropdown only
    suggests: a code typed instead of a label is still accepted."""
    lists = book.create_sheet(SHEET_LISTS)
    lists.sheet_state = "hidden"
    choices = {c.header: list(c.labels.values()) for c in COLUMNS if c.labels}
    choices[HEADER_BY_FIELD["has_party_organisation"]] = [YES, NO]
    choices[HEADER_BY_FIELD["zone"]] = list(IndustrialZone.objects.order_by("name").values_list("name", flat=True))
    for list_index, (header, values) in enumerate(choices.items(), start=1):
        if not values:
            continue
        list_letter = get_column_letter(list_index)
        lists.cell(row=1, column=list_index, value=header)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=list_index, value=value)
        validation = DataValidation(type="list", allow_blank=True,
                                    formula1=f"'{SHEET_LISTS}'!${list_letter}$2:${list_letter}${len(values) + 1}")
        letter = get_column_letter(HEADERS.index(header) + 1)
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)


def _add_guide(book: Workbook) -> None:
    guide = book.create_sheet(SHEET_GUIDE)
    for line in [
        "Hướng dẫn nhập danh sách cơ quan, doanh nghiệp, nhà trường",
        f"Mỗi dòng của trang “{SHEET_UNITS}” là một đơn vị; giữ nguyên dòng tiêu đề.",
        "Để trống cột Mã hệ thống để thêm đơn vị mới; điền Mã hệ thống (có sẵn trong tệp xuất) để sửa đơn vị đó.",
        "Hệ thống kiểm tra toàn bộ tệp và hiện kết quả trước khi ghi; chỉ cần một dòng lỗi thì không dòng nào "
        "được ghi.",
        "",
    ]:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append(["Cột", "Bắt buộc", "Nội dung và giá trị được chấp nhận"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        text = column.help
        if column.labels:
            accepted = "; ".join(f"{label} (hoặc {code})" for code, label in column.labels.items())
            text = f"{text} Giá trị: {accepted}.".strip()
        guide.append([column.header, YES if column.required else "", text])
        guide.cell(row=guide.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    guide.column_dimensions["A"].width = 20
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100


# --- Reading a sheet -----------------------------------------------------------------------------------------------

def units_import_preview(*, file, user: User) -> ImportResult:
    """Read and check every row of an uploaded .xlsx without writing anything."""
    result = ImportResult()
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # whatever openpyxl cannot open, the user needs the same advice
        result.errors.append(_("The file is not an Excel workbook (.xlsx). Save it as .xlsx and upload it again."))
        return result
    try:
        sheet = book[SHEET_UNITS] if SHEET_UNITS in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        positions = {search_key(str(value)): i for i, value in enumerate(next(rows, ())) if not _blank(value)}
        missing = [c.header for c in COLUMNS if c.kind != "id" and search_key(c.header) not in positions]
        if missing:
            result.errors.append(
                _("The first row does not have the template's columns (missing: %(columns)s). Download the "
                  "template and copy your data into it.") % {"columns": ", ".join(missing)})
            return result
        index = {c.header: positions[search_key(c.header)] for c in COLUMNS if search_key(c.header) in positions}
        reader = _RowReader(user)
        for number, cells in enumerate(rows, start=2):
            if all(_blank(value) for value in cells):
                continue
            if len(result.rows) == MAX_ROWS:
                result.errors.append(_("A file can hold at most %(n)s units.") % {"n": MAX_ROWS})
                break
            values = {header: cells[i] if i < len(cells) else None for header, i in index.items()}
            result.rows.append(reader.read(number, values))
    finally:
        book.close()
    if not result.rows and not result.errors:
        result.errors.append(_("The sheet has no units: fill in the rows under the headers."))
    return result


class _RowReader:
    """Parses rows one by one, remembering what earlier rows hold so that duplicates within the sheet show."""

    def __init__(self, user: User):
        self.user = user
        self.communes: dict[tuple, Area | None] = {}
        self.zones: dict[str, list[IndustrialZone]] = {}
        for zone in IndustrialZone.objects.all():
            self.zones.setdefault(search_key(zone.name), []).append(zone)
        self.seen: dict[tuple, int] = {}  # (what, key) -> first row holding it

    def read(self, number: int, cells: dict[str, Any]) -> RowResult:
        row = RowResult(row_number=number, action="create", values={h: _display(v) for h, v in cells.items()})
        for column in COLUMNS:
            if column.header not in cells:
                continue  # only the optional id column can be absent
            try:
                value = self.parse(column, cells[column.header], row)
            except ValidationError as exc:
                row.errors.append((column.header, exc.messages[0]))
                continue
            if column.kind != "id":
                row.data[column.field] = value
            elif value is not None:
                row.unit, row.action = value, "update"
        self.check(row)
        return row

    def parse(self, column: Column, raw, row: RowResult):
        if _blank(raw):
            if column.required:
                raise ValidationError(_("This column is required."))
            return column.default if column.default is not None else BLANKS.get(column.kind)
        text = _display(raw).strip()
        if column.kind == "text":
            Unit._meta.get_field(column.field).run_validators(text)  # length, e-mail
            return text
        if column.kind == "int":
            number = _to_int(raw)
            if number >= 0:  # a negative count is the registry rule's to report
                Unit._meta.get_field(column.field).run_validators(number)
            return number
        if column.kind == "year":
            year = _to_int(raw)
            if not 1900 <= year <= 2100:
                raise ValidationError(_("Give a year such as 2025."))
            return year
        if column.kind == "date":
            return _to_date(raw)
        if column.kind == "bool":
            return _to_bool(raw)
        if column.kind == "choice":
            by_key = {search_key(label): code for code, label in column.labels.items()} | {
                str(code): code for code in column.labels}
            if search_key(text) not in by_key:
                raise ValidationError(_("Unknown value “%(value)s”: see the accepted values in the guide sheet.")
                                      % {"value": text})
            return by_key[search_key(text)]
        if column.kind == "commune":
            return self.commune(text.zfill(5) if text.isdigit() else text, row)  # 7759 typed as a number
        if column.kind == "zone":
            zones = self.zones.get(search_key(text), [])
            if len(zones) != 1:
                raise ValidationError(_("No single industrial zone or cluster is named “%(name)s”.") % {"name": text})
            return zones[0]
        return self.unit(_to_int(raw))

    def commune(self, code: str, row: RowResult) -> Area:
        current = row.unit.commune if row.unit else None
        key = (code, current.pk if current else None)
        if key not in self.communes:
            self.communes[key] = commune_for_code(code, user=self.user, current=current)
        if self.communes[key] is None:
            raise ValidationError(_("No commune has the code %(code)s.") % {"code": code})
        return self.communes[key]

    def unit(self, pk: int) -> Unit:
        # A unit outside the user's area is reported as missing, so that the import does not reveal it exists.
        unit = Unit.objects.alive().filter(scope_q(self.user, "commune"), pk=pk).select_related("commune").first()
        if unit is None:
            raise ValidationError(_("There is no unit no. %(id)s in your area.") % {"id": pk})
        return unit

    def check(self, row: RowResult) -> None:
        """Rules across columns: the area, duplicates within the sheet, then the registry's own rules."""
        data = row.data
        commune = data.get("commune")
        if commune is not None and not area_in_scope(self.user, commune):
            row.errors.append((HEADER_BY_FIELD["commune"], _("%(commune)s is outside your area.") % {
                "commune": commune.name}))
        keys = [("id", row.unit.pk if row.unit else None, _("This unit is already on row %(row)s.")),
                ("tax_code", data.get("tax_code"), _("The same tax code is already on row %(row)s.")),
                ("name", (commune.pk, search_key(data.get("name"))) if commune and data.get("name") else None,
                 _("A unit of the same name in the same commune is already on row %(row)s."))]
        for what, key, message in keys:
            if key and (what, key) in self.seen:
                row.errors.append((HEADER_BY_FIELD[what], message % {"row": self.seen[what, key]}))
            elif key:
                self.seen[what, key] = row.row_number
        try:
            unit_check_rules(data=data, instance=row.unit)
        except ValidationError as exc:
            failed = {header for header, _message in row.errors}  # one message per cell is enough
            row.errors += [(h, m) for h, m in _rule_errors(exc) if h not in failed]


def _rule_errors(exc: ValidationError) -> list[tuple[str, str]]:
    if not hasattr(exc, "error_dict"):
        return [("", message) for message in exc.messages]
    return [(HEADER_BY_FIELD.get(name, ""), messages[0]) for name, messages in exc.message_dict.items()]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _to_int(value) -> int:
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


def _to_date(value) -> datetime.date:
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


def _to_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    key = search_key(str(value))
    if key in ("co", "x", "1", "true"):
        return True
    if key in ("khong", "0", "false"):
        return False
    raise ValidationError(_("Write %(yes)s or %(no)s.") % {"yes": YES, "no": NO})


# --- Committing ----------------------------------------------------------------------------------------------------

def units_import_commit(*, result: ImportResult, user: User) -> int:
    """Write every row of a checked sheet, or none. Each row goes through unit_create / unit_update, which check
    the registry's rules again against what is in the database now (someone may have registered the same unit
    since the preview); the first failure anywhere rolls the whole import back. Returns the number of rows
    written; raises ImportRejected with the errors by row."""
    if not user_can_write(user):
        raise PermissionDenied
    if not result.ok:
        raise ImportRejected(result)
    with transaction.atomic():
        for row in result.rows:
            _write(row, user)
        if not result.ok:
            raise ImportRejected(result)  # leaving the atomic block by an exception undoes every row
    return len(result.rows)


def _write(row: RowResult, user: User) -> None:
    commune_header = HEADER_BY_FIELD["commune"]
    try:
        ensure_area_in_scope(user, row.data["commune"])
        if row.unit is None:
            unit_create(data=row.data)
        else:
            ensure_area_in_scope(user, row.unit.commune)
            unit_update(unit=row.unit, data=row.data, expected_version=row.unit.version)
    except ValidationError as exc:
        row.errors += _rule_errors(exc)
    except PermissionDenied as exc:
        row.errors.append((commune_header, str(exc)))
    except StaleVersion:
        row.errors.append((HEADER_BY_FIELD["id"], _("Someone changed this unit after the file was checked: "
                                                    "export it again.")))
    except IntegrityError:  # unit_create / unit_update run in a savepoint, so the import can go on reporting
        row.errors.append(("", _("The registry refused this row: it duplicates a unit saved meanwhile.")))
