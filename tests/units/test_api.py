import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.units.factories import commune_of, make_unit
from units.models import Unit

pytestmark = pytest.mark.django_db
URL = "/api/v1/units/"


@pytest.fixture
def viet_yen_unit(db):
    return make_unit("222", name="Công ty TNHH Siflex Việt Nam", subtype="fdi_enterprise", investor_country="Hàn Quốc")


@pytest.fixture
def luc_nam_unit(db):
    return make_unit("218", name="Công ty may Lục Nam")


def test_province_staff_list_every_unit_of_the_province(province_staff, viet_yen_unit, luc_nam_unit):
    body = client_for(province_staff).get(URL).json()
    assert body["count"] == 2
    assert {u["name"] for u in body["results"]} == {"Công ty TNHH Siflex Việt Nam", "Công ty may Lục Nam"}


def test_a_district_officer_lists_only_the_districts_units(district_officer, viet_yen_unit, luc_nam_unit):
    body = client_for(district_officer).get(URL).json()
    assert [u["name"] for u in body["results"]] == ["Công ty TNHH Siflex Việt Nam"]
    assert body["results"][0]["district"]["code"] == "222"


def test_a_unit_of_another_district_answers_404_and_a_write_to_it_403(district_officer, luc_nam_unit):
    client = client_for(district_officer)
    assert client.get(f"{URL}{luc_nam_unit.pk}/").status_code == 404
    r = client.patch(f"{URL}{luc_nam_unit.pk}/", {"name": "Đổi", "version": 1}, format="json")
    assert r.status_code == 403
    assert client.delete(f"{URL}{luc_nam_unit.pk}/").status_code == 403
    assert Unit.objects.get(pk=luc_nam_unit.pk).name == "Công ty may Lục Nam"


def test_anonymous_callers_are_refused(api, viet_yen_unit):
    assert api.get(URL).status_code == 401
    assert api.get(f"{URL}{viet_yen_unit.pk}/").status_code == 401


def test_a_viewer_reads_but_cannot_write(viewer, viet_yen_unit):
    client = client_for(viewer)
    assert client.get(f"{URL}{viet_yen_unit.pk}/").status_code == 200
    r = client.patch(f"{URL}{viet_yen_unit.pk}/", {"name": "x", "version": 1}, format="json")
    assert r.status_code == 403


