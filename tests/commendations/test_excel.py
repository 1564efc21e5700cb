"""Commendations in Excel: the template, the export of the filtered list, and the import (preview, then all or
nothing). A second medal for the same person is refused row by row, naming the first decision, whether the first
is in the register or higher up in the sheet."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from antqcore.excel.commit import ImportRejected
from commendations.excel import (
    HEADERS,
    commendations_export_workbook,
    commendations_import_commit,
    commendations_import_preview,
    commendations_template_workbook,
)
from commendations.models import Commendation
from commendations.services import COMMENDATION_FIELDS
from tests.conftest import area
from tests.units.factories import commune_of, make_unit
from tests.units.test_excel import dropdowns

from .factories import make_commendation, make_medal

pytestmark = pytest.mark.django_db
VIET_YEN_COMMUNE = "07759"  # Xã Thượng Lan, the first commune of Việt Yên (222) on the 2019 map
FIRST = ("Ông/Bà Nguyễn Văn An đã được tặng Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” theo Quyết định số "
         "2345/QĐ-BCA-X15 ngày 16/08/2016.")


def medal_row(**cells) -> dict:
    """A valid sheet row: a medal to a person of Việt Yên, with `cells` (by header) overriding it."""
    return {"Số quyết định": "3001/QĐ-BCA-X15", "Ngày quyết định": "12/08/2019", "Hình thức": "Kỷ niệm chương Bảo vệ "
            "an ninh Tổ quốc", "Cấp khen thưởng": "Bộ Công an (Bộ trưởng)", "Dịp khen thưởng": "Ngày hội toàn dân "
            "bảo vệ ANTQ 19/8", "Đối tượng": "Cá nhân", "Họ và tên": "Trần Thị Mai", "Năm sinh": 1980,
            "Chức vụ": "Giáo viên", "Mã địa bàn": VIET_YEN_COMMUNE} | cells


def sheet(*rows: dict) -> SimpleUploadedFile:
    """The template filled with `rows`, as a user would upload it."""
    book = load_workbook(io.BytesIO(commendations_template_workbook()))
    for cells in rows:
        book["Khen thưởng"].append([cells.get(h) for h in HEADERS])
    return as_upload(book)


def as_upload(book) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("khen-thuong.xlsx", buffer.getvalue())


def read_rows(content: bytes) -> list[dict]:
    values = list(load_workbook(io.BytesIO(content))["Khen thưởng"].values)
    return [dict(zip(values[0], cells, strict=True)) for cells in values[1:]]


def preview(file, user):
    return commendations_import_preview(file=io.BytesIO(file.read()), user=user)


def errors_of(result) -> dict[int, list[tuple[str, str]]]:
    return {r.row_number: r.errors for r in result.rows if r.errors}


def snapshot(commendation: Commendation) -> dict:
    commendation.refresh_from_db()
    return {f: getattr(commendation, f) for f in COMMENDATION_FIELDS}


def upload(client, file):
    return client.post(reverse("commendations:import"), {"file": file})


def confirm(client):
    return client.post(reverse("commendations:import"), {"commit": "1"})


# --- Template and export -------------------------------------------------------------------------------------------

def test_the_template_downloads_with_the_headers_dropdowns_and_a_guide(client, district_officer):
    client.force_login(district_officer)
    r = client.get(reverse("commendations:import_template"))
    assert r.status_code == 200 and "mau-nhap-khen-thuong.xlsx" in r["Content-Disposition"]
    book = load_workbook(io.BytesIO(r.content))
    assert [c.value for c in book["Khen thưởng"][1]][:5] == [
        "Mã hệ thống", "Số quyết định", "Ngày quyết định", "Hình thức", "Tên hình thức khác"]
    guide = " ".join(str(c) for cells in book["Hướng dẫn"].values for c in cells if c)
    assert "Kỷ niệm chương Bảo vệ an ninh Tổ quốc (hoặc medal)" in guide and "một lần" in guide
    offered = dropdowns(r.content, "Khen thưởng")
    assert offered["Hình thức"] == ["Cờ thi đua", "Bằng khen", "Giấy khen", "Kỷ niệm chương Bảo vệ an ninh Tổ quốc",
                                    "Hình thức khác"]
    assert offered["Đối tượng"] == ["Tập thể", "Cá nhân"]
    assert "Giám đốc Công an tỉnh" in offered["Cấp khen thưởng"]


def test_the_export_holds_only_the_users_area_and_follows_the_list_filters(client, district_officer, province_staff):
    make_medal(make_unit("222"))
    make_commendation(make_unit("222"), decision_number="88/QĐ-CAT-PX01")
    make_commendation(make_unit("218"), decision_number="77/QĐ-CAT-PX01")
    client.force_login(district_officer)
    r = client.get(reverse("commendations:export"))
    assert r.status_code == 200 and f"khen-thuong-{timezone.localdate():%Y-%m-%d}.xlsx" in r["Content-Disposition"]
    assert sorted(row["Số quyết định"] for row in read_rows(r.content)) == ["2345/QĐ-BCA-X15", "88/QĐ-CAT-PX01"]
    client.force_login(province_staff)
    r = client.get(reverse("commendations:export"), {"recipient_kind": "collective"})
    assert sorted(row["Số quyết định"] for row in read_rows(r.content)) == ["77/QĐ-CAT-PX01", "88/QĐ-CAT-PX01"]


def test_the_export_writes_codes_and_labels_without_a_query_per_row():
    unit = make_unit("222")
    medal = make_medal(unit, citizen_id="024075001234")
    with CaptureQueriesContext(connection) as one:
        [exported] = read_rows(commendations_export_workbook(Commendation.objects.all()))
    assert exported["Mã hệ thống"] == medal.pk and exported["Mã địa bàn"] == unit.commune.code
    assert exported["Đơn vị"] == unit.tax_code and unit.tax_code.startswith("0")
    assert (exported["Hình thức"], exported["Cấp khen thưởng"], exported["Đối tượng"]) == (
        "Kỷ niệm chương Bảo vệ an ninh Tổ quốc", "Bộ Công an (Bộ trưởng)", "Cá nhân")
    assert exported["Ngày quyết định"] == datetime.datetime(2016, 8, 16) and exported["Năm sinh"] == 1975
    assert exported["Số CCCD"] == "024075001234"
    for i in range(4):
        make_commendation(make_unit("222"), decision_number=f"{i}/QĐ")
    with CaptureQueriesContext(connection) as five:
        commendations_export_workbook(Commendation.objects.all())
    assert len(five) == len(one)


# --- Import --------------------------------------------------------------------------------------------------------

def test_an_exported_sheet_imports_back_unchanged(district_officer):
    medal = make_medal(make_unit("222"), citizen_id="024075001234")
    flag = make_commendation(make_unit("222", tax_code=""), organisation_name="Đội bảo vệ", form="emulation_flag",
                             grantor="ministry")
    other = make_commendation(form="other", other_form="Huy hiệu", grantor="other", other_grantor="Tỉnh đoàn",
                              recipient_kind="individual", unit=None, person_name="Lê Văn Hùng",
                              workplace="Tỉnh đoàn Bắc Giang", area=commune_of("222", 3))
    before = [snapshot(medal), snapshot(flag), snapshot(other)]
    exported = commendations_export_workbook(Commendation.objects.order_by("pk"))

    result = preview(SimpleUploadedFile("k.xlsx", exported), district_officer)
    assert result.ok, result.error_lines()
    assert [r.action for r in result.rows] == ["update"] * 3
    assert commendations_import_commit(result=result, user=district_officer) == 3
    assert [snapshot(medal), snapshot(flag), snapshot(other)] == before
    assert Commendation.objects.count() == 3


def test_new_rows_are_created_only_when_the_user_confirms(client, district_officer):
    unit = make_unit("222", commune=commune_of("222", 2))
    client.force_login(district_officer)
    collective = medal_row(**{"Hình thức": "Giấy khen", "Cấp khen thưởng": "police_director", "Đối tượng": "Tập thể",
                              "Họ và tên": None, "Năm sinh": None, "Chức vụ": None, "Mã địa bàn": None,
                              "Đơn vị": unit.tax_code, "Dịp khen thưởng": None, "Số quyết định": "512/QĐ-CAT-PX01"})
    r = upload(client, sheet(medal_row(**{"Số CCCD": 24180012345}), collective))
    assert r.status_code == 200 and r.context["result"].valid_count == 2
    assert not Commendation.objects.exists()

    r = confirm(client)
    assert r.status_code == 302 and r["Location"] == reverse("commendations:list")
    medal = Commendation.objects.get(form="medal")
    assert (medal.person_name, medal.citizen_id, medal.area.code) == ("Trần Thị Mai", "024180012345",
                                                                       VIET_YEN_COMMUNE)
    assert medal.area.valid_to is not None  # the commune of the 2019 map, as on the decision date
    certificate = Commendation.objects.get(form="certificate_of_commendation")
    assert certificate.area == unit.commune and certificate.occasion == "annual"
    assert certificate.history.get().history_user == district_officer


def test_a_medal_already_in_the_register_is_refused_naming_the_first_decision(client, district_officer):
    make_medal(make_unit("218"))  # recorded by the province, outside the officer's district: still the same person
    client.force_login(district_officer)
    r = upload(client, sheet(medal_row(**{"Họ và tên": "Nguyễn văn An", "Năm sinh": 1975})))
    result = r.context["result"]
    assert errors_of(result) == {2: [("Họ và tên", FIRST)]}
    assert f"Dòng 2, Họ và tên: {FIRST}" in r.content.decode()
    assert Commendation.objects.count() == 1


def test_two_medals_for_the_same_person_within_the_sheet_are_refused(district_officer):
    result = preview(sheet(medal_row(**{"Số CCCD": "024080001234"}),
                           medal_row(**{"Số quyết định": "99/QĐ-BCA-X15", "Ngày quyết định": "15/08/2019"}),
                           medal_row(**{"Họ và tên": "Trần Thị Mai", "Năm sinh": 1981})), district_officer)
    assert errors_of(result) == {3: [("Họ và tên", "Ông/Bà Trần Thị Mai đã được tặng Kỷ niệm chương “Bảo vệ an ninh "
                                                   "Tổ quốc” ở dòng 2 (Quyết định số 3001/QĐ-BCA-X15 ngày "
                                                   "12/08/2019).")]}
    with pytest.raises(ImportRejected):
        commendations_import_commit(result=result, user=district_officer)
    assert not Commendation.objects.exists()


def test_a_medal_recorded_between_the_preview_and_the_commit_cancels_the_whole_import(district_officer):
    result = preview(sheet(medal_row(**{"Họ và tên": "Lê Văn Hùng", "Năm sinh": 1970}), medal_row()),
                     district_officer)
    assert result.ok
    make_medal(make_unit("222"), person_name="Trần Thị Mai", birth_year=1980)
    with pytest.raises(ImportRejected) as exc:
        commendations_import_commit(result=result, user=district_officer)
    assert errors_of(exc.value.result) == {3: [("Họ và tên", FIRST.replace("Nguyễn Văn An", "Trần Thị Mai"))]}
    assert list(Commendation.objects.values_list("person_name", flat=True)) == ["Trần Thị Mai"]


def test_one_bad_row_among_three_imports_nothing_and_names_its_row_and_column(client, district_officer):
    client.force_login(district_officer)
    r = upload(client, sheet(medal_row(),
                             medal_row(**{"Họ và tên": "Lê Văn Hùng", "Đối tượng": "Tập thể",
                                          "Ngày quyết định": "31/02/2019"}),
                             medal_row(**{"Họ và tên": "Ngô Thị Hà", "Hình thức": "Huân chương"})))
    result = r.context["result"]
    assert {n: [h for h, _m in e] for n, e in errors_of(result).items()} == {3: ["Ngày quyết định"],
                                                                            4: ["Hình thức"]}
    html = r.content.decode()
    assert "Dòng 3, Ngày quyết định: " in html and "Dòng 4, Hình thức: " in html
    assert confirm(client).status_code == 302  # nothing waits in the session: back to the upload page
    assert not Commendation.objects.exists()


def test_units_and_areas_outside_the_users_area_are_refused(district_officer):
    outside = make_unit("218")
    result = preview(sheet(medal_row(**{"Đơn vị": outside.tax_code, "Mã địa bàn": None}),
                           medal_row(**{"Họ và tên": "Lê Văn Hùng", "Mã địa bàn": commune_of("218").code}),
                           medal_row(**{"Họ và tên": "Ngô Thị Hà", "Mã địa bàn": "99999"})), district_officer)
    errors = {n: [h for h, _m in e] for n, e in errors_of(result).items()}
    assert errors == {2: ["Đơn vị"], 3: ["Mã địa bàn"], 4: ["Mã địa bàn"]}
    assert f"{commune_of('218').name} nằm ngoài địa bàn của bạn." in result.rows[1].errors[0][1]


def test_the_rules_of_the_register_apply_to_each_row(district_officer):
    result = preview(sheet(medal_row(**{"Đối tượng": "Tập thể", "Cấp khen thưởng": "Giám đốc Công an tỉnh",
                                        "Tên tập thể": "Đội bảo vệ"})), district_officer)
    assert errors_of(result) == {2: [("Đối tượng", "Kỷ niệm chương chỉ tặng cho cá nhân."),
                                     ("Cấp khen thưởng", "Kỷ niệm chương do Bộ trưởng Bộ Công an tặng.")]}


def test_a_commendation_outside_the_users_area_cannot_be_updated_by_its_number(district_officer):
    lucnam = make_commendation(make_unit("218"))
    result = preview(sheet(medal_row(**{"Mã hệ thống": lucnam.pk})), district_officer)
    assert errors_of(result) == {2: [("Mã hệ thống", f"Không có khen thưởng số {lucnam.pk} trong địa bàn của bạn.")]}


def test_a_viewer_cannot_import(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("commendations:import")).status_code == 403
    assert upload(client, sheet(medal_row())).status_code == 403
    assert not Commendation.objects.exists()


def test_a_province_officer_writes_the_province_code_for_a_provincial_organisation(province_staff):
    result = preview(sheet(medal_row(**{"Hình thức": "Bằng khen", "Cấp khen thưởng": "Chủ tịch UBND tỉnh",
                                        "Đối tượng": "Tập thể", "Họ và tên": None, "Năm sinh": None,
                                        "Tên tập thể": "Hiệp hội Doanh nghiệp tỉnh", "Mã địa bàn": "24"})),
                     province_staff)
    assert result.ok, result.error_lines()
    assert result.rows[0].data["area"] == area("24")
