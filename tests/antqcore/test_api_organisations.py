"""The organisations endpoint is the first user of the scoped ViewSet base that every registry inherits."""

import datetime

import pytest

from antqcore.models import Organisation, Role
from tests.conftest import area, client_for, make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/organisations/"


@pytest.fixture
def luc_nam_org(db):
    return Organisation.objects.create(name="Công an huyện Lục Nam", area=area("218"))


@pytest.fixture
def viet_yen_org(db):
    return Organisation.objects.create(name="Công an thị xã Việt Yên", area=area("222"))


def test_a_district_officer_sees_only_the_districts_organisations(district_officer, viet_yen_org, luc_nam_org):
    names = {o["name"] for o in client_for(district_officer).get(URL).json()["results"]}
    assert "Công an thị xã Việt Yên" in names
    assert "Công an huyện Lục Nam" not in names


def test_province_staff_see_the_whole_province(province_staff, viet_yen_org, luc_nam_org):
    names = {o["name"] for o in client_for(province_staff).get(URL).json()["results"]}
    assert {"Công an thị xã Việt Yên", "Công an huyện Lục Nam"} <= names


def test_an_object_outside_the_scope_answers_404(district_officer, luc_nam_org):
    assert client_for(district_officer).get(f"{URL}{luc_nam_org.pk}/").status_code == 404


def test_a_write_to_an_object_outside_the_scope_answers_403(district_officer, luc_nam_org):
    client = client_for(district_officer)
    r = client.patch(f"{URL}{luc_nam_org.pk}/", {"name": "Đổi tên"}, format="json")
    assert r.status_code == 403
    assert client.delete(f"{URL}{luc_nam_org.pk}/").status_code == 403
    luc_nam_org.refresh_from_db()
    assert luc_nam_org.name == "Công an huyện Lục Nam"


def test_creating_outside_the_scope_is_refused(district_officer):
    r = client_for(district_officer).post(URL, {"name": "Ngoài địa bàn", "area": area("218").pk}, format="json")
    assert r.status_code == 403
    assert "trong địa bàn" in r.json()["detail"]
    assert not Organisation.objects.filter(name="Ngoài địa bàn").exists()


def test_moving_an_object_out_of_the_scope_is_refused(district_officer, viet_yen_org):
    r = client_for(district_officer).patch(f"{URL}{viet_yen_org.pk}/", {"area": area("218").pk}, format="json")
    assert r.status_code == 403
    viet_yen_org.refresh_from_db()
    assert viet_yen_org.area.code == "222"


def test_a_district_officer_writes_inside_the_district(district_officer, viet_yen_org):
    commune = area("222").children.first()
    r = client_for(district_officer).post(URL, {"name": "Công an xã", "area": commune.pk}, format="json")
    assert r.status_code == 201


def test_a_viewer_reads_but_cannot_write(viewer, viet_yen_org):
    client = client_for(viewer)
    assert client.get(f"{URL}{viet_yen_org.pk}/").status_code == 200
    assert client.patch(f"{URL}{viet_yen_org.pk}/", {"name": "x"}, format="json").status_code == 403


def test_anonymous_callers_are_refused(api, viet_yen_org):
    assert api.get(URL).status_code == 401
    assert api.get(f"{URL}{viet_yen_org.pk}/").status_code == 401


def test_the_merged_province_sees_records_of_the_old_ones(viet_yen_org, db):
    user = make_user("bacninh", Role.PROVINCE_STAFF, None)
    user.scope_area = area("24", on=datetime.date(2026, 1, 1))
    user.save()
    names = {o["name"] for o in client_for(user).get(URL).json()["results"]}
    assert "Công an thị xã Việt Yên" in names
