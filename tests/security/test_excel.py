"""Issue #12 item 5: Excel imports bounded before and while they are read; exports that never write a formula; every
export in the security audit trail.

The crafted workbooks are the units template as a user would download it, with its sheet's XML changed the way an
attacker would: a huge declared dimension, thousands of empty <row/> elements (a few KB once compressed), a styled
cell at row 1.000.000, or a part that unpacks to tens of MB."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from antqcore.models import SecurityEvent
from incidents.excel import incidents_template_workbook
from reports.annex import annex_xlsx
from tests.conftest import area
from tests.reports.helpers_core import make_run
from tests.units.factories import commune_of
from units.excel import units_export_workbook, units_import_preview, units_template_workbook
from units.models import IndustrialZone, Unit
from units.selectors import unit_list
from units.services import unit_create

pytestmark = pytest.mark.django_db

SHEET_PART = "xl/worksheets/sheet1.xml"  # the template's first sheet, "Đơn vị"
UNIT = ["", "Công ty May Việt Yên", "Doanh nghiệp", "Doanh nghiệp ngoài nhà nước", "", "2400000001", "07759", "",
        "Tỉnh"]
DANGEROUS = ['=HYPERLINK("http://evil","x")', "+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def template_with(*rows: list) -> bytes:
    book = load_workbook(io.BytesIO(units_template_workbook()))
    for cells in rows:
        book["Đơn vị"].append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_sheet(content: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through `change` (str -> str)."""
    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == SHEET_PART:
                data = change(data.decode()).encode()
            target.writestr(info.filename, data)
    return buffer.getvalue()


def declaring(dimension: str | None, extra_rows: str = ""):
    """A change of the sheet's XML: its <dimension> replaced (or removed, for None), `extra_rows` added at the end."""
    def change(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{dimension}"/>' if dimension else "", xml)
        return xml.replace("</sheetData>", extra_rows + "</sheetData>")
    return change


def preview(content: bytes, user):
    return units_import_preview(file=io.BytesIO(content), user=user)


@pytest.fixture
def rows_read(monkeypatch):
    """How many rows openpyxl handed to the import, whatever the sheet declares."""
    counted = {"rows": 0}
    original = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            counted["rows"] += 1
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    return counted


# --- Imports -------------------------------------------------------------------------------------------------------

def test_a_small_workbook_declaring_20000_wide_empty_rows_is_refused_before_it_is_read(district_officer, rows_read):
    crafted = rewrite_sheet(template_with(UNIT), declaring("A1:XFD20000", "<row/>" * 20000))
    assert len(crafted) < 20_000  # what the attacker uploads
    result = preview(crafted, district_officer)
    assert not result.rows
    assert any("Trang tính “Đơn vị” có 20.00" in e and "vượt quá giới hạn 10.000 dòng" in e
               for e in result.errors), result.errors
    assert rows_read["rows"] == 0


def test_rows_are_counted_whatever_their_numbers_say(district_officer, rows_read):
    # 200.000 rows all numbered 2, without a declared size: openpyxl parses each of them and hands over one
    crafted = rewrite_sheet(template_with(UNIT), declaring(None, '<row r="2"/>' * 200_000))
    assert len(crafted) < 20_000
    result = preview(crafted, district_officer)
    assert not result.rows
    assert result.errors[0].startswith("Trang tính “Đơn vị” có 200.002 dòng, vượt quá giới hạn 10.000 dòng.")
    assert rows_read["rows"] == 0


def rewrite_part(content: bytes, part: str, change) -> bytes:
    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, change(data.decode()).encode() if info.filename == part else data)
    return buffer.getvalue()


def test_a_style_sheet_of_thousands_of_formats_is_refused_unopened(district_officer):
    # openpyxl builds an object for every cell format when it opens a workbook: 200.000 of them took 22 s
    crafted = rewrite_part(template_with(UNIT), "xl/styles.xml", lambda xml: xml.replace(
        "<cellXfs", "<cellXfs><xf/>" + "<xf/>" * 30_000 + "</cellXfs><cellXfs", 1))
    result = preview(crafted, district_officer)
    assert not result.rows
    [error] = result.errors
    assert re.match(r"Tệp có cấu trúc quá phức tạp để đọc: phần xl/styles\.xml chứa 30\.\d{3} phần tử XML", error)
    assert "vượt quá giới hạn 20.000." in error


