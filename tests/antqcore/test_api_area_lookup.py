"""Area look-ups as another system makes them (#17 part 3): names found without accents or case, and every `area=`
filter read on the date `on=` gives, since codes are reused across maps (24 was Bắc Giang until 30/06/2025 and is
the merged Bắc Ninh since)."""

import datetime

import pytest

from antqcore.models import Area
from antqcore.services import areas_load
from tests.conftest import area, client_for
from tests.reports.helpers_core import make_run
from tests.units.factories import make_unit

pytestmark = pytest.mark.django_db
AREAS = "/api/v1/areas/"
UNITS = "/api/v1/units/"
OLD_DAY, NEW_DAY = "2019-09-30", "2026-01-01"


def names(client, url, **params) -> list[str]:
    r = client.get(url, params)
    assert r.status_code == 200, r.content
    return [row["name"] for row in r.json()["results"]]


@pytest.mark.parametrize("typed", ["thai nguyen", "THÁI NGUYÊN", "Thai Nguyen", "thái  nguyên"])
def test_a_province_is_found_whatever_the_accents_and_case(province_staff, typed):
    areas_load(province_codes={"19"})  # Thái Nguyên
    found = names(client_for(province_staff), AREAS, search=typed, level="province", on=NEW_DAY)
    assert found == ["Tỉnh Thái Nguyên"]


def test_d_with_a_stroke_is_found_as_d(province_staff):
    found = names(client_for(province_staff), AREAS, search="duc thang", on="2019-09-01")
    assert "Xã Đức Thắng" in found


def test_a_renamed_area_is_found_by_its_new_name(province_staff):
    # save() keeps the accent-free form of the name, as the loader's bulk writes do.
    viet_yen = area("222")
    viet_yen.name = "Thị xã Việt Yên Mới"
    viet_yen.save(update_fields=["name"])
    assert names(client_for(province_staff), AREAS, search="viet yen moi", on=OLD_DAY) == ["Thị xã Việt Yên Mới"]


def test_the_loader_fills_the_accent_free_names():
    assert not Area.objects.filter(search_name="").exists()
    assert Area.objects.get(path="L.24").search_name == "tinh bac giang"


def test_the_area_filter_reads_the_code_on_the_date_given(admin_user):
    make_unit("222", name="Công ty Việt Yên")
    make_unit("256", name="Công ty thành phố Bắc Ninh")  # old Bắc Ninh (27), merged into the new 24
    client = client_for(admin_user)
    assert names(client, UNITS, area="24", on=OLD_DAY) == ["Công ty Việt Yên"]
    both = {"Công ty thành phố Bắc Ninh", "Công ty Việt Yên"}
    assert set(names(client, UNITS, area="24", on=NEW_DAY)) == both
    assert set(names(client, UNITS, area="24")) == both  # without on=: today's map


def test_a_code_that_did_not_exist_on_the_date_is_refused_naming_it(admin_user):
    r = client_for(admin_user).get(UNITS, {"area": "222", "on": NEW_DAY})
    assert r.status_code == 400
    assert "Không có địa bàn nào mang mã 222 vào ngày 01/01/2026." in r.content.decode()


def test_a_bad_date_is_refused(admin_user):
    assert client_for(admin_user).get(UNITS, {"area": "24", "on": "2019-02-30"}).status_code == 400


def test_the_reports_area_filter_takes_the_date_too(admin_user):
    old, new = area("24"), area("24", on=datetime.date(2026, 1, 1))
    make_run(old)
    make_run(new)
    client = client_for(admin_user)
    assert client.get("/api/v1/reports/", {"area": "24"}).json()["count"] == 2
    assert client.get("/api/v1/reports/", {"area": "24", "on": OLD_DAY}).json()["count"] == 1
    assert client.get("/api/v1/reports/", {"area": "24", "on": NEW_DAY}).json()["count"] == 1


def test_every_area_filter_documents_on(admin_user):
    schema = client_for(admin_user).get("/api/schema/", {"format": "json"}).json()
    for path, item in schema["paths"].items():
        params = {p["name"] for p in item.get("get", {}).get("parameters", []) if p["in"] == "query"}
        if "area" in params and not path.startswith("/api/v1/stats/"):
            assert "on" in params, path


def test_stats_of_an_area_outside_the_scope_answer_403_saying_so(district_officer):
    r = client_for(district_officer).get("/api/v1/stats/", {"area": "218", "from": "2019-01-01", "to": "2019-12-31"})
    assert r.status_code == 403
    assert r.json()["detail"] == "Huyện Lục Nam nằm ngoài địa bàn của bạn."
