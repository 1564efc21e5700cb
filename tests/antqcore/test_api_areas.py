import pytest

from antqcore.services import areas_load
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/areas/"


def test_it_lists_bac_giangs_ten_districts_of_2019(district_officer):
    r = client_for(district_officer).get(URL, {"level": "district", "parent": "24", "on": "2019-09-30"})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 10
    codes = {a["code"] for a in body["results"]}
    assert {"213", "222", "223"} <= codes
    assert all(a["parent"]["code"] == "24" and a["level"] == "district" for a in body["results"])


def test_the_same_code_on_todays_map_is_bac_ninh_without_districts(province_staff):
    r = client_for(province_staff).get(URL, {"level": "district", "parent": "24", "on": "2026-01-01"})
    assert r.json()["count"] == 0
    r = client_for(province_staff).get(URL, {"level": "commune", "parent": "24", "on": "2026-01-01"})
    assert r.json()["count"] == 99


def test_areas_are_reference_data_readable_outside_ones_scope(other_district_officer):
    r = client_for(other_district_officer).get(URL, {"level": "district", "parent": "24", "on": "2019-09-30"})
    assert r.json()["count"] == 10


def test_it_refuses_anonymous_callers(api):
    r = api.get(URL)
    assert r.status_code == 401


def test_an_unknown_parent_code_gets_a_vietnamese_message(province_staff):
    r = client_for(province_staff).get(URL, {"parent": "222", "on": "2026-01-01"})
    assert r.status_code == 400
    assert "Không có địa bàn nào mang mã 222" in r.json()["errors"]["parent"]


def test_a_bad_date_is_refused(province_staff):
    r = client_for(province_staff).get(URL, {"on": "30-02-2019"})
    assert r.status_code == 400


def test_pages_carry_count_next_previous_and_results(province_staff):
    client = client_for(province_staff)
    r = client.get(URL, {"level": "commune", "parent": "24", "on": "2019-09-30", "page_size": 50})
    body = r.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert len(body["results"]) == 50 and body["previous"] is None and "page=2" in body["next"]
    r2 = client.get(body["next"])
    assert r2.json()["results"][0]["code"] != body["results"][0]["code"]


def test_page_size_is_capped_at_500(province_staff):
    areas_load(province_codes={"01"})  # Hà Nội: more than 500 communes
    r = client_for(province_staff).get(URL, {"page_size": 10000, "on": "2019-09-30", "parent": "01"})
    assert r.json()["count"] > 500
    assert len(r.json()["results"]) == 500
