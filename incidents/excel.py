"""Incidents in Excel, on the shared machinery of antqcore/excel/: the template, the export of a list, and the import
as a dry-run preview followed by an all-or-nothing commit.

One column list (COLUMNS) drives the three, so that an exported sheet can be edited and imported back; the export
adds a few columns for the reader (the unit's name, the area's name, whether the incident is serious), which an
import ignores. Units are written by tax code (or, without one, by system number); areas by official code, read on
the map of the incident's date. Headers and labels are fixed Vietnamese; messages to the user are translated."""

import datetime
from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from antqcore.excel.areas import AreaCodes
from antqcore.excel.cells import Column, display, parse_common, to_date, to_int
from antqcore.excel.commit import commit_all
from antqcore.excel.reading import ImportResult, RowResult, SeenKeys, add_rule_errors, new_row, read_cells, read_sheet
from antqcore.excel.writing import export_value, write_workbook
from antqcore.models import Area, AreaLevel, User
from antqcore.scoping import area_in_scope
from antqcore.selectors import AreaNotFound, area_resolve
from antqcore.text import search_key
from units.excel import UnitReferences, unit_reference
from units.models import Unit

from .models import Incident, IncidentType
from .selectors import incidents_visible
from .services import incident_check_rules, incident_create, incident_fill_defaults, incident_update

SHEET = "Vụ việc"
MAX_ROWS = 5000
COUNT_HELP = "Số nguyên không âm; để trống là 0."
UNIT_HELP = ("Mã số thuế của đơn vị, hoặc Mã hệ thống của đơn vị nếu đơn vị không có mã số thuế; để trống nếu vụ "
             "việc không xảy ra trong đơn vị nào.")

COLUMNS = [
    Column("Mã hệ thống", "id", "id", width=12, help="Để trống khi thêm vụ việc mới. Giữ nguyên số có sẵn (trong "
           "tệp xuất từ hệ thống) để sửa vụ việc đó: mọi cột của dòng sẽ thay thế dữ liệu cũ."),
    Column("Loại vụ việc", "type", "type", True, width=34, help="Tên hoặc mã của loại vụ việc."),
    Column("Ngày giờ xảy ra", "occurred_at", "datetime", True, width=18,
           help="Dạng dd/mm/yyyy hh:mm, hoặc chỉ ngày dd/mm/yyyy; không được sau thời điểm hiện tại."),
    Column("Đơn vị", "unit", "unit", width=18, help=UNIT_HELP),
    Column("Mã xã/phường", "area", "area", help="Mã 5 chữ số của xã, phường, thị trấn nơi xảy ra vụ việc (hoặc mã 3 "
           "chữ số của huyện), theo bản đồ hành chính tại ngày xảy ra. Để trống thì lấy xã, phường của đơn vị."),
    Column("Nội dung", "description", width=50),
    Column("Cán bộ, công chức", "cadres", "int", help=f"Số người liên quan. {COUNT_HELP}"),
    Column("Viên chức", "public_employees", "int", help=f"Số người liên quan. {COUNT_HELP}"),
    Column("Công nhân, người lao động", "workers", "int", help=f"Số người liên quan. {COUNT_HELP}"),
    Column("Học sinh, sinh viên", "students", "int", help=f"Số người liên quan. {COUNT_HELP}"),
    Column("Người ngoài", "outsiders", "int", help=f"Số người liên quan không thuộc đơn vị. {COUNT_HELP}"),
    Column("Số người chết", "deaths", "int", help=COUNT_HELP),
    Column("Số người bị thương", "injuries", "int", help=COUNT_HELP),
    Column("Thiệt hại (đồng)", "damage_vnd", "int", width=18, help=COUNT_HELP),
    Column("Đã báo cáo", "reported", "bool", help="Có hoặc Không; để trống là Có.", default=True),
    Column("Đã xác minh", "verified", "bool", help="Có hoặc Không; để trống là Không."),
    Column("Đã khởi tố", "prosecuted", "bool", help="Có hoặc Không; để trống là Không."),
    Column("Số bị can", "defendants", "int", help="Chỉ điền khi đã khởi tố (ít nhất 1)."),
    Column("Xử phạt hành chính", "fined", "bool", help="Có hoặc Không; để trống là Không."),
    Column("Số tiền phạt (đồng)", "fine_vnd", "int", width=18, help="Chỉ điền khi có xử phạt hành chính."),
    Column("Từ tin báo của nhân dân", "from_public_tip", "bool", help="Có hoặc Không; để trống là Không."),
]
# Written by the export for the reader; an import ignores them.
EXPORT_ONLY = [
    Column("Tên đơn vị", "unit_name", width=40, help="Chỉ để đọc; khi nhập, hệ thống bỏ qua cột này."),
    Column("Địa bàn", "area_name", width=36, help="Chỉ để đọc; khi nhập, hệ thống bỏ qua cột này."),
    Column("Nghiêm trọng", "serious", "bool", help="Hệ thống tự xác định theo quy tắc của loại vụ việc; khi nhập, "
           "hệ thống bỏ qua cột này."),
]
HEADERS = [c.header for c in COLUMNS]
HEADER_BY_FIELD = {c.field: c.header for c in COLUMNS}
GUIDE_TITLE = "Hướng dẫn nhập danh sách vụ việc về ANTT trong cơ quan, doanh nghiệp, nhà trường"
GUIDE_LINES = [
    f"Mỗi dòng của trang “{SHEET}” là một vụ việc; giữ nguyên dòng tiêu đề.",
    "Để trống cột Mã hệ thống để thêm vụ việc mới; điền Mã hệ thống (có sẵn trong tệp xuất) để sửa vụ việc đó.",
    "Đơn vị và xã, phường phải thuộc địa bàn của người nhập.",
]


