"""Models in Excel: the template, the export, and the import as a dry-run preview followed by an all-or-nothing commit,
following the units' sheet (units/excel.py, whose cell readers and result classes this module shares, so that both
sheets read dates, numbers and yes/no alike and report errors the same way).

One column list (COLUMNS) drives all three, so that an exported sheet can be edited and imported back. Units are
written by tax code (or, without one, by system number); participants are a list of them separated by ";". The
headers and labels are Vietnamese and fixed here rather than translated; messages shown to the user are translated."""

import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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
from units.excel import (
    NO,
    YES,
    Column,
    ImportRejected,
    ImportResult,
    _blank,
    _display,
    _to_bool,
    _to_date,
    _to_int,
)
from units.models import Unit, search_key

from .models import ModelStatus, ModelType, MovementModel
from .services import model_check_rules, model_create, model_update

SHEET_MODELS, SHEET_GUIDE, SHEET_LISTS = "Mô hình", "Hướng dẫn", "Danh mục"
MAX_ROWS = 2000
SEPARATOR = ";"
STATUS_LABELS = {ModelStatus.ACTIVE: "Đang hoạt động", ModelStatus.CONSOLIDATING: "Đang củng cố",
                 ModelStatus.ELIMINATED: "Đã thanh loại"}
UNIT_HELP = "mã số thuế của đơn vị, hoặc Mã hệ thống của đơn vị nếu đơn vị không có mã số thuế"

COLUMNS = [
    Column("Mã hệ thống", "id", "id", width=12, help="Để trống khi thêm mô hình mới. Giữ nguyên số có sẵn (trong "
           "tệp xuất từ hệ thống) để sửa mô hình đó: mọi cột của dòng sẽ thay thế dữ liệu cũ."),
    Column("Tên mô hình", "name", required=True, width=50),
    Column("Loại mô hình", "type", "type", True, width=36, help="Tên hoặc mã của loại mô hình."),
    Column("Mã xã/phường", "area", "area", help="Mã 5 chữ số của xã, phường, thị trấn nơi mô hình hoạt động (hoặc mã "
           "3 chữ số của huyện). Để trống thì lấy xã, phường của đơn vị chủ trì."),
    Column("Đơn vị chủ trì", "host_unit", "unit", width=20, help=f"Đơn vị xây dựng mô hình: {UNIT_HELP}."),
    Column("Đơn vị tham gia", "participants", "units", width=36,
           help=f"Các đơn vị tham gia mô hình: {UNIT_HELP}; cách nhau bằng dấu chấm phẩy (;)."),
    Column("Mã xã/phường liên kết", "partner_commune", "area",
           help="Với mô hình liên kết: mã 5 chữ số của xã, phường, thị trấn có UBND tham gia liên kết."),
    Column("Mô hình điểm", "is_pilot", "bool", help="Có hoặc Không; để trống là Không."),
    Column("Kế hoạch xây dựng điểm", "pilot_plan", width=30, help="Văn bản chỉ đạo xây dựng mô hình điểm."),
    Column("Là mô hình điểm từ", "pilot_since", "date", help="Ngày dạng dd/mm/yyyy; bắt buộc với mô hình điểm."),
    Column("Ngày thành lập", "established_on", "date", True, help="Ngày dạng dd/mm/yyyy."),
    Column("Số quyết định thành lập", "decision_number", width=20),
    Column("Cơ quan ra quyết định", "decision_issuer", width=28),
    Column("Số thành viên", "members_count", "int", help="Số nguyên không âm; để trống là 0."),
    Column("Danh sách thành viên", "members_list", width=36),
    Column("Ngày ban hành quy chế", "regulation_on", "date",
           help="Ngày dạng dd/mm/yyyy; để trống nếu mô hình chưa có quy chế hoạt động."),
    Column("Ngày ra mắt", "launched_on", "date", help="Ngày dạng dd/mm/yyyy; để trống nếu chưa tổ chức ra mắt."),
    Column("Giao ban (số tháng/lần)", "briefing_every_months", "int", help="Số nguyên từ 1; để trống là 3.",
           default=3),
    Column("Số điểm nhân rộng", "replication_sites", "int", help="Số nguyên không âm; để trống là 0."),
    Column("Số tổ/đội nhân rộng", "replication_teams", "int", help="Số nguyên không âm; để trống là 0."),
    Column("Trạng thái", "status", "choice", False, STATUS_LABELS, "Để trống là Đang hoạt động.",
           default=ModelStatus.ACTIVE),
    Column("Ngày thanh loại", "eliminated_on", "date",
           help="Ngày dạng dd/mm/yyyy; chỉ điền khi mô hình đã thanh loại (Trạng thái: Đã thanh loại)."),
    Column("Lý do thanh loại", "elimination_reason", width=36, help="Bắt buộc khi mô hình đã thanh loại."),
]
HEADERS = [c.header for c in COLUMNS]
HEADER_BY_FIELD = {c.field: c.header for c in COLUMNS}
TEXT_KINDS = {"id", "text", "area", "unit", "units"}  # kept as text in Excel so that codes keep their leading zeros
BLANKS = {"int": 0, "bool": False, "text": "", "units": []}  # other kinds: None


