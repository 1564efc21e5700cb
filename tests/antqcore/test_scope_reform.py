"""A user whose scope is an area made by a reform sees the records of the places it took over, down to their 2019
rows: Thị xã Chũ (01/01/2025, ten communes of Lục Ngạn) and the wards of the new Bắc Ninh after it.

The rule for a commune split between several successors (antqcore.models.Area.coverage_paths): its records belong to
the successor that takes them by default (AreaSuccession.is_default), for what a user sees as for what a figure
counts; the other successors do not see them, the province does. Bắc Ninh has no split commune, Hà Tĩnh has:
Phường Đại Nài of Hà Tĩnh city went to Phường Thành Sen (by default) and Phường Hà Huy Tập."""

import datetime

import pytest

from antqcore.models import Area, AreaSuccession, Role
from antqcore.selectors import area_q, area_resolve
from antqcore.services import areas_load
from tests.conftest import client_for, make_user
from units.models import Unit
from units.services import unit_create

pytestmark = pytest.mark.django_db
D2019 = datetime.date(2019, 9, 30)
CHU_DAYS = datetime.date(2025, 6, 30)  # Thị xã Chũ existed from 01/01/2025 to 30/06/2025
TODAY_MAP = datetime.date(2026, 1, 1)
URL = "/api/v1/units/"


def unit_on(commune: Area, name: str):
    return unit_create(data={"name": name, "kind": "enterprise", "subtype": "private_enterprise", "commune": commune,
                             "managing_level": "province", "worker_count": 120}, actor=None)


def listed(user) -> set[str]:
    body = client_for(user).get(URL, {"page_size": 500}).json()
    return {row["name"] for row in body["results"]}


def user_of(username: str, role: str, code: str, on: datetime.date):
    user = make_user(username, role, None)
    user.scope_area = area_resolve(code=code, on=on)
    user.save()
    return user


@pytest.fixture
def units_of_2019():
    """Units recorded in 2019 on communes that went to Thị xã Chũ: Thị trấn Chũ (made Phường Chũ and moved to
    Chũ in 2025) and Xã Nghĩa Hồ (merged into Thị trấn Chũ in 2020); and one of Lục Nam, which did not."""
    return {
        "chu": unit_on(area_resolve(code="07525", on=D2019), "Công ty Vải thiều Chũ"),
        "nghia_ho": unit_on(area_resolve(code="07585", on=D2019), "Hợp tác xã Nghĩa Hồ"),
        "luc_nam": unit_on(area_resolve(code="218", on=D2019).children.valid_on(D2019).order_by("code")[0],
                           "Công ty Lục Nam"),
    }


def test_the_2019_rows_lie_under_luc_ngan_not_under_chu(units_of_2019):
    # Why the scope needs the successions: the 2019 rows are not in Chũ's subtree.
    chu = area_resolve(code="224", on=CHU_DAYS)
    assert not units_of_2019["chu"].commune.path.startswith(chu.path + ".")
    assert units_of_2019["chu"].commune.name == "Thị trấn Chũ"


def test_a_user_of_thi_xa_chu_sees_the_2019_records_of_its_communes(units_of_2019):
    officer = user_of("chu", Role.DISTRICT_OFFICER, "224", CHU_DAYS)
    assert listed(officer) == {"Công ty Vải thiều Chũ", "Hợp tác xã Nghĩa Hồ"}


def test_the_new_ward_that_succeeded_chu_sees_them_too(units_of_2019):
    ward = user_of("phuongchu", Role.DISTRICT_OFFICER, "07525", TODAY_MAP)
    assert ward.scope_area.path == "N.24.07525"
    assert listed(ward) == {"Công ty Vải thiều Chũ", "Hợp tác xã Nghĩa Hồ"}


def test_a_neighbouring_new_commune_does_not(units_of_2019):
    kien_lao = user_of("kienlao", Role.DISTRICT_OFFICER, "07552", TODAY_MAP)
    assert listed(kien_lao) == set()


def test_luc_ngan_of_2019_keeps_seeing_what_it_recorded(units_of_2019):
    luc_ngan = user_of("lucngan", Role.DISTRICT_OFFICER, "219", D2019)
    assert listed(luc_ngan) == {"Công ty Vải thiều Chũ", "Hợp tác xã Nghĩa Hồ"}


def test_the_new_province_sees_all_three(units_of_2019):
    staff = user_of("bn", Role.PROVINCE_STAFF, "24", TODAY_MAP)
    assert listed(staff) == {"Công ty Vải thiều Chũ", "Hợp tác xã Nghĩa Hồ", "Công ty Lục Nam"}


# --- A split commune --------------------------------------------------------------------------------------------

@pytest.fixture
def dai_nai():
    """Hà Tĩnh, loaded for these tests only (the session loads Bắc Giang and Bắc Ninh): its Phường Đại Nài was split
    between Phường Thành Sen (by default) and Phường Hà Huy Tập."""
    areas_load(province_codes={"42"})
    old = Area.objects.get(era="legacy", level="commune", name="Phường Đại Nài")
    links = {link.successor.name: link.is_default for link in
             AreaSuccession.objects.filter(predecessor=old).select_related("successor")}
    assert links == {"Phường Thành Sen": True, "Phường Hà Huy Tập": False}
    return old


def test_a_split_communes_records_go_to_its_default_successor(dai_nai):
    unit_on(dai_nai, "Trường THPT Đại Nài")
    thanh_sen = _user_named("thanhsen", "Phường Thành Sen")
    ha_huy_tap = _user_named("hahuytap", "Phường Hà Huy Tập")
    assert listed(thanh_sen) == {"Trường THPT Đại Nài"}
    assert listed(ha_huy_tap) == set()
    province = user_of("hatinh", Role.PROVINCE_STAFF, "42", TODAY_MAP)
    assert listed(province) == {"Trường THPT Đại Nài"}


def test_a_split_commune_is_counted_once_across_its_successors(dai_nai):
    unit_on(dai_nai, "Trường THPT Đại Nài")
    successors = Area.objects.filter(era="2025", name__in=["Phường Thành Sen", "Phường Hà Huy Tập"])
    assert sum(Unit.objects.filter(area_q(a, "commune")).count() for a in successors) == 1


def _user_named(username: str, ward: str):
    user = make_user(username, Role.DISTRICT_OFFICER, None)
    user.scope_area = Area.objects.get(era="2025", level="commune", name=ward, path__startswith="N.42.")
    user.save()
    return user
