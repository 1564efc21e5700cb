"""Figures that explain themselves (#18): every figure of the statistics registry declares the records it counts, and
the number of those records (or the sum of their values) is the figure. The records are served by
GET /api/v1/stats/records/ (scoped, paged, each with its links), named by /api/v1/stats/?explain=1, and shown on the
"Nguồn số liệu" page with an Excel export of exactly those records."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from antqcore.stats import (
    Source,
    figure_get,
    figure_keys,
    figure_records,
    register_figure,
)
from tests.conftest import area, client_for
from tests.incidents.helpers import at, make_incident
from tests.units.factories import make_unit

pytestmark = pytest.mark.django_db
D = datetime.date
SEED = (D(2014, 8, 15), D(2019, 9, 30))
URL = "/api/v1/stats/records/"
PAGE = "/figures/records/"


def test_a_figure_cannot_be_registered_without_its_records():
    with pytest.raises(TypeError):
        register_figure("test.no_records", "a figure that says nothing of its records")
    with pytest.raises(TypeError):
        register_figure("test.no_records", "x", source=lambda area, start, end: 0)
    with pytest.raises(ValueError):  # and a key is registered once
        register_figure("context.districts", "x", source=figure_get("context.districts").source)


def test_every_figure_has_a_rule_in_vietnamese_and_records_of_one_model():
    from django.utils import translation

    with translation.override("vi"):
        for key in figure_keys():
            figure = figure_get(key)
            assert isinstance(figure.source, Source), key
            assert len(figure.rule) > 20 and figure.rule != str(figure.source.rule.__class__), key
    bac_giang = area("24")
    for key in figure_keys():
        assert figure_records(key, area=bac_giang, start=SEED[0], end=SEED[1]).model is not None


# The seed period of Bắc Giang, every figure against its records on the demo data: tests/reports/test_seed_pdf.py,
# which seeds the demo once for the seed review and its records.


@pytest.fixture
def thefts(province_staff):
    """Two thefts in Việt Yên and one in Lục Nam in August 2019, a fire in Việt Yên."""
    viet_yen, luc_nam = make_unit("222"), make_unit("218")
    return {"viet_yen": [make_incident("theft", unit=viet_yen, occurred_at=at(f"2019-08-0{d}")) for d in (1, 2)],
            "luc_nam": [make_incident("theft", unit=luc_nam, occurred_at=at("2019-08-05"))],
            "fire": make_incident("fire", unit=viet_yen, occurred_at=at("2019-08-06"))}


Q3 = {"from": "2019-07-01", "to": "2019-09-30"}


def test_the_api_pages_through_the_records_of_a_figure_with_their_links(province_staff, thefts):
    r = client_for(province_staff).get(URL, {"key": "incidents.thefts", "area": "24", **Q3, "page_size": 2})
    assert r.status_code == 200, r.json()
    body = r.json()
    assert (body["value"], body["count"], body["measure"], body["outside_scope"]) == (3, 3, "count", False)
    assert body["rule"].startswith("Số vụ thuộc loại “trộm cắp tài sản”")
    assert body["list_url"].startswith("/incidents/?type=theft&date_from=2019-07-01&date_to=2019-09-30")
    ids = {i.pk for i in thefts["viet_yen"] + thefts["luc_nam"]}
    first = body["results"]
    second = client_for(province_staff).get(body["next"]).json()["results"]
    assert {row["id"] for row in first + second} == ids and len(first) == 2
    row = first[0]
    assert row["url"] == f"/incidents/{row['id']}/" and row["api_url"] == f"/api/v1/incidents/{row['id']}/"
    assert row["model"] == "incidents.incident" and row["fields"]["type"] == "Trộm cắp tài sản"


def test_a_district_officer_sees_their_part_and_is_told_the_figure_counts_more(district_officer, thefts):
    r = client_for(district_officer).get(URL, {"key": "incidents.thefts", "area": "24", **Q3})
    assert r.status_code == 200
    body = r.json()
    assert (body["value"], body["count"], body["outside_scope"]) == (3, 2, True)
    assert {row["id"] for row in body["results"]} == {i.pk for i in thefts["viet_yen"]}
    # Their own district: all of it.
    body = client_for(district_officer).get(URL, {"key": "incidents.thefts", "area": "222", **Q3}).json()
    assert (body["value"], body["count"], body["outside_scope"]) == (2, 2, False)
    # Another district, which neither holds nor lies in their scope: refused.
    r = client_for(district_officer).get(URL, {"key": "incidents.thefts", "area": "218", **Q3})
    assert r.status_code == 403 and r.json()["detail"] == "Huyện Lục Nam nằm ngoài địa bàn của bạn."


def test_bad_questions_get_a_clear_answer(province_staff):
    client = client_for(province_staff)
    r = client.get(URL, {"key": "incidents.nothing", "area": "24", **Q3})
    assert r.status_code == 400 and "incidents.nothing" in str(r.json()["errors"]["key"])
    r = client.get(URL, {"area": "24", **Q3})
    assert r.status_code == 400 and "key" in r.json()["errors"]
    r = client.get(URL, {"key": "incidents.thefts", "area": "99999", **Q3})
    assert r.status_code == 404


def test_the_stats_explain_each_figure(province_staff, thefts):
    r = client_for(province_staff).get("/api/v1/stats/", {"area": "24", **Q3, "keys": "incidents.thefts",
                                                            "explain": "true"})
    explained = r.json()["explain"]["incidents.thefts"]
    assert explained["rule"].startswith("Số vụ thuộc loại “trộm cắp tài sản”")
    assert explained["records"].endswith(f"{URL}?key=incidents.thefts&area=24&from=2019-07-01&to=2019-09-30")
    assert explained["page"] == f"{PAGE}?key=incidents.thefts&area=24&from=2019-07-01&to=2019-09-30"
    assert "explain" not in client_for(province_staff).get("/api/v1/stats/", {"area": "24", **Q3}).json()


def test_the_page_shows_the_rule_the_records_and_exports_exactly_them(client, district_officer, thefts):
    client.force_login(district_officer)
    r = client.get(PAGE, {"key": "incidents.thefts", "area": "24", **Q3})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Nguồn số liệu" in html and "Số vụ thuộc loại “trộm cắp tài sản”" in html
    assert '<span id="records-count">2</span>' in html and 'id="outside-scope"' in html
    for incident in thefts["viet_yen"]:
        assert f'href="/incidents/{incident.pk}/"' in html
    assert f'href="/incidents/{thefts["luc_nam"][0].pk}/"' not in html
    assert 'href="/incidents/?type=theft&amp;date_from=2019-07-01&amp;date_to=2019-09-30' in html

    r = client.get(PAGE, {"key": "incidents.thefts", "area": "24", **Q3, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row and row[0] == "#")
    listed = [row for row in rows[header + 1:] if row and row[0]]
    assert sorted(row[-1] for row in listed) == sorted(f"http://testserver/incidents/{i.pk}/"
                                                       for i in thefts["viet_yen"])
    assert any(row and "ngoài địa bàn" in str(row[1]) for row in rows[:header])


def test_the_page_refuses_what_it_cannot_show_in_vietnamese(client, district_officer):
    client.force_login(district_officer)
    r = client.get(PAGE, {"key": "incidents.thefts", "area": "218", **Q3})
    assert r.status_code == 403 and "Huyện Lục Nam nằm ngoài địa bàn của bạn." in r.content.decode()
    r = client.get(PAGE, {"key": "không-có", "area": "24", "from": "2019-09-30", "to": "2019-07-01"})
    html = r.content.decode()
    assert r.status_code == 400 and "Không thể hiển thị các bản ghi của số liệu này" in html
    assert "Ngày bắt đầu không được sau ngày kết thúc." in html