def test_a_styled_cell_at_row_1000000_is_refused_by_the_declared_size(district_officer, rows_read):
    crafted = rewrite_sheet(template_with(UNIT), declaring(
        "A1:Z1000000", '<row r="1000000"><c r="Z1000000" s="1"/></row>'))
    result = preview(crafted, district_officer)
    assert not result.rows
    assert result.errors[0].startswith("Trang tính “Đơn vị” có 1.000.000 dòng, vượt quá giới hạn 10.000 dòng.")
    assert rows_read["rows"] == 0


def test_without_a_declared_size_the_reading_stops_at_a_run_of_empty_rows(district_officer, rows_read):
    # openpyxl hands over an empty row for each row missing from the XML, up to the styled cell at row 1.000.000
    crafted = rewrite_sheet(template_with(UNIT), declaring(None, '<row r="1000000"><c r="Z1000000" s="1"/></row>'))
    result = preview(crafted, district_officer)
    assert result.ok and [r.row_number for r in result.rows] == [2]
    assert rows_read["rows"] < 100  # the header, the unit, the run of 50 empty rows: not 1.000.000


def test_rows_after_the_run_of_empty_rows_are_not_read(district_officer, settings):
    settings.ANTQ_IMPORT_EMPTY_ROWS_STOP = 3
    second = [*UNIT[:5], "2400000002"] + UNIT[6:]
    result = preview(template_with(UNIT, [], [], [], second), district_officer)
    assert [r.row_number for r in result.rows] == [2]


def test_reading_is_bounded_in_time(district_officer, settings):
    settings.ANTQ_IMPORT_MAX_SECONDS = 0
    result = preview(template_with(UNIT), district_officer)
    assert not result.rows
    assert result.errors == ["Việc đọc tệp vượt quá 0 giây nên đã dừng; chưa có dữ liệu nào được ghi. Hãy chia dữ "
                             "liệu thành các tệp nhỏ hơn và tải lên lần lượt."]


def test_the_import_page_refuses_a_sheet_past_the_row_limit_and_imports_nothing(client, district_officer):
    crafted = rewrite_sheet(template_with(UNIT), declaring("A1:V20000"))
    client.force_login(district_officer)
    r = client.post(reverse("units:import"), {"file": SimpleUploadedFile("don-vi.xlsx", crafted)})
    assert r.status_code == 200
    page = r.content.decode()
    assert 'id="import-errors"' in page
    assert "Trang tính “Đơn vị” có 20.000 dòng, vượt quá giới hạn 10.000 dòng." in page
    r = client.post(reverse("units:import"), {"commit": "1"})  # nothing waits to be confirmed
    assert r.status_code == 302 and r.url == reverse("units:import")
    assert not Unit.objects.exists()


def test_the_incidents_import_page_refuses_a_sheet_past_the_cell_limit(client, district_officer, settings):
    settings.ANTQ_IMPORT_MAX_CELLS = 1000
    crafted = rewrite_sheet(incidents_template_workbook(), declaring("A1:Z100"))
    client.force_login(district_officer)
    r = client.post(reverse("incidents:import"), {"file": SimpleUploadedFile("vu-viec.xlsx", crafted)})
    assert "vượt quá giới hạn 1.000 ô" in r.content.decode()


def bomb() -> bytes:
    """A valid workbook whose sheet unpacks to 30 MB (blank space between its rows) from about 30 KB."""
    content = template_with(UNIT)
    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != SHEET_PART:
                target.writestr(info.filename, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with target.open(SHEET_PART, "w") as part:
                part.write(head)
                for _ in range(30):
                    part.write(b" " * 1024 * 1024)
                part.write(b"</sheetData>" + tail)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client, district_officer, rows_read):
    crafted = bomb()
    assert len(crafted) < 100_000
    client.force_login(district_officer)
    r = client.post(reverse("units:import"), {"file": SimpleUploadedFile("don-vi.xlsx", crafted)})
    assert "Tệp Excel khi giải nén lớn hơn 20 MB" in r.content.decode()
    assert rows_read["rows"] == 0 and not Unit.objects.exists()


def test_a_file_over_the_upload_size_is_refused(district_officer, settings):
    settings.ANTQ_IMPORT_MAX_MB = 0.001
    result = preview(template_with(UNIT), district_officer)
    assert not result.rows and result.errors == ["Tệp lớn hơn 0,001 MB."]


