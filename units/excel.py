"""Units in Excel: the template, the export, and the import as a dry-run preview followed by an all-or-nothing commit,
on the shared machinery of antqcore/excel/.

One column list (COLUMNS) drives all three, so that an exported sheet can be edited and imported back. The sheet is
a Vietnamese file format: its headers and labels are fixed here rather than translated, so a sheet written under
one interface language reads back under the other. Messages shown to the user are translated as usual."""

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from antqcore.excel.areas import AreaCodes, area_for_code
from antqcore.excel.cells import Column, to_int
from antqcore.excel.commit import commit_all
from antqcore.excel.reading import ImportResult, RowResult, SheetReader, add_rule_errors, read_sheet, rule_errors
from antqcore.excel.writing import export_value, write_workbook
from antqcore.models import AreaLevel, User
from antqcore.scoping import area_in_scope

from .models import IndustrialZone, ManagingLevel, Unit, UnitKind, UnitStatus, UnitSubtype, search_key
from .selectors import units_visible
from .services import StaleVersion, unit_check_rules, unit_create, unit_update

SHEET_UNITS = "Đơn vị"
MAX_ROWS = 5000

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

# Kinds of this sheet beyond antqcore's: commune (a commune code), zone (an industrial zone's name).
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


def commune_for_code(code: str, *, user: User, current=None):
    """The commune a sheet means by `code` (antqcore.excel.areas.area_for_code, communes only), or None."""
    return area_for_code(code, user=user, levels=[AreaLevel.COMMUNE], current=current)


def unit_reference(unit: Unit) -> str:
    """How a sheet names a unit (in another registry's sheet): its tax code, or its system number when it has none."""
    return unit.tax_code or str(unit.pk)


class UnitReferences:
    """Units named in a sheet as unit_reference writes them, among the units of the user's area; each reference is
    looked up once per import."""

    def __init__(self, user: User):
        self.user = user
        self.found: dict[str, Unit | None] = {}

    def get(self, reference: str, known: Iterable[Unit] = ()) -> Unit | None:
        """The unit a reference names, by tax code, else by system number. `known` are the units the record already
        has: they are found wherever they are, so that an exported sheet imports back unchanged."""
        for unit in known:
            if reference in (unit.tax_code, str(unit.pk)):
                return unit
        if reference not in self.found:
            units = units_visible(user=self.user).select_related("commune")
            unit = units.filter(tax_code=reference).first()
            if unit is None and reference.isdigit() and len(reference) <= 9:
                unit = units.filter(pk=int(reference)).first()
            self.found[reference] = unit
        return self.found[reference]

    def require(self, reference: str, known: Iterable[Unit] = ()) -> Unit:
        """As get, refusing a reference that names no unit of the user's area."""
        unit = self.get(reference, known)
        if unit is None:
            raise ValidationError(_("There is no unit with the tax code or system number %(ref)s in your area.")
                                  % {"ref": reference})
        return unit


# --- Writing workbooks ---------------------------------------------------------------------------------------------

def units_template_workbook() -> bytes:
    return _workbook([])


def units_export_workbook(queryset: QuerySet[Unit]) -> bytes:
    return _workbook(queryset.select_related("commune", "zone"))


def _workbook(units) -> bytes:
    zones = list(IndustrialZone.objects.order_by("name").values_list("name", flat=True))
    return write_workbook(
        sheet_name=SHEET_UNITS, columns=COLUMNS, freeze="C2", max_rows=MAX_ROWS,
        rows=([_export_value(column, unit) for column in COLUMNS] for unit in units),
        lists={HEADER_BY_FIELD["zone"]: zones},
        guide_title="Hướng dẫn nhập danh sách cơ quan, doanh nghiệp, nhà trường",
        guide_lines=[
            f"Mỗi dòng của trang “{SHEET_UNITS}” là một đơn vị; giữ nguyên dòng tiêu đề.",
            "Để trống cột Mã hệ thống để thêm đơn vị mới; điền Mã hệ thống (có sẵn trong tệp xuất) để sửa đơn vị "
            "đó.",
        ])


