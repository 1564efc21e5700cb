"""Models in Excel: the template, the export, and the import as a dry-run preview followed by an all-or-nothing commit,
on the shared machinery of antqcore/excel/ (so that this sheet reads dates, numbers and yes/no as the units' sheet
does and reports errors the same way).

One column list (COLUMNS) drives all three, so that an exported sheet can be edited and imported back. Units are
written by tax code (or, without one, by system number); participants are a list of them separated by ";". The
headers and labels are Vietnamese and fixed here rather than translated; messages shown to the user are translated."""

import dataclasses
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from antqcore.excel.areas import AreaCodes
from antqcore.excel.cells import Column, is_blank, to_int
from antqcore.excel.commit import commit_all
from antqcore.excel.reading import ImportResult, RowResult, SheetReader, add_rule_errors, read_sheet, rule_errors
from antqcore.excel.writing import export_value, write_workbook
from antqcore.models import Area, AreaLevel, User
from antqcore.scoping import area_in_scope
from units.excel import UnitReferences, unit_reference
from units.models import Unit, search_key

from .models import ModelStatus, ModelType, MovementModel
from .selectors import model_in_scope
from .services import model_check_rules, model_create, model_update

SHEET_MODELS = "Mô hình"
MAX_ROWS = 2000
SEPARATOR = ";"
STATUS_LABELS = {ModelStatus.ACTIVE: "Đang hoạt động", ModelStatus.CONSOLIDATING: "Đang củng cố",
                 ModelStatus.ELIMINATED: "Đã thanh loại"}
UNIT_HELP = "mã số thuế của đơn vị, hoặc Mã hệ thống của đơn vị nếu đơn vị không có mã số thuế"

# Kinds of this sheet beyond antqcore's: type (a model type's name or code), area (a commune or district code),
# unit (a unit's tax code or system number), units (several, separated by ";").
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


@dataclasses.dataclass
class ModelRow(RowResult):
    """A sheet row; the participants travel beside `data` because the services take them apart."""

    @property
    def participants(self) -> list[Unit]:
        return self.extra.get("participants", [])


# --- Writing workbooks ---------------------------------------------------------------------------------------------

def models_template_workbook() -> bytes:
    return _workbook([])


def models_export_workbook(queryset: QuerySet[MovementModel]) -> bytes:
    return _workbook(queryset.select_related("type", "area", "host_unit", "partner_commune")
                     .prefetch_related("participants"))


def _workbook(models) -> bytes:
    # The types are data: the sheet's dropdown and the guide list them (name or code) as they are today.
    types = {t.code: t.name for t in ModelType.objects.order_by("order", "name")}
    columns = [dataclasses.replace(c, labels=types) if c.kind == "type" else c for c in COLUMNS]
    return write_workbook(
        sheet_name=SHEET_MODELS, columns=columns, freeze="C2", max_rows=MAX_ROWS,
        rows=([_export_value(column, model) for column in COLUMNS] for model in models),
        guide_title="Hướng dẫn nhập danh sách mô hình tổ chức quần chúng làm nhiệm vụ bảo đảm ANTT",
        guide_lines=[
            f"Mỗi dòng của trang “{SHEET_MODELS}” là một mô hình; giữ nguyên dòng tiêu đề.",
            "Để trống cột Mã hệ thống để thêm mô hình mới; điền Mã hệ thống (có sẵn trong tệp xuất) để sửa mô hình "
            "đó.",
            "Đơn vị chủ trì và đơn vị tham gia phải là đơn vị đã có trong hệ thống, trong địa bàn của người nhập.",
        ])


def _export_value(column: Column, model: MovementModel):
    if column.kind == "id":
        return model.pk
    if column.kind == "units":
        return f"{SEPARATOR} ".join(unit_reference(u) for u in sorted(model.participants.all(), key=lambda u: u.pk))
    value = getattr(model, column.field)
    if column.kind == "type":
        return value.name
    if column.kind == "area":
        return value.code if value else None
    if column.kind == "unit":
        return unit_reference(value) if value else None
    return export_value(column, value)


# --- Reading a sheet -----------------------------------------------------------------------------------------------

def models_import_preview(*, file, user: User) -> ImportResult:
    """Read and check every row of an uploaded .xlsx without writing anything."""
    return read_sheet(file=file, sheet_name=SHEET_MODELS, columns=COLUMNS, read_row=_RowReader(user).read,
                      max_rows=MAX_ROWS,
                      too_many_message=_("A file can hold at most %(n)s models.") % {"n": MAX_ROWS},
                      empty_message=_("The sheet has no models: fill in the rows under the headers."))


