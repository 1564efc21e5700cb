import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from antqcore.stats import figure_get
from reports.annex import annex_xlsx
from tests.conftest import area
from tests.reports.helpers_core import make_run

pytestmark = pytest.mark.django_db


def test_the_annex_holds_every_figure_and_the_breakdowns():
    run = make_run(
        area("24"), number="125/BC-BCĐ",
        figures={"context.units": 1575, "propaganda.participants": 80000, "certification.coverage_percent": 26.84},
        more_than=["propaganda.participants"],
        breakdowns={
            "keys": ["context.units", "incidents.strikes"],
            "labels": {"context.units": "Cơ quan, doanh nghiệp, nhà trường", "incidents.strikes": "Vụ đình công"},
            "by_area": [{"code": "213", "name": "Thành phố Bắc Giang",
                         "figures": {"context.units": 300, "incidents.strikes": 2}},
                        {"code": "222", "name": "Huyện Việt Yên", "figures": {"context.units": 250,
                                                                              "incidents.strikes": 40}}],
            "by_year": [{"year": 2019, "start": "2019-01-01", "end": "2019-09-30",
                         "figures": {"context.units": 1575, "incidents.strikes": 12}}],
        })
    book = load_workbook(io.BytesIO(annex_xlsx(run)))
    assert book.sheetnames == ["Thông tin", "Số liệu", "Theo địa bàn", "Theo năm"]

    info = {row[0]: row[1] for row in book["Thông tin"].iter_rows(values_only=True) if row and row[0]}
    assert info["Số"] == "125/BC-BCĐ" and info["Địa bàn"] == "Tỉnh Bắc Giang (mã 24)"

    rows = list(book["Số liệu"].iter_rows(values_only=True))
    assert rows[0] == ("Mã số liệu", "Nội dung", "Giá trị", "Trên", "Cách tính", "Số bản ghi", "Nguồn số liệu")
    figures = {row[0]: row[1:] for row in rows[1:]}
    assert figures["context.units"][1:3] == (1575, None)
    assert figures["propaganda.participants"][1:3] == (80000, "Có")  # the report writes "trên 80.000"
    # Each figure's rule, and the address of its records (its "Nguồn số liệu" page).
    with translation.override("vi"):
        assert figures["context.units"][3] == figure_get("context.units").rule
    assert figures["context.units"][5] == ("/figures/records/?key=context.units&area=24&from=2019-01-01"
                                           "&to=2019-09-30")
    assert figures["certification.coverage_percent"][1] == pytest.approx(26.84)
    assert "Lượt" in figures["propaganda.participants"][0]  # the registry's label

    by_area = list(book["Theo địa bàn"].iter_rows(values_only=True))
    assert by_area[0] == ("Mã", "Địa bàn", "Cơ quan, doanh nghiệp, nhà trường", "Vụ đình công")
    assert by_area[2] == ("222", "Huyện Việt Yên", 250, 40)
    by_year = list(book["Theo năm"].iter_rows(values_only=True))
    assert by_year[1] == (2019, "01/01/2019", "30/09/2019", 1575, 12)
    assert book["Số liệu"]["C2"].number_format in ("#,##0", "#,##0.00")


def test_a_run_without_breakdowns_has_no_breakdown_sheets():
    run = make_run(area("222"), figures={"context.units": 5})
    assert load_workbook(io.BytesIO(annex_xlsx(run))).sheetnames == ["Thông tin", "Số liệu"]
