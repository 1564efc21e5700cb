"""/api/v1/activities/bodies/ written (#17 part 3): province staff and administrators create, change and delete the
reporting bodies of their province; district officers, viewers and the staff of another province only read them;
a body with values cannot be deleted."""

import pytest

from antqcore.models import Role
from tallies.models import ReportingBody
from tests.conftest import client_for, make_user

from .helpers import catalogue, save  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
BODIES = "/api/v1/activities/bodies/"
NEW_BODY = {"code": "doan-tn-222", "name": "Huyện đoàn Việt Yên", "kind": "other", "area": "222",
            "area_on": "2019-09-30", "period_type": "quarter", "indicators": ["sessions", "participants"]}
REFUSED = "Chỉ cán bộ cấp tỉnh và quản trị viên được quản lý các đơn vị báo cáo số liệu."


@pytest.fixture
def bac_ninh_staff(db):
    """Staff of the old Bắc Ninh (27, 2019): another province."""
    return make_user("bacninh", Role.PROVINCE_STAFF, "27")


def test_province_staff_create_a_body_of_their_province(province_staff, district_officer):
    r = client_for(province_staff).post(BODIES, NEW_BODY, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["code"] == "doan-tn-222" and body["area"]["code"] == "222" and body["can_write"]
    assert set(body["indicators"]) == {"sessions", "participants"}
    # Everyone reads it; the district's officer enters its values.
    listed = {b["code"]: b for b in client_for(district_officer).get(BODIES).json()}
    assert listed["doan-tn-222"]["can_write"]
    saved = ReportingBody.objects.get(code="doan-tn-222")
    assert saved.history.get().history_user == province_staff


def test_province_staff_change_a_body(province_staff):
    r = client_for(province_staff).patch(f"{BODIES}ca-222/", {"name": "Công an thị xã Việt Yên",
                                                             "indicators": ["sessions"], "period_type": "month"},
                                         format="json")
    assert r.status_code == 200, r.content
    assert r.json()["name"] == "Công an thị xã Việt Yên" and r.json()["indicators"] == ["sessions"]
    assert client_for(province_staff).get(f"{BODIES}ca-222/").json()["period_type"] == "month"


def test_a_body_without_values_is_deleted_one_with_values_is_refused_with_409(province_staff, district_officer):
    client = client_for(province_staff)
    client.post(BODIES, NEW_BODY, format="json")
    assert client.delete(f"{BODIES}doan-tn-222/").status_code == 204
    assert not ReportingBody.objects.filter(code="doan-tn-222").exists()
    save(district_officer, "ca-222", "2019-Q3", sessions=12)
    r = client.delete(f"{BODIES}ca-222/")
    assert r.status_code == 409
    assert "Không thể xóa bản ghi này: vẫn còn 1 " in r.json()["detail"]
    assert ReportingBody.objects.filter(code="ca-222").exists()


def test_district_officers_and_viewers_only_read(district_officer, viewer, api):
    for user in (district_officer, viewer):
        client = client_for(user)
        for r in (client.post(BODIES, NEW_BODY, format="json"),
                  client.patch(f"{BODIES}ca-222/", {"name": "Đổi tên"}, format="json"),
                  client.delete(f"{BODIES}ca-222/")):
            assert r.status_code == 403, (user.username, r.content)
            if user == district_officer:
                assert r.json()["detail"] == REFUSED
    assert api.post(BODIES, NEW_BODY, format="json").status_code == 401
    assert ReportingBody.objects.get(code="ca-222").name != "Đổi tên"
    assert not ReportingBody.objects.filter(code="doan-tn-222").exists()


def test_staff_of_another_province_cannot_touch_this_provinces_bodies(bac_ninh_staff):
    client = client_for(bac_ninh_staff)
    assert client.post(BODIES, NEW_BODY, format="json").status_code == 403
    assert client.patch(f"{BODIES}ca-222/", {"name": "Đổi tên"}, format="json").status_code == 403
    assert client.delete(f"{BODIES}ca-222/").status_code == 403
    # Nor move one of theirs into it.
    own = client.post(BODIES, NEW_BODY | {"code": "doan-tn-256", "area": "256"}, format="json")
    assert own.status_code == 201, own.content
    assert client.patch(f"{BODIES}doan-tn-256/", {"area": "222", "area_on": "2019-09-30"},
                        format="json").status_code == 403
    assert ReportingBody.objects.get(code="doan-tn-256").area.code == "256"


def test_the_area_code_is_read_on_area_on(province_staff, admin_user):
    # 24 is the old Bắc Giang in 2019 and the merged Bắc Ninh today, which the old province's staff do not cover.
    province_body = NEW_BODY | {"code": "doan-tn-tinh", "area": "24"}
    assert client_for(province_staff).post(BODIES, province_body, format="json").status_code == 201
    today = province_body | {"code": "doan-tn-n24"}
    del today["area_on"]
    assert client_for(province_staff).post(BODIES, today, format="json").status_code == 403
    r = client_for(admin_user).post(BODIES, today, format="json")
    assert r.status_code == 201 and r.json()["area"]["name"] == "Tỉnh Bắc Ninh"


def test_wrong_data_is_refused_by_field(province_staff):
    client = client_for(province_staff)
    r = client.post(BODIES, NEW_BODY | {"code": "ca-222"}, format="json")
    assert r.status_code == 400 and "code" in r.content.decode()
    r = client.post(BODIES, NEW_BODY | {"area": "99999"}, format="json")
    assert r.status_code == 400 and "Không có địa bàn nào mang mã 99999" in r.content.decode()
    r = client.post(BODIES, NEW_BODY | {"indicators": ["khong-co"]}, format="json")
    assert r.status_code == 400 and "indicators" in r.content.decode()


def test_the_bodies_changes_feed_carries_creations_and_deletions_to_every_reader(province_staff, district_officer):
    client = client_for(province_staff)
    client.post(BODIES, NEW_BODY | {"code": "doan-tn-218", "area": "218"}, format="json")
    client.delete(f"{BODIES}doan-tn-218/")
    body = client_for(district_officer).get(f"{BODIES}changes/").json()  # a catalogue: read by all
    created, deleted = body["results"][-2:]
    assert (created["change"], deleted["change"]) == ("created", "deleted")
    assert created["id"] == deleted["id"] and deleted["record"] is None