class _RowReader(SheetReader):
    """Cells of the models' own kinds: types by name or code, areas by code, units by tax code or system number."""

    columns, model, row_class = COLUMNS, MovementModel, ModelRow

    def __init__(self, user: User):
        super().__init__(user)
        self.types: dict[str, ModelType] = {}
        for model_type in ModelType.objects.all():
            self.types[search_key(model_type.name)] = self.types[search_key(model_type.code)] = model_type
        self.areas = AreaCodes(user=user, levels=[AreaLevel.COMMUNE, AreaLevel.DISTRICT])
        self.units = UnitReferences(user)

    def parse(self, column: Column, raw, row: ModelRow):
        if column.kind == "units" and is_blank(raw):
            return []
        value = super().parse(column, raw, row)
        if column.field == "briefing_every_months" and value < 1:
            raise ValidationError(_("Give a number of months from 1."))
        return value

    def parse_own(self, column: Column, text: str, raw, row: ModelRow):
        if column.kind == "type":
            if search_key(text) not in self.types:
                raise ValidationError(_("Unknown model type “%(value)s”: see the accepted types in the guide sheet.")
                                      % {"value": text})
            return self.types[search_key(text)]
        if column.kind == "area":
            code = text.zfill(5) if text.isdigit() and len(text) == 4 else text  # 7759 typed as a number
            area = self.areas.get(code, getattr(row.instance, column.field) if row.instance else None)
            if area is None:
                raise ValidationError(_("No commune or district has the code %(code)s.") % {"code": code})
            return area
        if column.kind == "unit":
            return self.units.require(text, self.known_units(row))
        if column.kind == "units":
            return self.unit_list(text, row)
        return self.find_model(to_int(raw))

    def find_model(self, pk: int) -> MovementModel:
        # A model outside the user's area is reported as missing, so that the import does not reveal it exists.
        model = model_in_scope(user=self.user, pk=pk)
        if model is None:
            raise ValidationError(_("There is no model no. %(id)s in your area.") % {"id": pk})
        return model

    def known_units(self, row: ModelRow) -> list[Unit]:
        """The units the model a row changes already has: found wherever they are (UnitReferences)."""
        model = row.instance
        if model is None:
            return []
        return ([model.host_unit] if model.host_unit else []) + list(model.participants.all())

    def unit_list(self, text: str, row: ModelRow) -> list[Unit]:
        references = list(dict.fromkeys(r.strip() for r in text.split(SEPARATOR) if r.strip()))
        units, unknown = [], []
        for reference in references:
            unit = self.units.get(reference, self.known_units(row))
            (unknown.append(reference) if unit is None else units.append(unit))
        if unknown:
            raise ValidationError(_("There is no unit with the tax code or system number %(ref)s in your area.")
                                  % {"ref": ", ".join(unknown)})
        return list(dict.fromkeys(units))

    def check(self, row: ModelRow) -> None:
        """Rules across columns: the area, duplicates within the sheet and in the registry, the registry's rules."""
        data = row.data
        if "participants" in data:  # the services take them beside the model's fields
            row.extra["participants"] = data.pop("participants")
        if data.get("area") is None and data.get("host_unit") is not None:
            data["area"] = data["host_unit"].commune
        area_header = HEADER_BY_FIELD["area"]
        area = data.get("area")
        if area is None and not row.has_error(area_header):
            row.errors.append((area_header, _("Give the commune code, or a host unit whose commune is taken.")))
        elif area is not None and not area_in_scope(self.user, area):
            row.errors.append((area_header, _("%(commune)s is outside your area.") % {"commune": area.name}))
        key = (area.pk, search_key(data.get("name"))) if area is not None and data.get("name") else None
        self.seen.check(row, HEADER_BY_FIELD["id"], row.instance.pk if row.instance else None,
                        _("This model is already on row %(row)s."))
        self.seen.check(row, HEADER_BY_FIELD["name"], key,
                        _("A model of the same name in the same place is already on row %(row)s."))
        if key is not None:
            _duplicate_in_registry(row, area, data["name"], row.instance)
        try:
            model_check_rules(data=data)
        except ValidationError as exc:
            add_rule_errors(row, exc, HEADER_BY_FIELD)


def _duplicate_in_registry(row: ModelRow, area: Area, name: str, model: MovementModel | None) -> None:
    """Another model of the same name in the same place (`model` is the row's own)."""
    twin = MovementModel.objects.filter(area=area, search_text=search_key(name))
    if model is not None:
        twin = twin.exclude(pk=model.pk)
    twin = twin.first()
    header = HEADER_BY_FIELD["name"]
    if twin is not None and not row.has_error(header):
        row.errors.append((header, _("The registry already has a model of this name in %(area)s (no. %(id)s): "
                                     "give its system number to update it.") % {"area": area.name, "id": twin.pk}))


# --- Committing ----------------------------------------------------------------------------------------------------

def models_import_commit(*, result: ImportResult, user: User) -> int:
    """Write every row of a checked sheet, or none. Each row goes through model_create / model_update, which check
    the registry's rules again; the area and the duplicates are checked again against what the database holds now.
    The first failure anywhere rolls the whole import back. Returns the number of rows written; raises
    ImportRejected with the errors by row."""
    return commit_all(result=result, user=user, write_row=partial(_write, actor=user))


def _write(row: ModelRow, actor: User) -> None:
    try:
        if row.instance is None:
            model = model_create(data=row.data, participants=row.participants, actor=actor)
        else:
            model = model_update(model=row.instance, data=row.data, participants=row.participants, actor=actor)
    except ValidationError as exc:
        row.errors += rule_errors(exc, HEADER_BY_FIELD)
        return
    except PermissionDenied as exc:
        row.errors.append((HEADER_BY_FIELD["area"], str(exc)))
        return
    # After the write, which a duplicate undoes with the whole import: the service has checked the scope first, so
    # the message never names a model outside the user's area.
    _duplicate_in_registry(row, row.data["area"], row.data["name"], model)