# --- Exports -------------------------------------------------------------------------------------------------------

def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return "".join(package.read(n).decode() for n in package.namelist() if n.startswith("xl/worksheets/"))


def test_text_that_looks_like_a_formula_is_exported_as_text(client, province_staff):
    fields = ["contact_person", "address", "managing_body", "investor_country", "phone"]
    for i, text in enumerate(DANGEROUS):
        unit_create(data={"name": f"- Công ty {i}", "kind": "enterprise", "subtype": "private_enterprise",
                          "commune": commune_of("222"), "managing_level": "province", "tax_code": f"24000000{i:02d}",
                          "worker_count": 35, fields[i % len(fields)]: text}, actor=None)
    client.force_login(province_staff)
    content = client.get(reverse("units:export")).content

    assert "<f>" not in sheet_xml(content)
    sheet = load_workbook(io.BytesIO(content))["Đơn vị"]
    headers = [c.value for c in sheet[1]]
    by_name = {row[headers.index("Tên đơn vị")].value: row for row in sheet.iter_rows(min_row=2)}
    for i, text in enumerate(DANGEROUS):
        row = by_name[f"- Công ty {i}"]  # a name starting with "-" is kept as written
        cell = row[headers.index({"contact_person": "Người liên hệ", "address": "Địa chỉ",
                                  "managing_body": "Cơ quan chủ quản", "investor_country": "Quốc gia đầu tư",
                                  "phone": "Điện thoại"}[fields[i % len(fields)]])]
        # XML reads a carriage return as a line feed, in any reader; the cell is text all the same
        assert (cell.value, cell.data_type) == (text.replace("\r", "\n"), "s")
        assert cell.quotePrefix  # Excel shows it as text, also once the user edits the cell
        workers = row[headers.index("Số công nhân")]
        assert workers.value == 35 and workers.data_type == "n"  # numbers stay numbers


def test_formula_like_names_in_the_dropdown_lists_stay_text():
    IndustrialZone.objects.create(name="=1+1", kind="zone", area=area("222").children.first())
    unit_create(data={"name": "Công ty", "kind": "enterprise", "subtype": "private_enterprise",
                      "commune": commune_of("222"), "managing_level": "province", "zone": None}, actor=None)
    content = units_export_workbook(unit_list())
    assert "<f>" not in sheet_xml(content)
    lists = load_workbook(io.BytesIO(content))["Danh mục"]
    [zones] = [column for column in lists.iter_cols() if column[0].value == "KCN/CCN"]
    assert (zones[1].value, zones[1].data_type) == ("=1+1", "s")


def test_the_report_annex_writes_no_formula():
    run = make_run(area("24"), title='=HYPERLINK("http://evil","x")', number="-1",
                   figures={"context.units": -3, "propaganda.participants": 80000})
    content = annex_xlsx(run)
    assert "<f>" not in sheet_xml(content)
    book = load_workbook(io.BytesIO(content))
    info = {row[0].value: row[1] for row in book["Thông tin"].iter_rows() if row[0].value}
    assert info["Báo cáo"].value == '=HYPERLINK("http://evil","x")' and info["Báo cáo"].data_type == "s"
    assert info["Số"].value == "-1" and info["Số"].data_type == "s"
    figures = {row[0]: row[2] for row in book["Số liệu"].iter_rows(min_row=2, values_only=True)}
    assert figures["context.units"] == -3


@pytest.mark.parametrize("url_name", ["units:export", "models_registry:export", "incidents:export",
                                      "commendations:export", "tallies:export"])
def test_every_export_is_in_the_security_audit_trail(client, province_staff, url_name):
    client.force_login(province_staff)
    r = client.get(reverse(url_name) + "?q=may")
    assert r.status_code == 200
    [event] = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT)
    assert event.user == province_staff and event.path.startswith(reverse(url_name))
    assert event.detail["export"] and event.detail["rows"] == 0 and event.detail["filters"] == "q=may"


def test_the_export_event_counts_the_rows_exported(client, province_staff):
    for i in range(3):
        unit_create(data={"name": f"Công ty {i}", "kind": "enterprise", "subtype": "private_enterprise",
                          "commune": commune_of("222"), "managing_level": "province"}, actor=None)
    client.force_login(province_staff)
    client.get(reverse("units:export"))
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORT)
    assert event.detail == {"export": "units", "rows": 3, "filters": ""}