# --- Writing workbooks ---------------------------------------------------------------------------------------------

def incidents_template_workbook() -> bytes:
    return _workbook(COLUMNS, [])


def incidents_export_workbook(incidents: QuerySet[Incident]) -> bytes:
    columns = COLUMNS + EXPORT_ONLY
    rows = incidents.select_related("type", "unit", "area__parent")
    return _workbook(columns, ([export_value(c, _value(c, incident)) for c in columns] for incident in rows))


def _workbook(columns: list[Column], rows) -> bytes:
    types = list(IncidentType.objects.order_by("order", "name"))
    type_help = "; ".join(f"{t.name} (hoặc {t.code})" for t in types)
    guide_columns = [replace(c, help=f"{c.help} Giá trị: {type_help}.") if c.kind == "type" else c for c in columns]
    return write_workbook(sheet_name=SHEET, columns=guide_columns, rows=rows, guide_title=GUIDE_TITLE,
                          guide_lines=GUIDE_LINES, lists={HEADER_BY_FIELD["type"]: [t.name for t in types]},
                          freeze="C2", max_rows=MAX_ROWS)


def _value(column: Column, incident: Incident):
    if column.kind == "id":
        return incident.pk
    if column.field == "type":
        return incident.type.name
    if column.field == "occurred_at":
        return timezone.localtime(incident.occurred_at)
    if column.field == "unit":
        return unit_reference(incident.unit) if incident.unit else None
    if column.field == "unit_name":
        return incident.unit.name if incident.unit else None
    if column.field == "area":
        return incident.area.code
    if column.field == "area_name":
        return str(incident.area) + (f", {incident.area.parent}" if incident.area.parent else "")
    return getattr(incident, column.field)


# --- Reading a sheet -----------------------------------------------------------------------------------------------

def incidents_import_preview(*, file, user: User) -> ImportResult:
    """Read and check every row of an uploaded .xlsx without writing anything."""
    reader = _RowReader(user)
    return read_sheet(file=file, sheet_name=SHEET, columns=COLUMNS, read_row=reader.read, max_rows=MAX_ROWS,
                      empty_message=_("The sheet has no incidents: fill in the rows under the headers."),
                      too_many_message=_("A file can hold at most %(n)s incidents.") % {"n": MAX_ROWS})


def to_datetime(value) -> datetime.datetime:
    """A date and time as a sheet holds it (a date alone is midnight), in local time."""
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time.min)
    else:
        text = " ".join(str(value).split())
        for pattern in ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M",
                        "%Y-%m-%d %H:%M:%S", "%H:%M %d/%m/%Y"):
            try:
                moment = datetime.datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            try:
                moment = datetime.datetime.combine(to_date(text), datetime.time.min)
            except ValidationError:
                raise ValidationError(_("Write the date and time as dd/mm/yyyy hh:mm.")) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment.replace(microsecond=0), timezone.get_current_timezone())
    return moment


