"""The demo accounts of today (#15): the new Bắc Ninh's staff and viewer, the police of a new ward made of several
old communes and of a new commune made of communes of two old districts; the 2019 accounts stay as they were."""

import datetime

import pytest

from antqcore.demo import DEMO_PASSWORD, demo_accounts_seed
from antqcore.models import AreaLevel, Role, User

pytestmark = pytest.mark.django_db
TODAY_MAP = datetime.date(2025, 7, 1)


@pytest.fixture
def accounts():
    demo_accounts_seed()
    return {u.username: u for u in User.objects.select_related("scope_area", "organisation")}


def test_the_new_provinces_staff_and_viewer_cover_bac_ninh_of_today(accounts):
    bacninh, xembn = accounts["bacninh"], accounts["xembn"]
    assert bacninh.role == Role.PROVINCE_STAFF and bacninh.scope_area.path == "N.24"
    assert bacninh.scope_area.name == "Tỉnh Bắc Ninh" and bacninh.scope_area.valid_from == TODAY_MAP
    assert bacninh.organisation.name == "Công an tỉnh Bắc Ninh"
    assert xembn.role == Role.VIEWER and not xembn.can_write and xembn.scope_area == bacninh.scope_area
    # The new province covers both old provinces.
    assert bacninh.scope_area.coverage_paths() == ["L.24", "L.27", "N.24"]


def test_phuong_is_the_police_of_a_new_ward_that_merged_several_old_communes(accounts):
    phuong = accounts["phuong"]
    ward = phuong.scope_area
    assert (ward.path, ward.name, ward.level) == ("N.24.07210", "Phường Bắc Giang", AreaLevel.COMMUNE)
    assert phuong.role == Role.DISTRICT_OFFICER and phuong.organisation.name == "Công an phường Bắc Giang"
    old = ward.predecessors.all()
    assert old.count() == 7 and all(a.valid_to == datetime.date(2025, 6, 30) for a in old)


def test_xa_is_the_police_of_a_new_commune_made_of_two_old_districts(accounts):
    xa = accounts["xa"]
    commune = xa.scope_area
    assert (commune.path, commune.name) == ("N.24.07603", "Xã Nam Dương")
    assert xa.organisation.name == "Công an xã Nam Dương"
    assert {a.parent.name for a in commune.predecessors.all()} == {"Thị xã Chũ", "Huyện Lục Ngạn"}


def test_the_officers_of_a_commune_read_as_commune_police(accounts, client):
    assert accounts["phuong"].get_role_display() == accounts["xa"].get_role_display() == "Cán bộ Công an cấp xã"
    # The 2019 district officer keeps the district police's title; the stored role is the same.
    assert accounts["vietyen"].get_role_display() == "Cán bộ Công an cấp huyện"
    assert accounts["phuong"].role == accounts["vietyen"].role == Role.DISTRICT_OFFICER
    client.force_login(accounts["xa"])
    html = client.get("/").content.decode()
    assert "Cán bộ Công an cấp xã" in html and "Cán bộ Công an cấp huyện" not in html


def test_every_account_signs_in_with_the_demo_password(accounts, client):
    for username in ("bacninh", "phuong", "xa", "xembn"):
        r = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
        assert r.status_code == 302 and r.url == "/", username
        client.logout()


def test_the_2019_accounts_stay_on_the_2019_map(accounts):
    assert accounts["tinh"].scope_area.path == "L.24" and accounts["vietyen"].scope_area.path == "L.24.222"
    assert accounts["xem"].scope_area.path == "L.24"
    assert accounts["vietyen"].organisation.name == "Công an huyện Việt Yên"  # a town only from 01/02/2024