@dataclass
class RowResult:
    row_number: int  # as Excel numbers it, so the user can find it
    action: str  # "create" or "update"
    data: dict[str, Any] = field(default_factory=dict)
    participants: list[Unit] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, message)
    values: dict[str, str] = field(default_factory=dict)  # the cells as written, for the preview
    model: MovementModel | None = None  # the model an "update" row changes

    @property
    def cells(self) -> list[tuple[str, list[str]]]:
        """(value, messages) for each column, in sheet order."""
        return [(self.values.get(h, ""), [m for eh, m in self.errors if eh == h]) for h in HEADERS]


def area_for_code(code: str, *, user: User, current: Area | None = None) -> Area | None:
    """The commune (5 digits) or district (3 digits) a sheet means by `code`, as units.excel.commune_for_code reads
    it: an unchanged code keeps the model's area; otherwise today's map, then the last day of the old map,
    preferring the area inside the user's scope."""
    if current is not None and current.code == code:
        return current
    level = {5: AreaLevel.COMMUNE, 3: AreaLevel.DISTRICT}.get(len(code))
    if level is None:
        return None
    found = []
    for day in (timezone.localdate(), last_day_of_old_map()):
        try:
            area = area_resolve(code=code, on=day)
        except AreaNotFound:
            continue
        if area.level == level:
            found.append(area)
    return next((a for a in found if area_in_scope(user, a)), found[0] if found else None)


def unit_reference(unit: Unit) -> str:
    """How a sheet names a unit: its tax code, or its system number when it has none."""
    return unit.tax_code or str(unit.pk)


# --- Writing workbooks ---------------------------------------------------------------------------------------------

def models_template_workbook() -> bytes:
    return _workbook([])


def models_export_workbook(queryset: QuerySet[MovementModel]) -> bytes:
    return _workbook(queryset.select_related("type", "area", "host_unit", "partner_commune")
                     .prefetch_related("participants"))