class _RowReader:
    """Parses rows one by one, remembering what earlier rows hold so that an incident changed twice shows."""

    def __init__(self, user: User):
        self.user = user
        self.types: dict[str, IncidentType] = {}
        for incident_type in IncidentType.objects.all():
            self.types[search_key(incident_type.name)] = self.types[search_key(incident_type.code)] = incident_type
        self.units = UnitReferences(user)
        self.codes = AreaCodes(user=user, levels=[AreaLevel.COMMUNE, AreaLevel.DISTRICT])
        self.seen = SeenKeys()

    def read(self, number: int, cells: dict[str, Any]) -> RowResult:
        row = new_row(number, cells, COLUMNS)
        read_cells(row, cells, COLUMNS, self.parse)
        self.check(row)
        return row

    def parse(self, column: Column, raw, row: RowResult):
        value = parse_common(column, raw, Incident)
        if value is not NotImplemented:
            return value
        text = display(raw).strip()
        if column.kind == "id":
            return self.incident(to_int(raw))
        if column.kind == "type":
            if search_key(text) not in self.types:
                raise ValidationError(_("Unknown incident type “%(value)s”: see the accepted types in the guide "
                                        "sheet.") % {"value": text})
            return self.types[search_key(text)]
        if column.kind == "datetime":
            return to_datetime(raw)
        if column.kind == "unit":
            return self.unit(text, row)
        return self.area(text.zfill(5) if text.isdigit() and len(text) == 4 else text, row)  # 7759 typed

    def incident(self, pk: int) -> Incident:
        # An incident outside the user's area is reported as missing, so that the import does not reveal it exists.
        incident = (incidents_visible(user=self.user).filter(pk=pk)
                    .select_related("type", "unit__commune", "area").first())
        if incident is None:
            raise ValidationError(_("There is no incident no. %(id)s in your area.") % {"id": pk})
        return incident

    def unit(self, reference: str, row: RowResult) -> Unit:
        """A unit of the user's area by tax code, else by system number (units.excel.UnitReferences). The unit an
        incident already has is found wherever it is, so that an exported sheet imports back unchanged."""
        current = row.instance.unit if row.instance is not None else None
        return self.units.require(reference, [current] if current else [])

    def area(self, code: str, row: RowResult) -> Area:
        """The commune (5 digits) or district (3 digits) that bore the code on the incident's date; failing that, as
        the other sheets read a code (today's map, then the old one), so that the rules can say what is wrong."""
        current = row.instance.area if row.instance is not None else None
        if current is not None and current.code == code:
            return current
        level = {5: AreaLevel.COMMUNE, 3: AreaLevel.DISTRICT}.get(len(code)) if code.isdigit() else None
        occurred_at = row.data.get("occurred_at")
        if level is not None and occurred_at is not None:
            try:
                area = area_resolve(code=code, on=timezone.localdate(occurred_at))
            except AreaNotFound:
                area = None
            if area is not None and area.level == level:
                return area
        area = self.codes.get(code) if level is not None else None
        if area is None:
            raise ValidationError(_("No commune or district has the code %(code)s.") % {"code": code})
        return area

    def check(self, row: RowResult) -> None:
        """Rules across columns: the same incident twice, the scope, the registry's rules."""
        self.seen.check(row, HEADER_BY_FIELD["id"], row.instance.pk if row.instance else None,
                        _("This incident is already on row %(row)s."))
        data = incident_fill_defaults(data=row.data)
        area, unit = data.get("area"), data.get("unit")
        area_header, unit_header = HEADER_BY_FIELD["area"], HEADER_BY_FIELD["unit"]
        current = row.instance
        if area is not None and not area_in_scope(self.user, area) and not row.has_error(area_header):
            row.errors.append((area_header, _("%(area)s is outside your area.") % {"area": area.name}))
        if (unit is not None and (current is None or current.unit_id != unit.pk)
                and not area_in_scope(self.user, unit.commune) and not row.has_error(unit_header)):
            row.errors.append((unit_header, _("The unit %(unit)s is outside your area.") % {"unit": unit.name}))
        required = {HEADER_BY_FIELD[f] for f in ("type", "occurred_at")}
        if not any(row.has_error(h) for h in required):
            try:
                incident_check_rules(data=data)
            except ValidationError as exc:
                add_rule_errors(row, exc, HEADER_BY_FIELD)


# --- Committing ----------------------------------------------------------------------------------------------------

def incidents_import_commit(*, result: ImportResult, user: User) -> int:
    """Write every row of a checked sheet, or none. Each row goes through incident_create / incident_update, which
    check the rules and the scope again against what the database holds now."""

    def write_row(row: RowResult) -> None:
        try:
            if row.instance is None:
                incident_create(data=row.data, actor=user)
            else:
                incident_update(incident=row.instance, data=row.data, actor=user)
        except ValidationError as exc:
            add_rule_errors(row, exc, HEADER_BY_FIELD)
        except PermissionDenied as exc:
            row.errors.append((HEADER_BY_FIELD["area"], str(exc)))

    return commit_all(result=result, user=user, write_row=write_row)