def test_a_district_officer_creates_a_unit_in_the_district(district_officer):
    payload = {"name": "Trường THPT Việt Yên số 1", "kind": "school", "subtype": "upper_secondary",
               "commune": commune_of("222").pk, "managing_level": "province", "student_count": 1200}
    r = client_for(district_officer).post(URL, payload, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["version"] == 1 and r["ETag"] == '"1"'


def test_creating_a_unit_in_another_district_is_refused(district_officer):
    payload = {"name": "Ngoài địa bàn", "kind": "agency", "subtype": "state_agency",
               "commune": commune_of("218").pk, "managing_level": "district"}
    assert client_for(district_officer).post(URL, payload, format="json").status_code == 403
    assert not Unit.objects.filter(name="Ngoài địa bàn").exists()


def test_a_duplicate_tax_code_names_the_existing_unit(province_staff, viet_yen_unit):
    payload = {"name": "Công ty khác", "kind": "enterprise", "subtype": "private_enterprise",
               "commune": commune_of("218").pk, "managing_level": "province", "tax_code": viet_yen_unit.tax_code}
    r = client_for(province_staff).post(URL, payload, format="json")
    assert r.status_code == 400
    assert "Công ty TNHH Siflex Việt Nam" in r.json()["errors"]["tax_code"][0]


def test_an_update_with_the_current_version_succeeds(province_staff, viet_yen_unit):
    client = client_for(province_staff)
    etag = client.get(f"{URL}{viet_yen_unit.pk}/")["ETag"]
    r = client.patch(f"{URL}{viet_yen_unit.pk}/", {"worker_count": 2500}, format="json", HTTP_IF_MATCH=etag)
    assert r.status_code == 200
    assert r.json()["worker_count"] == 2500 and r.json()["version"] == 2 and r["ETag"] == '"2"'


def test_a_stale_if_match_is_refused_with_412_and_overwrites_nothing(province_staff, viet_yen_unit):
    client = client_for(province_staff)
    client.patch(f"{URL}{viet_yen_unit.pk}/", {"worker_count": 2500, "version": 1}, format="json")
    r = client.patch(f"{URL}{viet_yen_unit.pk}/", {"worker_count": 1}, format="json", HTTP_IF_MATCH='"1"')
    assert r.status_code == 412
    assert Unit.objects.get(pk=viet_yen_unit.pk).worker_count == 2500


def test_a_stale_version_field_is_refused_with_409(province_staff, viet_yen_unit):
    client = client_for(province_staff)
    client.patch(f"{URL}{viet_yen_unit.pk}/", {"worker_count": 2500, "version": 1}, format="json")
    r = client.put(f"{URL}{viet_yen_unit.pk}/", {**client.get(f"{URL}{viet_yen_unit.pk}/").json(), "version": 1,
                                                 "worker_count": 7}, format="json")
    assert r.status_code == 409
    assert Unit.objects.get(pk=viet_yen_unit.pk).worker_count == 2500


def test_an_update_without_a_version_is_refused(province_staff, viet_yen_unit):
    r = client_for(province_staff).patch(f"{URL}{viet_yen_unit.pk}/", {"worker_count": 1}, format="json")
    assert r.status_code == 428


def test_delete_is_a_soft_delete(province_staff, viet_yen_unit):
    client = client_for(province_staff)
    # A DELETE names the version it read, as an update does.
    assert client.delete(f"{URL}{viet_yen_unit.pk}/").status_code == 428
    assert client.get(f"{URL}{viet_yen_unit.pk}/").status_code == 200
    etag = client.get(f"{URL}{viet_yen_unit.pk}/")["ETag"]
    assert client.delete(f"{URL}{viet_yen_unit.pk}/", HTTP_IF_MATCH=etag).status_code == 204
    assert client.get(f"{URL}{viet_yen_unit.pk}/").status_code == 404
    assert client.get(URL).json()["count"] == 0
    assert Unit.objects.get(pk=viet_yen_unit.pk).deleted_at is not None


def test_filters_narrow_the_list(province_staff, viet_yen_unit, luc_nam_unit):
    client = client_for(province_staff)
    assert [u["name"] for u in client.get(URL, {"fdi": "true"}).json()["results"]] == ["Công ty TNHH Siflex Việt Nam"]
    assert [u["name"] for u in client.get(URL, {"area": "218"}).json()["results"]] == ["Công ty may Lục Nam"]
    assert client.get(URL, {"subtype": "fdi_enterprise", "area": "218"}).json()["count"] == 0
    assert [u["name"] for u in client.get(URL, {"search": "siflex viet"}).json()["results"]] == [
        "Công ty TNHH Siflex Việt Nam"]


def test_updated_since_returns_what_changed(province_staff, viet_yen_unit, luc_nam_unit):
    Unit.objects.filter(pk=luc_nam_unit.pk).update(updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    r = client_for(province_staff).get(URL, {"updated_since": "2021-01-01T00:00:00Z"})
    assert [u["name"] for u in r.json()["results"]] == ["Công ty TNHH Siflex Việt Nam"]


def test_the_list_issues_the_same_number_of_queries_whatever_the_page_size(province_staff):
    for i in range(30):
        make_unit("222" if i % 2 else "218", name=f"Đơn vị {i}")
    client = client_for(province_staff)
    counts = []
    for size in (5, 30):
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get(URL, {"page_size": size}).json()["results"]) == size
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_industrial_zones_derive_their_enterprises_and_workers(province_staff, district_officer):
    from units.models import IndustrialZone, ZoneInvestment

    zone = IndustrialZone.objects.create(name="Khu công nghiệp Quang Châu", kind="zone", area=commune_of("222"))
    ZoneInvestment.objects.create(zone=zone, year=2018, projects=30)
    ZoneInvestment.objects.create(zone=zone, year=2019, projects=12)
    make_unit("222", zone=zone, worker_count=1000)
    make_unit("222", zone=zone, worker_count=500)
    body = client_for(district_officer).get("/api/v1/industrial-zones/").json()
    (row,) = body["results"]
    assert (row["enterprises_operating"], row["workers"], row["investment_projects"]) == (2, 1500, 42)
    assert client_for(district_officer).get("/api/v1/industrial-zones/", {"kind": "cluster"}).json()["count"] == 0


def test_zones_outside_the_scope_are_hidden(other_district_officer, api):
    from units.models import IndustrialZone

    IndustrialZone.objects.create(name="Khu công nghiệp Vân Trung", kind="zone", area=commune_of("222"))
    assert client_for(other_district_officer).get("/api/v1/industrial-zones/").json()["count"] == 0
    assert api.get("/api/v1/industrial-zones/").status_code == 401