def _workbook(models) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_MODELS
    sheet.append(HEADERS)
    for model in models:
        sheet.append([_export_value(column, model) for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind in TEXT_KINDS:
            sheet.column_dimensions[letter].number_format = "@"
        if column.kind == "date":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "DD/MM/YYYY"
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="8B1A1A")
    sheet.freeze_panes = "C2"
    types = list(ModelType.objects.order_by("order", "name"))
    _add_dropdowns(book, sheet, types)
    _add_guide(book, types)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _export_value(column: Column, model: MovementModel):
    if column.kind == "id":
        return model.pk
    if column.kind == "units":
        return f"{SEPARATOR} ".join(unit_reference(u) for u in sorted(model.participants.all(), key=lambda u: u.pk))
    value = getattr(model, column.field)
    if column.kind == "choice":
        return column.labels.get(value, value)
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "type":
        return value.name
    if column.kind == "area":
        return value.code if value else None
    if column.kind == "unit":
        return unit_reference(value) if value else None
    return value


def _add_dropdowns(book: Workbook, sheet, types: list[ModelType]) -> None:
    """Lists on a hidden sheet, referenced by the dropdowns. A dropdown only suggests: a code is accepted too."""
    lists = book.create_sheet(SHEET_LISTS)
    lists.sheet_state = "hidden"
    choices = {c.header: list(c.labels.values()) for c in COLUMNS if c.labels}
    choices[HEADER_BY_FIELD["type"]] = [t.name for t in types]
    choices[HEADER_BY_FIELD["is_pilot"]] = [YES, NO]
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


def _add_guide(book: Workbook, types: list[ModelType]) -> None:
    guide = book.create_sheet(SHEET_GUIDE)
    for line in [
        "Hướng dẫn nhập danh sách mô hình tổ chức quần chúng làm nhiệm vụ bảo đảm ANTT",
        f"Mỗi dòng của trang “{SHEET_MODELS}” là một mô hình; giữ nguyên dòng tiêu đề.",
        "Để trống cột Mã hệ thống để thêm mô hình mới; điền Mã hệ thống (có sẵn trong tệp xuất) để sửa mô hình đó.",
        "Đơn vị chủ trì và đơn vị tham gia phải là đơn vị đã có trong hệ thống, trong địa bàn của người nhập.",
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
        if column.kind == "type":
            accepted = "; ".join(f"{t.name} (hoặc {t.code})" for t in types)
            text = f"{text} Giá trị: {accepted}.".strip()
        guide.append([column.header, YES if column.required else "", text])
        guide.cell(row=guide.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100


# --- Reading a sheet -----------------------------------------------------------------------------------------------

def models_import_preview(*, file, user: User) -> ImportResult:
    """Read and check every row of an uploaded .xlsx without writing anything."""
    result = ImportResult()
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # whatever openpyxl cannot open, the user needs the same advice
        result.errors.append(_("The file is not an Excel workbook (.xlsx). Save it as .xlsx and upload it again."))
        return result
    try:
        sheet = book[SHEET_MODELS] if SHEET_MODELS in book.sheetnames else book.worksheets[0]
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
                result.errors.append(_("A file can hold at most %(n)s models.") % {"n": MAX_ROWS})
                break
            values = {header: cells[i] if i < len(cells) else None for header, i in index.items()}
            result.rows.append(reader.read(number, values))
    finally:
        book.close()
    if not result.rows and not result.errors:
        result.errors.append(_("The sheet has no models: fill in the rows under the headers."))
    return result


class _RowReader:
    """Parses rows one by one, remembering what earlier rows hold so that duplicates within the sheet show."""

    def __init__(self, user: User):
        self.user = user
        self.types: dict[str, ModelType] = {}
        for model_type in ModelType.objects.all():
            self.types[search_key(model_type.name)] = self.types[search_key(model_type.code)] = model_type
        self.areas: dict[tuple, Area | None] = {}
        self.units: dict[str, Unit | None] = {}
        self.seen: dict[tuple, int] = {}  # (what, key) -> first row holding it

    def read(self, number: int, cells: dict[str, Any]) -> RowResult:
        row = RowResult(row_number=number, action="create", values={h: _display(v) for h, v in cells.items()})
        for column in COLUMNS:  # the id first: an update reads the other cells against the model it changes
            if column.header not in cells:
                continue  # only the optional id column can be absent
            try:
                value = self.parse(column, cells[column.header], row)
            except ValidationError as exc:
                row.errors.append((column.header, exc.messages[0]))
                continue
            if column.kind == "id":
                if value is not None:
                    row.model, row.action = value, "update"
            elif column.kind == "units":
                row.participants = value
            else:
                row.data[column.field] = value
        if row.data.get("area") is None and row.data.get("host_unit") is not None:
            row.data["area"] = row.data["host_unit"].commune
        self.check(row)
        return row

    def parse(self, column: Column, raw, row: RowResult):
        if _blank(raw):
            if column.required:
                raise ValidationError(_("This column is required."))
            if column.kind == "units":
                return []
            return column.default if column.default is not None else BLANKS.get(column.kind)
        text = _display(raw).strip()
        if column.kind == "text":
            MovementModel._meta.get_field(column.field).run_validators(text)  # length
            return text
        if column.kind == "int":
            number = _to_int(raw)
            if column.field == "briefing_every_months" and number < 1:
                raise ValidationError(_("Give a number of months from 1."))
            if number >= 0:  # a negative count is the registry rule's to report
                MovementModel._meta.get_field(column.field).run_validators(number)
            return number
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
        if column.kind == "type":
            if search_key(text) not in self.types:
                raise ValidationError(_("Unknown model type “%(value)s”: see the accepted types in the guide sheet.")
                                      % {"value": text})
            return self.types[search_key(text)]
        if column.kind == "area":
            current = getattr(row.model, column.field) if row.model else None
            return self.area(text.zfill(5) if text.isdigit() and len(text) == 4 else text, current)  # 7759 typed
        if column.kind == "unit":
            return self.unit(text, row)
        if column.kind == "units":
            return self.unit_list(text, row)
        return self.model(_to_int(raw))

    def area(self, code: str, current: Area | None) -> Area:
        key = (code, current.pk if current else None)
        if key not in self.areas:
            self.areas[key] = area_for_code(code, user=self.user, current=current)
        if self.areas[key] is None:
            raise ValidationError(_("No commune or district has the code %(code)s.") % {"code": code})
        return self.areas[key]

    def model(self, pk: int) -> MovementModel:
        # A model outside the user's area is reported as missing, so that the import does not reveal it exists.
        model = (MovementModel.objects.filter(scope_q(self.user, "area"), pk=pk)
                 .select_related("area", "partner_commune", "host_unit").prefetch_related("participants").first())
        if model is None:
            raise ValidationError(_("There is no model no. %(id)s in your area.") % {"id": pk})
        return model

    def find_unit(self, reference: str, row: RowResult) -> Unit | None:
        """A unit of the user's area by tax code, else by system number. The units a model already has are found
        wherever they are, so that an exported sheet imports back unchanged."""
        if row.model is not None:
            known = [row.model.host_unit] if row.model.host_unit else []
            for unit in known + list(row.model.participants.all()):
                if reference in (unit.tax_code, str(unit.pk)):
                    return unit
        if reference not in self.units:
            units = Unit.objects.alive().filter(scope_q(self.user, "commune")).select_related("commune")
            unit = units.filter(tax_code=reference).first()
            if unit is None and reference.isdigit() and len(reference) <= 9:
                unit = units.filter(pk=int(reference)).first()
            self.units[reference] = unit
        return self.units[reference]

    def unit(self, text: str, row: RowResult) -> Unit:
        unit = self.find_unit(text, row)
        if unit is None:
            raise ValidationError(_("There is no unit with the tax code or system number %(ref)s in your area.")
                                  % {"ref": text})
        return unit

    def unit_list(self, text: str, row: RowResult) -> list[Unit]:
        references = list(dict.fromkeys(r.strip() for r in text.split(SEPARATOR) if r.strip()))
        units, unknown = [], []
        for reference in references:
            unit = self.find_unit(reference, row)
            (unknown.append(reference) if unit is None else units.append(unit))
        if unknown:
            raise ValidationError(_("There is no unit with the tax code or system number %(ref)s in your area.")
                                  % {"ref": ", ".join(unknown)})
        return list(dict.fromkeys(units))

    def check(self, row: RowResult) -> None:
        """Rules across columns: the area, duplicates within the sheet and in the registry, the registry's rules."""
        data = row.data
        area_header = HEADER_BY_FIELD["area"]
        area = data.get("area")
        if area is None and not any(h == area_header for h, _m in row.errors):
            row.errors.append((area_header, _("Give the commune code, or a host unit whose commune is taken.")))
        elif area is not None and not area_in_scope(self.user, area):
            row.errors.append((area_header, _("%(commune)s is outside your area.") % {"commune": area.name}))
        key = (area.pk, search_key(data.get("name"))) if area is not None and data.get("name") else None
        for what, value, message in [
            ("id", row.model.pk if row.model else None, _("This model is already on row %(row)s.")),
            ("name", key, _("A model of the same name in the same place is already on row %(row)s.")),
        ]:
            if value and (what, value) in self.seen:
                row.errors.append((HEADER_BY_FIELD[what], message % {"row": self.seen[what, value]}))
            elif value:
                self.seen[what, value] = row.row_number
        if key is not None:
            _duplicate_in_registry(row, area, data["name"])
        try:
            model_check_rules(data=data)
        except ValidationError as exc:
            failed = {header for header, _message in row.errors}  # one message per cell is enough
            row.errors += [(h, m) for h, m in _rule_errors(exc) if h not in failed]


def _duplicate_in_registry(row: RowResult, area: Area, name: str) -> None:
    twin = MovementModel.objects.filter(area=area, search_text=search_key(name))
    if row.model is not None:
        twin = twin.exclude(pk=row.model.pk)
    twin = twin.first()
    if twin is not None:
        header = HEADER_BY_FIELD["name"]
        if not any(h == header for h, _m in row.errors):
            row.errors.append((header, _("The registry already has a model of this name in %(area)s (no. %(id)s): "
                                         "give its system number to update it.") % {"area": area.name, "id": twin.pk}))


def _rule_errors(exc: ValidationError) -> list[tuple[str, str]]:
    if not hasattr(exc, "error_dict"):
        return [("", message) for message in exc.messages]
    return [(HEADER_BY_FIELD.get(name, ""), messages[0]) for name, messages in exc.message_dict.items()]


# --- Committing ----------------------------------------------------------------------------------------------------

def models_import_commit(*, result: ImportResult, user: User) -> int:
    """Write every row of a checked sheet, or none. Each row goes through model_create / model_update, which check
    the registry's rules again; the area and the duplicates are checked again against what the database holds now.
    The first failure anywhere rolls the whole import back. Returns the number of rows written; raises
    ImportRejected with the errors by row."""
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
    area = row.data["area"]
    try:
        ensure_area_in_scope(user, area)
        if row.model is not None:
            ensure_area_in_scope(user, row.model.area)
        _duplicate_in_registry(row, area, row.data["name"])
        if row.errors:
            return
        if row.model is None:
            model_create(data=row.data, participants=row.participants)
        else:
            model_update(model=row.model, data=row.data, participants=row.participants)
    except ValidationError as exc:
        row.errors += _rule_errors(exc)
    except PermissionDenied as exc:
        row.errors.append((HEADER_BY_FIELD["area"], str(exc)))
