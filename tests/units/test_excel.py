import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from antqcore.excel.commit import ImportRejected
from tests.conftest import area
from tests.units.factories import commune_of
from units.excel import (
    HEADERS,
    units_export_workbook,
    units_import_commit,
    units_import_preview,
    units_template_workbook,
)
from units.models import IndustrialZone, Unit
from units.selectors import unit_list
from units.services import unit_create

pytestmark = pytest.mark.django_db

VIET_YEN_COMMUNE = "07759"  # Xã Thượng Lan, the first commune of Việt Yên (222)


def make_unit(name: str, tax_code: str = "", district: str = "222", **extra) -> Unit:
    return unit_create(data={
        "name": name, "kind": "enterprise", "subtype": "private_enterprise", "managing_level": "province",
        "commune": commune_of(district), "tax_code": tax_code, **extra,
    }, actor=None)


def row(**cells) -> dict:
    """A valid sheet row for a new unit in Việt Yên, with `cells` (by header) overriding it."""
    return {"Tên đơn vị": "Công ty May Việt Yên", "Loại": "Doanh nghiệp", "Phân loại": "Doanh nghiệp ngoài nhà nước",
            "Mã số thuế": "2400000001", "Mã xã/phường": VIET_YEN_COMMUNE, "Cấp quản lý": "Tỉnh",
            "Số công nhân": 120} | cells


