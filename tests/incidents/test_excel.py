"""Incidents in Excel: the template, the export of the filtered list (which imports back unchanged), and the import:
a preview that writes nothing, then all rows or none, with the errors by row and column."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from incidents.excel import COLUMNS, HEADERS, SHEET, incidents_import_preview, incidents_template_workbook
from incidents.models import Incident
from tests.units.factories import commune_of, make_unit

from .helpers import make_incident

pytestmark = pytest.mark.django_db
IMPORT = "/incidents/excel/import/"


def row(unit=None, **cells) -> dict:
    """A valid sheet row: a theft in Việt Yên, with `cells` (by header) overriding it."""
    return {"Loại vụ việc": "Trộm cắp tài sản", "Ngày giờ xảy ra": "03/06/2019 08:30",
            "Đơn vị": unit.tax_code if unit else None, "Nội dung": "Mất trộm 20 bộ linh kiện",
            "Người ngoài": 1, "Thiệt hại (đồng)": "60.000.000"} | cells


def sheet(*rows: dict, headers: list[str] = HEADERS) -> SimpleUploadedFile:
    book = load_workbook(io.BytesIO(incidents_template_workbook()))
    data = book[SHEET]
    for cells in rows:
        data.append([cells.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("vu-viec.xlsx", buffer.getvalue())


def read(content: bytes) -> list[dict]:
    values = list(load_workbook(io.BytesIO(content))[SHEET].values)
    return [dict(zip(values[0], cells, strict=True)) for cells in values[1:]]


def test_the_template_has_the_columns_a_guide_and_the_types_as_a_dropdown(client, district_officer):
    client.force_login(district_officer)
    r = client.get("/incidents/excel/template/")
    book = load_workbook(io.BytesIO(r.content))
    assert [c.value for c in book[SHEET][1]] == HEADERS
    guide = "\n".join(str(c.value) for r_ in book["Hướng dẫn"].iter_rows() for c in r_ if c.value)
    assert "Trộm cắp tài sản (hoặc theft)" in guide
    assert any("Danh mục" in str(v.formula1) for v in book[SHEET].data_validations.dataValidation)


def test_the_export_follows_the_filters_and_the_scope(client, district_officer):
    unit = make_unit("222")
    make_incident("theft", unit=unit, damage_vnd=60_000_000)
    make_incident("strike", unit=unit, workers=100)
    make_incident("fire", unit=make_unit("218"))
    client.force_login(district_officer)
    rows = read(client.get("/incidents/excel/export/", {"type": "theft"}).content)
    assert len(rows) == 1
    assert rows[0]["Loại vụ việc"] == "Trộm cắp tài sản" and rows[0]["Đơn vị"] == unit.tax_code
    assert rows[0]["Tên đơn vị"] == unit.name and rows[0]["Nghiêm trọng"] == "Có"
    assert rows[0]["Thiệt hại (đồng)"] == 60_000_000 and rows[0]["Mã xã/phường"] == unit.commune.code
    assert rows[0]["Ngày giờ xảy ra"].strftime("%d/%m/%Y %H:%M") == "03/06/2019 10:00"
    assert len(read(client.get("/incidents/excel/export/").content)) == 2


def test_an_exported_sheet_imports_back_unchanged(client, district_officer):
    incident = make_incident("violation", unit=make_unit("222"), workers=2, fined=True, fine_vnd=1_500_000)
    client.force_login(district_officer)
    content = client.get("/incidents/excel/export/").content
    result = incidents_import_preview(file=io.BytesIO(content), user=district_officer)
    assert result.ok, result.error_lines()
    assert [r.action for r in result.rows] == ["update"]
    client.post(IMPORT, {"file": SimpleUploadedFile("x.xlsx", content)})
    assert client.post(IMPORT, {"commit": "1"}).status_code == 302
    after = Incident.objects.get()
    assert (after.workers, after.fine_vnd, after.unit_id, after.area_id, after.occurred_at) == (
        2, 1_500_000, incident.unit_id, incident.area_id, incident.occurred_at)


def test_a_good_sheet_is_previewed_then_committed(client, district_officer):
    unit = make_unit("222")
    client.force_login(district_officer)
    r = client.post(IMPORT, {"file": sheet(row(unit), row(None, **{"Mã xã/phường": commune_of("222").code,
                                                                  "Loại vụ việc": "fire"}))})
    assert r.status_code == 200 and r.context["result"].ok
    assert not Incident.objects.exists()  # the preview writes nothing
    r = client.post(IMPORT, {"commit": "1"})
    assert r.status_code == 302 and r["Location"] == "/incidents/"
    theft, fire = Incident.objects.order_by("type__order")[1], Incident.objects.order_by("type__order")[0]
    assert (theft.unit, theft.area, theft.damage_vnd, theft.serious, theft.created_by) == (
        unit, unit.commune, 60_000_000, True, district_officer)
    assert timezone.localtime(theft.occurred_at).strftime("%d/%m/%Y %H:%M") == "03/06/2019 08:30"
    assert fire.unit is None and fire.area == commune_of("222")


def test_one_bad_row_stops_the_whole_import_with_its_reasons(client, district_officer):
    unit = make_unit("222")
    client.force_login(district_officer)
    r = client.post(IMPORT, {"file": sheet(
        row(unit),
        row(unit, **{"Đã khởi tố": "Có"}),  # no defendants
        row(make_unit("218")),  # another district
        row(unit, **{"Loại vụ việc": "Bão lũ"}),
        row(unit, **{"Ngày giờ xảy ra": "hôm qua"}),
        row(unit, **{"Người ngoài": -2}),
        row(None),  # neither unit nor area
    )})
    result = r.context["result"]
    assert not result.ok and result.valid_count == 1
    errors = {(line.row_number, header) for line in result.rows for header, _m in line.errors}
    assert errors >= {(3, "Số bị can"), (4, "Đơn vị"), (5, "Loại vụ việc"), (6, "Ngày giờ xảy ra"),
                      (7, "Người ngoài"), (8, "Mã xã/phường")}
    assert client.post(IMPORT, {"commit": "1"}).status_code == 302  # nothing waits to be imported
    assert not Incident.objects.exists()


def test_an_incident_outside_the_area_is_not_revealed(district_officer, other_district_officer):
    luc_nam = make_incident("fire", unit=make_unit("218"), user=other_district_officer)
    result = incidents_import_preview(file=sheet(row(None, **{"Mã hệ thống": luc_nam.pk})).file,
                                      user=district_officer)
    messages = [m for header, m in result.rows[0].errors if header == "Mã hệ thống"]
    assert len(messages) == 1 and str(luc_nam.pk) in messages[0] and luc_nam.unit.name not in messages[0]


def test_the_same_incident_twice_is_refused(district_officer):
    incident = make_incident(unit=make_unit("222"), user=district_officer)
    result = incidents_import_preview(file=sheet(row(incident.unit, **{"Mã hệ thống": incident.pk}),
                                                 row(incident.unit, **{"Mã hệ thống": incident.pk})).file,
                                      user=district_officer)
    assert result.rows[1].has_error("Mã hệ thống") and not result.rows[0].errors


def test_a_commune_code_is_read_on_the_map_of_the_incidents_date(district_officer):
    commune = commune_of("222")
    result = incidents_import_preview(file=sheet(row(None, **{"Mã xã/phường": commune.code})).file,
                                      user=district_officer)
    assert result.ok and result.rows[0].data["area"] == commune
    district = incidents_import_preview(file=sheet(row(None, **{"Mã xã/phường": "222"})).file, user=district_officer)
    assert district.ok and district.rows[0].data["area"].level == "district"


def test_a_viewer_cannot_import(client, viewer):
    client.force_login(viewer)
    assert client.get(IMPORT).status_code == 403


def test_every_column_has_help_in_the_guide():
    assert all(c.help for c in COLUMNS if c.field not in ("description",))