def _export_value(column: Column, unit: Unit):
    if column.kind == "id":
        return unit.pk
    value = getattr(unit, column.field)
    if column.kind == "commune":
        return value.code
    if column.kind == "zone":
        return value.name if value else None
    return export_value(column, value)


# --- Reading a sheet -----------------------------------------------------------------------------------------------

def units_import_preview(*, file, user: User) -> ImportResult:
    """Read and check every row of an uploaded .xlsx without writing anything."""
    return read_sheet(file=file, sheet_name=SHEET_UNITS, columns=COLUMNS, read_row=_RowReader(user).read,
                      max_rows=MAX_ROWS,
                      too_many_message=_("A file can hold at most %(n)s units.") % {"n": MAX_ROWS},
                      empty_message=_("The sheet has no units: fill in the rows under the headers."))


class _RowReader(SheetReader):
    """Cells of the units' own kinds: communes by code, industrial zones by name, units by system number."""

    columns, model = COLUMNS, Unit

    def __init__(self, user: User):
        super().__init__(user)
        self.communes = AreaCodes(user=user, levels=[AreaLevel.COMMUNE])
        self.zones: dict[str, list[IndustrialZone]] = {}
        for zone in IndustrialZone.objects.all():
            self.zones.setdefault(search_key(zone.name), []).append(zone)

    def parse_own(self, column: Column, text: str, raw, row: RowResult):
        if column.kind == "commune":
            code = text.zfill(5) if text.isdigit() else text  # 7759 typed as a number
            commune = self.communes.get(code, row.instance.commune if row.instance else None)
            if commune is None:
                raise ValidationError(_("No commune has the code %(code)s.") % {"code": code})
            return commune
        if column.kind == "zone":
            zones = self.zones.get(search_key(text), [])
            if len(zones) != 1:
                raise ValidationError(_("No single industrial zone or cluster is named “%(name)s”.") % {"name": text})
            return zones[0]
        return self.unit(to_int(raw))

    def unit(self, pk: int) -> Unit:
        # A unit outside the user's area is reported as missing, so that the import does not reveal it exists.
        unit = units_visible(user=self.user).filter(pk=pk).select_related("commune").first()
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
        self.seen.check(row, HEADER_BY_FIELD["id"], row.instance.pk if row.instance else None,
                        _("This unit is already on row %(row)s."))
        self.seen.check(row, HEADER_BY_FIELD["tax_code"], data.get("tax_code"),
                        _("The same tax code is already on row %(row)s."))
        self.seen.check(row, HEADER_BY_FIELD["name"],
                        (commune.pk, search_key(data.get("name"))) if commune and data.get("name") else None,
                        _("A unit of the same name in the same commune is already on row %(row)s."))
        try:
            unit_check_rules(data=data, instance=row.instance, actor=self.user)
        except ValidationError as exc:
            add_rule_errors(row, exc, HEADER_BY_FIELD)


# --- Committing ----------------------------------------------------------------------------------------------------

def units_import_commit(*, result: ImportResult, user: User) -> int:
    """Write every row of a checked sheet, or none. Each row goes through unit_create / unit_update, which check
    the registry's rules again against what is in the database now (someone may have registered the same unit
    since the preview); the first failure anywhere rolls the whole import back. Returns the number of rows
    written; raises ImportRejected with the errors by row."""
    return commit_all(result=result, user=user, write_row=partial(_write, user=user))


def _write(row: RowResult, user: User) -> None:
    unit = row.instance
    try:
        if unit is None:
            unit_create(data=row.data, actor=user)
        else:
            unit_update(unit=unit, data=row.data, expected_version=unit.version, actor=user)
    except ValidationError as exc:
        row.errors += rule_errors(exc, HEADER_BY_FIELD)
    except PermissionDenied as exc:
        row.errors.append((HEADER_BY_FIELD["commune"], str(exc)))
    except StaleVersion:
        row.errors.append((HEADER_BY_FIELD["id"], _("Someone changed this unit after the file was checked: "
                                                    "export it again.")))
    except IntegrityError:  # unit_create / unit_update run in a savepoint, so the import can go on reporting
        row.errors.append(("", _("The registry refused this row: it duplicates a unit saved meanwhile.")))