def sheet(*rows: dict, headers: list[str] = HEADERS, name: str = "don-vi.xlsx") -> SimpleUploadedFile:
    """The template filled with `rows`, as a user would upload it."""
    book = load_workbook(io.BytesIO(units_template_workbook()))
    units = book["Đơn vị"]
    for i, header in enumerate(headers, start=1):
        units.cell(row=1, column=i, value=header)
    for cells in rows:
        units.append([cells.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def read_units(content: bytes) -> list[dict]:
    values = list(load_workbook(io.BytesIO(content))["Đơn vị"].values)
    return [dict(zip(values[0], cells, strict=True)) for cells in values[1:]]


def preview(file, user):
    return units_import_preview(file=io.BytesIO(file.read()), user=user)


def upload(client, file):
    return client.post(reverse("units:import"), {"file": file})


def confirm(client):
    return client.post(reverse("units:import"), {"commit": "1"})


def errors_of(result) -> dict[int, list[str]]:
    """Columns in error, by row number."""
    return {r.row_number: [column for column, _message in r.errors] for r in result.rows if r.errors}


# --- Template and export -------------------------------------------------------------------------------------------

def test_the_template_downloads_with_the_headers_and_a_guide(client, district_officer):
    client.force_login(district_officer)
    r = client.get(reverse("units:import_template"))
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"] and ".xlsx" in r["Content-Disposition"]
    book = load_workbook(io.BytesIO(r.content))
    assert [c.value for c in book["Đơn vị"][1]][:7] == [
        "Mã hệ thống", "Tên đơn vị", "Loại", "Phân loại", "Quốc gia đầu tư", "Mã số thuế", "Mã xã/phường"]
    guide = " ".join(str(c) for cells in book["Hướng dẫn"].values for c in cells if c)
    assert "Doanh nghiệp ngoài nhà nước" in guide and "Đã giải thể" in guide


def dropdowns(content: bytes, sheet_name: str) -> dict[str, list[str]]:
    """The values each column's dropdown offers, by header, as Excel shows them."""
    book = load_workbook(io.BytesIO(content))
    sheet, lists = book[sheet_name], book["Danh mục"]
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    offered = {}
    for validation in sheet.data_validations.dataValidation:
        source = validation.formula1.split("!")[1].replace("$", "")
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        offered[headers[column]] = [cell.value for (cell,) in lists[source]]
    return offered


def test_the_template_offers_the_accepted_values_as_dropdowns():
    IndustrialZone.objects.create(name="Khu công nghiệp Quang Châu", kind="zone", area=area("222").children.first())
    offered = dropdowns(units_template_workbook(), "Đơn vị")
    assert offered["Loại"] == ["Cơ quan", "Doanh nghiệp", "Nhà trường"]
    assert offered["Có tổ chức Đảng"] == ["Có", "Không"]
    assert offered["KCN/CCN"] == ["Khu công nghiệp Quang Châu"]
    assert set(offered) == {"Loại", "Phân loại", "Cấp quản lý", "Có tổ chức Đảng", "KCN/CCN", "Trạng thái"}


def test_the_export_holds_only_the_users_area(client, district_officer):
    make_unit("Công ty Việt Yên", "2400000001")
    make_unit("Công ty Lục Nam", "2400000002", district="218")
    client.force_login(district_officer)
    r = client.get(reverse("units:export"))
    assert r.status_code == 200
    assert f"don-vi-{timezone.localdate():%Y-%m-%d}.xlsx" in r["Content-Disposition"]
    assert [u["Tên đơn vị"] for u in read_units(r.content)] == ["Công ty Việt Yên"]


def test_the_export_follows_the_list_filters(client, province_staff):
    make_unit("Công ty May Việt Yên", "2400000001")
    make_unit("Công ty Điện tử", "2400000002", district="218")
    client.force_login(province_staff)
    r = client.get(reverse("units:export"), {"q": "may"})
    assert [u["Tên đơn vị"] for u in read_units(r.content)] == ["Công ty May Việt Yên"]


def test_the_export_writes_codes_and_labels_a_person_can_read():
    unit = make_unit("Công ty May", "0240000001", worker_count=35)
    [exported] = read_units(units_export_workbook(unit_list()))
    assert exported["Mã hệ thống"] == unit.pk
    assert exported["Mã số thuế"] == "0240000001" and exported["Mã xã/phường"] == VIET_YEN_COMMUNE
    assert exported["Loại"] == "Doanh nghiệp" and exported["Cấp quản lý"] == "Tỉnh"
    assert exported["Số công nhân"] == 35 and exported["Trạng thái"] == "Đang hoạt động"


def test_the_export_does_not_query_the_database_for_each_unit():
    make_unit("Công ty 1", "2400000001")
    with CaptureQueriesContext(connection) as one:
        units_export_workbook(unit_list())
    for i in range(2, 6):
        make_unit(f"Công ty {i}", f"240000000{i}", district="218")
    with CaptureQueriesContext(connection) as five:
        units_export_workbook(unit_list())
    assert len(five) == len(one)


# --- Import --------------------------------------------------------------------------------------------------------

def test_an_exported_sheet_edited_and_imported_back_changes_the_unit(client, district_officer):
    unit = make_unit("Công ty May Việt Yên", "2400000001", worker_count=10)
    client.force_login(district_officer)
    book = load_workbook(io.BytesIO(client.get(reverse("units:export")).content))
    units = book["Đơn vị"]
    units.cell(row=2, column=HEADERS.index("Số công nhân") + 1, value=250)
    buffer = io.BytesIO()
    book.save(buffer)

    r = upload(client, SimpleUploadedFile("don-vi.xlsx", buffer.getvalue()))
    assert r.context["result"].ok and r.context["result"].rows[0].action == "update"
    unit.refresh_from_db()
    assert unit.worker_count == 10  # the preview writes nothing

    r = confirm(client)
    assert r.status_code == 302 and r.url == reverse("units:list")
    unit.refresh_from_db()
    assert unit.worker_count == 250 and unit.name == "Công ty May Việt Yên"
    assert Unit.objects.count() == 1


def test_new_rows_are_created_only_when_the_user_confirms(client, district_officer):
    client.force_login(district_officer)
    r = upload(client, sheet(row(), row(**{"Tên đơn vị": "Trường THCS Thượng Lan", "Loại": "school",
                                           "Phân loại": "lower_secondary", "Mã số thuế": None})))
    assert r.status_code == 200 and r.context["result"].valid_count == 2
    assert not Unit.objects.exists()

    confirm(client)
    assert sorted(Unit.objects.values_list("name", flat=True)) == ["Công ty May Việt Yên", "Trường THCS Thượng Lan"]
    assert Unit.objects.get(tax_code="2400000001").commune.code == VIET_YEN_COMMUNE


def test_one_bad_row_among_three_imports_nothing_and_names_its_row_and_column(client, district_officer):
    client.force_login(district_officer)
    r = upload(client, sheet(row(), row(**{"Tên đơn vị": "Công ty B", "Mã số thuế": "2400000002",
                                           "Số công nhân": -5}),
                             row(**{"Tên đơn vị": "Công ty C", "Mã số thuế": "2400000003"})))
    assert errors_of(r.context["result"]) == {3: ["Số công nhân"]}
    assert 'class="table-danger"' in r.content.decode()

    confirm(client)
    assert not Unit.objects.exists()


@pytest.mark.parametrize("header, value", [
    ("Mã xã/phường", "99999"),
    ("Hoạt động từ", "31/02/2024"),
    ("Số học sinh", "nhiều"),
    ("Loại", "Bệnh viện"),
    ("Tên đơn vị", None),
    ("Có tổ chức Đảng", "có lẽ"),
    ("KCN/CCN", "KCN không có thật"),
    ("Email", "khong-phai-email"),
])
def test_a_bad_cell_is_reported_on_its_row_and_column(district_officer, header, value):
    result = preview(sheet(row(), row(**{"Tên đơn vị": "Công ty B", "Mã số thuế": "2400000002", header: value})),
                     district_officer)
    assert not result.ok and errors_of(result) == {3: [header]}


def test_dates_and_numbers_are_read_as_excel_or_a_person_writes_them(district_officer):
    result = preview(sheet(row(**{"Hoạt động từ": datetime.datetime(2019, 9, 5), "Số cán bộ": "1.200"}),
                           row(**{"Tên đơn vị": "Công ty B", "Mã số thuế": "2400000002", "Hoạt động từ": "05/09/2019",
                                  "Mã xã/phường": 7759, "Có tổ chức Đảng": "Có"})),
                     district_officer)
    assert result.ok
    first, second = (r.data for r in result.rows)
    assert first["started_on"] == second["started_on"] == datetime.date(2019, 9, 5)
    assert first["staff_count"] == 1200 and second["commune"].code == VIET_YEN_COMMUNE
    assert second["has_party_organisation"] is True


def test_duplicate_rows_within_the_sheet_are_caught(district_officer):
    result = preview(sheet(row(), row(**{"Tên đơn vị": "Công ty khác"}),
                           row(**{"Mã số thuế": "2400000009"})), district_officer)
    assert errors_of(result) == {3: ["Mã số thuế"], 4: ["Tên đơn vị"]}
    assert "2" in dict(result.rows[1].errors)["Mã số thuế"]  # it points at the first row holding the tax code


def test_a_row_duplicating_a_unit_of_the_registry_is_caught(district_officer):
    make_unit("Công ty đã có", "2400000001")
    result = preview(sheet(row()), district_officer)
    assert errors_of(result) == {2: ["Mã số thuế"]}


def test_a_district_officer_cannot_import_into_another_district(client, district_officer):
    lục_nam_unit = make_unit("Công ty Lục Nam", "2400000005", district="218")
    client.force_login(district_officer)
    lục_nam_commune = area("218").children.first().code
    r = upload(client, sheet(row(**{"Mã xã/phường": lục_nam_commune}),
                             row(**{"Mã hệ thống": lục_nam_unit.pk, "Tên đơn vị": "Đổi tên", "Mã số thuế": None})))
    assert errors_of(r.context["result"]) == {2: ["Mã xã/phường"], 3: ["Mã hệ thống"]}
    confirm(client)
    lục_nam_unit.refresh_from_db()
    assert Unit.objects.count() == 1 and lục_nam_unit.name == "Công ty Lục Nam"


def test_a_unit_registered_between_preview_and_commit_cancels_the_whole_import(district_officer):
    result = preview(sheet(row(), row(**{"Tên đơn vị": "Công ty B", "Mã số thuế": "2400000002"}),
                           row(**{"Tên đơn vị": "Công ty C", "Mã số thuế": "2400000003"})), district_officer)
    assert result.ok
    make_unit("Đăng ký cùng lúc", "2400000003")  # someone else, meanwhile

    with pytest.raises(ImportRejected) as rejected:
        units_import_commit(result=result, user=district_officer)
    assert errors_of(rejected.value.result) == {4: ["Mã số thuế"]}
    assert list(Unit.objects.values_list("name", flat=True)) == ["Đăng ký cùng lúc"]


def test_a_sheet_with_other_headers_gets_one_clear_error(district_officer):
    result = preview(sheet({"Tên": "Công ty A"}, headers=["Tên", "Địa chỉ"]), district_officer)
    assert len(result.errors) == 1 and "Tên đơn vị" in result.errors[0] and not result.rows


def test_empty_rows_after_the_data_are_ignored(district_officer):
    result = preview(sheet(row(), {}, {"Tên đơn vị": "   "}, {}), district_officer)
    assert result.ok and len(result.rows) == 1


def test_a_viewer_cannot_import(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("units:import")).status_code == 403
    assert upload(client, sheet(row())).status_code == 403
    assert not Unit.objects.exists()


@pytest.mark.parametrize("name", ["units:import_template", "units:import", "units:export"])
def test_anonymous_users_are_sent_to_the_login_page(client, name):
    r = client.get(reverse(name))
    assert r.status_code == 302 and r.url.startswith(reverse("login"))


# --- Messages in Vietnamese (they need the translations of units/excel_translations_vi.txt) --------------------------

def test_a_file_that_is_not_xlsx_gets_a_vietnamese_message(client, district_officer):
    client.force_login(district_officer)
    r = upload(client, SimpleUploadedFile("don-vi.csv", "Tên đơn vị;Loại\nCông ty A;DN\n".encode()))
    assert r.status_code == 200
    assert "Tệp không phải là bảng tính Excel (.xlsx)" in r.content.decode()


def test_the_preview_tells_in_vietnamese_which_row_and_column_are_wrong(client, district_officer):
    client.force_login(district_officer)
    rows = [row(**{"Tên đơn vị": f"Công ty {i}", "Mã số thuế": f"240000000{i}"}) for i in range(3)]
    r = upload(client, sheet(*rows, row(**{"Mã xã/phường": "99999"})))
    html = r.content.decode()
    assert "3 dòng hợp lệ, 1 dòng lỗi" in html
    assert "Dòng 5, Mã xã/phường: Không có xã/phường mã 99999" in html


def test_a_successful_import_says_how_many_units_it_wrote(client, district_officer):
    client.force_login(district_officer)
    upload(client, sheet(row()))
    r = confirm(client)
    assert [str(m) for m in get_messages(r.wsgi_request)] == ["Đã nhập 1 đơn vị."]
