"""Commendations in Excel: the template, the export of the filtered list, and the import (a dry-run preview, then an
all-or-nothing commit), on the shared machinery of antqcore/excel/.

One column list drives all three, so that an exported sheet can be edited and imported back (the system number
says which commendation a row changes). Units are written by tax code (or, without one, by system number); areas by
their official code, read on the map of the decision date. A second medal for the same person is refused row by
row, naming the first decision, whether the first is in the register or higher up in the same sheet."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from antqcore.excel.areas import AreaCodes
from antqcore.excel.cells import Column, to_int
from antqcore.excel.commit import commit_all
from antqcore.excel.reading import ImportResult, RowResult, SheetReader, add_rule_errors, read_sheet
from antqcore.excel.writing import export_value, write_workbook
from antqcore.models import Area, AreaLevel, User
from antqcore.scoping import area_in_scope
from antqcore.selectors import AreaNotFound, area_resolve
from units.excel import UnitReferences, unit_reference

from .models import AwardForm, Commendation, Grantor, Occasion, RecipientKind
from .selectors import commendations_visible
from .services import (
    COMMENDATION_FIELDS,
    commendation_check_rules,
    commendation_create,
    commendation_update,
    name_key_of,
    normalise,
)

SHEET = "Khen thưởng"
MAX_ROWS = 3000
FORM_LABELS = {AwardForm.EMULATION_FLAG: "Cờ thi đua", AwardForm.CERTIFICATE_OF_MERIT: "Bằng khen",
               AwardForm.CERTIFICATE_OF_COMMENDATION: "Giấy khen",
               AwardForm.MEDAL: "Kỷ niệm chương Bảo vệ an ninh Tổ quốc", AwardForm.OTHER: "Hình thức khác"}
GRANTOR_LABELS = {Grantor.MINISTRY: "Bộ Công an (Bộ trưởng)", Grantor.PROVINCE_CHAIRMAN: "Chủ tịch UBND tỉnh",
                  Grantor.POLICE_DIRECTOR: "Giám đốc Công an tỉnh",
                  Grantor.DISTRICT_CHAIRMAN: "Chủ tịch UBND cấp huyện",
                  Grantor.COMMUNE_CHAIRMAN: "Chủ tịch UBND cấp xã", Grantor.OTHER: "Cơ quan khác"}
KIND_LABELS = {RecipientKind.COLLECTIVE: "Tập thể", RecipientKind.INDIVIDUAL: "Cá nhân"}
OCCASION_LABELS = {Occasion.ANNUAL: "Hằng năm", Occasion.AUGUST_19: "Ngày hội toàn dân bảo vệ ANTQ 19/8",
                   Occasion.THEMATIC: "Chuyên đề", Occasion.EXCEPTIONAL: "Đột xuất"}
UNIT_HELP = "mã số thuế của đơn vị, hoặc Mã hệ thống của đơn vị nếu đơn vị không có mã số thuế"

COLUMNS = [
    Column("Mã hệ thống", "id", "id", width=12, help="Để trống khi thêm mới. Giữ nguyên số có sẵn (trong tệp xuất "
           "từ hệ thống) để sửa khen thưởng đó: mọi cột của dòng sẽ thay thế dữ liệu cũ."),
    Column("Số quyết định", "decision_number", required=True, width=18),
    Column("Ngày quyết định", "decision_date", "date", True, help="Ngày dạng dd/mm/yyyy."),
    Column("Hình thức", "form", "choice", True, FORM_LABELS, width=28),
    Column("Tên hình thức khác", "other_form", width=24, help="Bắt buộc khi Hình thức là Hình thức khác."),
    Column("Cấp khen thưởng", "grantor", "choice", True, GRANTOR_LABELS, width=26,
           help="Người ký quyết định. Kỷ niệm chương do Bộ trưởng Bộ Công an tặng."),
    Column("Tên cơ quan khen khác", "other_grantor", width=24, help="Bắt buộc khi Cấp khen thưởng là Cơ quan khác."),
    Column("Dịp khen thưởng", "occasion", "choice", False, OCCASION_LABELS, width=24, default=Occasion.ANNUAL,
           help="Để trống là Hằng năm."),
    Column("Đối tượng", "recipient_kind", "choice", True, KIND_LABELS, width=12,
           help="Kỷ niệm chương chỉ tặng cá nhân."),
    Column("Đơn vị", "unit", "unit", width=18,
           help=f"Đơn vị được khen (tập thể) hoặc nơi cá nhân công tác: {UNIT_HELP}."),
    Column("Tên tập thể", "organisation_name", width=30, help="Với tập thể: tên tập thể không phải là đơn vị trong "
           "hệ thống, hoặc bộ phận của đơn vị (ví dụ Đội bảo vệ). Bắt buộc nếu không có Đơn vị."),
    Column("Họ và tên", "person_name", width=24, help="Bắt buộc với cá nhân."),
    Column("Năm sinh", "birth_year", "year", width=10,
           help="Với Kỷ niệm chương: bắt buộc nếu không có Số CCCD (để phân biệt người trùng tên)."),
    Column("Số CCCD", "citizen_id", width=16, help="Số căn cước công dân 12 chữ số (hoặc CMND 9 chữ số); khi có, "
           "số này xác định cá nhân để bảo đảm mỗi người chỉ được tặng Kỷ niệm chương một lần."),
    Column("Chức vụ", "position", width=22),
    Column("Nơi công tác", "workplace", width=26, help="Với cá nhân không thuộc đơn vị trong hệ thống."),
    Column("Mã địa bàn", "area", "area", width=12, help="Mã xã, phường (5 chữ số), huyện (3 chữ số) hoặc tỉnh (2 chữ "
           "số) nơi khen thưởng được tính, theo bản đồ hành chính tại ngày quyết định. Để trống thì lấy xã, phường "
           "của đơn vị."),
    Column("Lý do", "reason", width=40),
]
HEADERS = [c.header for c in COLUMNS]
HEADER_BY_FIELD = {c.field: c.header for c in COLUMNS}
GUIDE = [
    f"Mỗi dòng của trang “{SHEET}” là một lượt khen thưởng (một tập thể hoặc một cá nhân trong một quyết định); "
    "giữ nguyên dòng tiêu đề.",
    "Để trống cột Mã hệ thống để thêm mới; điền Mã hệ thống (có sẵn trong tệp xuất) để sửa khen thưởng đó.",
    "Đơn vị phải là đơn vị đã có trong hệ thống, trong địa bàn của người nhập.",
    "Mỗi người chỉ được tặng Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” một lần: dòng tặng lần thứ hai bị từ chối và "
    "báo quyết định đã tặng.",
]


# --- Writing -------------------------------------------------------------------------------------------------------

def commendations_template_workbook() -> bytes:
    return _workbook([])


def commendations_export_workbook(queryset: QuerySet[Commendation]) -> bytes:
    return _workbook(queryset.select_related("unit", "area"))


def _workbook(rows) -> bytes:
    return write_workbook(sheet_name=SHEET, columns=COLUMNS, rows=([_cell(c, row) for c in COLUMNS] for row in rows),
                          guide_title="Hướng dẫn nhập danh sách khen thưởng trong phong trào toàn dân bảo vệ ANTQ",
                          guide_lines=GUIDE)


def _cell(column: Column, commendation: Commendation):
    if column.kind == "id":
        return commendation.pk
    value = getattr(commendation, column.field)
    if column.kind == "unit":
        return unit_reference(value) if value else None
    if column.kind == "area":
        return value.code
    return export_value(column, value if value != "" else None)


# --- Reading -------------------------------------------------------------------------------------------------------

def commendations_import_preview(*, file, user: User) -> ImportResult:
    """Read and check every row of an uploaded .xlsx without writing anything."""
    return read_sheet(file=file, sheet_name=SHEET, columns=COLUMNS, read_row=_RowReader(user).read,
                      max_rows=MAX_ROWS,
                      empty_message=_("The sheet has no commendations: fill in the rows under the headers."),
                      too_many_message=_("A file can hold at most %(n)s commendations.") % {"n": MAX_ROWS})


def commendations_import_commit(*, result: ImportResult, user: User) -> int:
    """Write every row, or none. Each row goes through commendation_create / commendation_update, which check the
    rules again against what the database holds now (a medal recorded meanwhile included). Raises ImportRejected
    with the errors by row."""

    def write_row(row: RowResult) -> None:
        try:
            if row.instance is not None:
                commendation_update(commendation=row.instance, data=row.data, actor=user)
            else:
                commendation_create(data=row.data, actor=user)
        except ValidationError as exc:
            add_rule_errors(row, exc, HEADER_BY_FIELD)
        except PermissionDenied as exc:
            row.errors.append((HEADER_BY_FIELD["area"], str(exc)))

    return commit_all(result=result, user=user, write_row=write_row)


class _RowReader(SheetReader):
    """Cells of the register's own kinds (the commendation a row changes, units, areas), and the checks across
    columns, a person's second medal within the sheet included."""

    columns, model = COLUMNS, Commendation

    def __init__(self, user: User):
        super().__init__(user)
        self.units = UnitReferences(user)
        self.areas = AreaCodes(user=user, levels=[AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.COMMUNE])
        self.medal_ids: dict[str, RowResult] = {}  # citizen ID -> the first row giving that person a medal
        self.medal_names: dict[str, RowResult] = {}  # name key -> the first such row
        self.medal_names_without_id: dict[str, RowResult] = {}

    def parse(self, column: Column, raw, row: RowResult):
        value = super().parse(column, raw, row)
        if column.field == "citizen_id" and value.isdigit() and len(value) in (8, 10, 11):
            value = value.zfill(12 if len(value) > 9 else 9)  # a number cell drops the leading zero
        return value

    def parse_own(self, column: Column, text: str, raw, row: RowResult):
        if column.kind == "unit":
            current = row.instance.unit if row.instance and row.instance.unit_id else None
            return self.units.require(text, [current] if current else [])
        if column.kind == "area":
            return self.area(text.zfill(len(text) + 1) if text.isdigit() and len(text) in (1, 4) else text, row)
        return self.find_commendation(to_int(raw))

    def find_commendation(self, pk: int) -> Commendation:
        # A commendation outside the user's area is reported as missing, so the import does not reveal it exists.
        found = commendations_visible(user=self.user).filter(pk=pk).select_related("unit", "area").first()
        if found is None:
            raise ValidationError(_("There is no commendation no. %(id)s in your area.") % {"id": pk})
        return found

    def area(self, code: str, row: RowResult) -> Area:
        """The area bearing `code` on the decision date (the sheet is read in column order, the date first); else
        as every import reads codes (AreaCodes)."""
        current = row.instance.area if row.instance else None
        day = row.data.get("decision_date")
        if day is not None and not (current is not None and current.code == code):
            try:
                return area_resolve(code=code, on=day)
            except AreaNotFound:
                pass
        area = self.areas.get(code, current)
        if area is None:
            raise ValidationError(_("No area has the code %(code)s.") % {"code": code})
        return area

    def check(self, row: RowResult) -> None:
        """Rules across columns: the area in the user's scope, the register's rules (a medal in the register
        included), a second medal within the sheet."""
        self.seen.check(row, HEADER_BY_FIELD["id"], row.instance.pk if row.instance else None,
                        _("This commendation is already on row %(row)s."))
        current = {f: getattr(row.instance, f) for f in COMMENDATION_FIELDS} if row.instance else {}
        data = normalise(current | row.data)
        area_header = HEADER_BY_FIELD["area"]
        area = data.get("area")
        if area is not None and not area_in_scope(self.user, area) and not row.has_error(area_header):
            row.errors.append((area_header, _("%(area)s is outside your area.") % {"area": area.name}))
        if row.errors:
            return  # the rules would repeat what the cells already say
        try:
            commendation_check_rules(data=data, instance=row.instance)
        except ValidationError as exc:
            add_rule_errors(row, exc, HEADER_BY_FIELD)
            return
        if data.get("form") == AwardForm.MEDAL:
            self.check_medal_in_sheet(row, data)

    def check_medal_in_sheet(self, row: RowResult, data: dict) -> None:
        """A person's second medal within the sheet, by the rule of selectors.medal_holder."""
        name_key, citizen_id = name_key_of(data["person_name"], data.get("birth_year")), data.get("citizen_id")
        if citizen_id:
            first = self.medal_ids.get(citizen_id) or self.medal_names_without_id.get(name_key)
        else:
            first = self.medal_names.get(name_key)
        if first is not None:
            row.errors.append((HEADER_BY_FIELD["person_name"], _(
                "%(name)s is given the “Protecting National Security” medal on row %(row)s already (Decision No. "
                "%(number)s of %(date)s).") % {"name": data["person_name"], "row": first.row_number,
                                               "number": first.data["decision_number"],
                                               "date": first.data["decision_date"].strftime("%d/%m/%Y")}))
            return
        if citizen_id:
            self.medal_ids[citizen_id] = row
        else:
            self.medal_names_without_id.setdefault(name_key, row)
        self.medal_names.setdefault(name_key, row)
