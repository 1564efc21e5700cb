"""Tally values in Excel, one value per row: the template, the export (which imports back unchanged), and the import:
a preview that writes nothing, then all rows or none, with the errors by row and column."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tallies.excel import HEADERS, SHEET, tallies_template_workbook
from tallies.models import TallyValue

from .helpers import catalogue, save  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
IMPORT = "/activities/tallies/excel/import/"


def row(code="sessions", value="120", body="ca-222", period="Quý 3/2019", **cells) -> dict:
    return {"Mã cơ quan báo cáo": body, "Kỳ báo cáo": period, "Mã chỉ tiêu": code, "Giá trị": value} | cells


def sheet(*rows: dict) -> SimpleUploadedFile:
    book = load_workbook(io.BytesIO(tallies_template_workbook()))
    data = book[SHEET]
    for cells in rows:
        data.append([cells.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("so-lieu.xlsx", buffer.getvalue())


def read(content: bytes) -> list[dict]:
    values = list(load_workbook(io.BytesIO(content))[SHEET].values)
    return [dict(zip(values[0], cells, strict=True)) for cells in values[1:]]


def upload(client, file):
    return client.post(IMPORT, {"file": file})


def test_the_template_has_the_columns_a_guide_and_the_codes_as_dropdowns(client, district_officer):
    client.force_login(district_officer)
    book = load_workbook(io.BytesIO(client.get("/activities/tallies/excel/template/").content))
    assert [c.value for c in book[SHEET][1]] == HEADERS
    guide = "\n".join(str(c.value) for r_ in book["Hướng dẫn"].iter_rows() for c in r_ if c.value)
    assert "trên 80.000" in guide and "Quý 3/2019" in guide
    assert len(book[SHEET].data_validations.dataValidation) == 2
    codes = [c.value for c in book["Danh mục"]["A"][1:]]
    assert "ca-222" in codes and "mttq-tinh" in codes


def test_a_sheet_is_previewed_then_imported_whole(client, district_officer):
    client.force_login(district_officer)
    file = sheet(row("sessions", "1.200"), row("participants", "trên 80.000", **{"Ghi chú": "ước tính"}),
                 row("leaflets", 2000, period="2019-Q3"), row("conferences", "4", body="bcd-222", period="Quý 2/2019"),
                 row("conference_participants", "300", body="bcd-222", period="Quý 2/2019"))
    r = upload(client, file)
    assert r.status_code == 200 and r.context["result"].ok
    assert "5 dòng hợp lệ" in r.content.decode()
    assert not TallyValue.objects.exists()  # a preview writes nothing
    r = client.post(IMPORT, {"commit": "1"}, follow=True)
    assert "Đã nhập 5 số liệu." in r.content.decode()
    values = {v.indicator.code: v for v in TallyValue.objects.select_related("indicator")}
    assert values["sessions"].value == 1200 and values["participants"].more_than
    assert values["participants"].note == "ước tính" and values["conferences"].period_end.isoformat() == "2019-06-30"


def test_one_negative_value_imports_nothing_and_names_the_row_and_column(client, district_officer):
    client.force_login(district_officer)
    r = upload(client, sheet(row("sessions", "120"), row("participants", "3000"), row("leaflets", "20"),
                             row("tips", "-5")))
    html = r.content.decode()
    assert "Dòng 5, Giá trị: Nguồn tin về ANTT cung cấp cho lực lượng Công an không được là số âm." in html
    assert 'class="table-warning" id="row-5"' in html and "Nhập tất cả các dòng" not in html
    assert client.post(IMPORT, {"commit": "1"}).status_code == 302  # nothing waits to be imported
    assert not TallyValue.objects.exists()


def test_rows_are_checked_against_the_scope_the_data_set_the_period_and_each_other(client, district_officer):
    client.force_login(district_officer)
    rows = [row(body="ca-218"), row("fire_fines"), row(period="Tháng 7/2019"), row(period="Quý 5/2019"),
            row("conferences", "10", body="bcd-222"), row("conference_participants", "4", body="bcd-222"),
            row("sessions", "5"), row("sessions", "6"), row(body="khong-co")]
    result = upload(client, sheet(*rows)).context["result"]
    errors = {r.row_number: r.errors for r in result.rows}
    assert errors[2] == [("Mã cơ quan báo cáo", "Công an huyện Lục Nam không thuộc địa bàn của bạn.")]
    assert errors[3][0][0] == "Giá trị" and "không phải là chỉ tiêu mà" in errors[3][0][1]
    assert errors[4] == [("Kỳ báo cáo", "Công an thị xã Việt Yên báo cáo theo quý.")]
    assert errors[5][0][0] == "Kỳ báo cáo"
    assert errors[6] == [] and "không được ít hơn" in errors[7][0][1]  # participants below the sheet's conferences
    assert errors[8] == [] and errors[9] == [("Mã chỉ tiêu", "Số liệu này đã có ở dòng 8.")]
    assert errors[10] == [("Mã cơ quan báo cáo", "Không có cơ quan báo cáo nào có mã “khong-co”.")]
    assert not TallyValue.objects.exists()


def test_the_export_imports_back_unchanged(client, province_staff):
    save(province_staff, "ca-222", "2019-Q3", sessions=120, participants=(80000, True))
    save(province_staff, "canh-sat-pccc", "2019-07", fire_fines=(1500000, True), fire_fined_facilities=2)
    save(province_staff, "so-gddt", "2018", students=5000)
    client.force_login(province_staff)
    rows = read(client.get("/activities/tallies/excel/export/").content)
    assert len(rows) == 5
    by_code = {r["Mã chỉ tiêu"]: r for r in rows}
    assert by_code["participants"]["Giá trị"] == "trên 80.000" and by_code["sessions"]["Giá trị"] == 120
    assert by_code["fire_fines"]["Kỳ báo cáo"] == "Tháng 07/2019" and by_code["students"]["Kỳ báo cáo"] == "Năm 2018"
    assert by_code["sessions"]["Tên cơ quan báo cáo"] == "Công an thị xã Việt Yên"
    before = {(v.indicator_id, v.body_id, v.period_start, v.value, v.more_than) for v in TallyValue.objects.all()}
    r = upload(client, sheet(*rows))
    assert r.context["result"].ok
    client.post(IMPORT, {"commit": "1"})
    after = {(v.indicator_id, v.body_id, v.period_start, v.value, v.more_than) for v in TallyValue.objects.all()}
    assert after == before
    # The export follows the list's filters and the scope.
    assert len(read(client.get("/activities/tallies/excel/export/", {"body": "ca-222"}).content)) == 2


def test_viewers_cannot_import(client, viewer):
    client.force_login(viewer)
    assert client.get(IMPORT).status_code == 403
