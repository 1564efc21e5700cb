"""People follow the reform: the page of the accounts whose area has ended, with the areas that took it over, and the
move (antqcore.services.user_scope_move), audited in the account's history and as a security event."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from antqcore.models import Area, Role, SecurityEvent, User
from antqcore.selectors import area_resolve, users_with_ended_scope
from antqcore.services import areas_load, user_scope_move
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
URL = "/people/ended-areas/"
TODAY_MAP = datetime.date(2025, 7, 1)
TODAY = datetime.date(2026, 12, 4)


def user_on(username: str, role: str, code: str, on: datetime.date) -> User:
    user = make_user(username, role, None)
    user.scope_area = area_resolve(code=code, on=on)
    user.save()
    return user


@pytest.fixture
def bac_ninh_staff(db):
    return user_on("bacninh", Role.PROVINCE_STAFF, "24", TODAY_MAP)


def row_of(html: str, user: User) -> str:
    start = html.index(f'id="user-{user.pk}"')
    return html[start:html.index("</tr>", start)]


def test_the_page_lists_the_accounts_of_ended_areas_with_their_successors(client, admin_user, province_staff,
                                                                            district_officer, bac_ninh_staff):
    client.force_login(admin_user)
    html = client.get(URL).content.decode()
    assert "Tài khoản của địa bàn đã kết thúc" in html
    # The old Bắc Giang went whole into the new Bắc Ninh: preselected.
    tinh = row_of(html, province_staff)
    assert "Tỉnh Bắc Giang" in tinh and "30/06/2025" in tinh
    assert f'value="{bac_ninh_staff.scope_area.pk}" selected' in tinh
    # Việt Yên's communes went to several wards: the administrator chooses.
    viet_yen = row_of(html, district_officer)
    assert "— chọn —" in viet_yen and "Phường Tự Lạn" in viet_yen and "Phường Việt Yên" in viet_yen
    assert "Cán bộ Công an cấp huyện" in viet_yen
    # Today's staff is not listed.
    assert f'id="user-{bac_ninh_staff.pk}"' not in html


def test_the_page_is_the_province_staffs_and_the_administrators(client, district_officer, viewer, bac_ninh_staff,
                                                                 admin_user):
    assert client.get(URL).status_code == 302  # to the login page
    for user in (district_officer, viewer):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert URL not in client.get("/").content.decode()  # no menu entry
    for user in (bac_ninh_staff, admin_user):
        client.force_login(user)
        assert client.get(URL).status_code == 200
        assert URL in client.get("/").content.decode()


def test_one_action_moves_the_chosen_accounts_and_audits_each(client, admin_user, province_staff, district_officer,
                                                              viewer):
    tu_lan = area_resolve(code="07774", on=TODAY_MAP)
    bac_ninh = area_resolve(code="24", on=TODAY_MAP)
    client.force_login(admin_user)
    r = client.post(URL, {"move": [province_staff.pk, district_officer.pk],
                          f"to_{province_staff.pk}": bac_ninh.pk, f"to_{district_officer.pk}": tu_lan.pk,
                          f"to_{viewer.pk}": bac_ninh.pk})
    assert r.status_code == 302
    province_staff.refresh_from_db()
    district_officer.refresh_from_db()
    viewer.refresh_from_db()
    assert province_staff.scope_area == bac_ninh and district_officer.scope_area == tu_lan
    assert viewer.scope_area.path == "L.24"  # not chosen
    assert "Đã chuyển: tinh → Tỉnh Bắc Ninh; vietyen → Phường Tự Lạn." in client.get(URL).content.decode()

    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SCOPE_MOVED, user=district_officer)
    assert event.detail == {"by": "admin", "from_area": "L.24.222", "from_name": "Thị xã Việt Yên",
                            "to_area": "N.24.07774", "to_name": "Phường Tự Lạn"}
    last = district_officer.history.order_by("-history_date").first()
    assert last.history_user == admin_user and last.history_change_reason == "L.24.222 → N.24.07774"
    # The moved officer now works in the ward, as commune police.
    assert district_officer.get_role_display() == "Cán bộ Công an cấp xã"


def test_a_move_to_an_area_that_did_not_take_it_over_is_refused(admin_user, district_officer):
    kien_lao = area_resolve(code="07552", on=TODAY_MAP)
    with pytest.raises(ValidationError, match="không kế thừa"):
        user_scope_move(actor=admin_user, user=district_officer, area=kien_lao)
    district_officer.refresh_from_db()
    assert district_officer.scope_area.path == "L.24.222"
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SCOPE_MOVED).exists()


def test_an_account_of_an_area_that_exists_is_not_moved(admin_user, bac_ninh_staff):
    with pytest.raises(ValidationError, match="vẫn còn tồn tại"):
        user_scope_move(actor=admin_user, user=bac_ninh_staff, area=bac_ninh_staff.scope_area)


def test_province_staff_move_only_inside_their_scope(client, bac_ninh_staff, district_officer):
    other = user_on("hanam", Role.DISTRICT_OFFICER, "27", datetime.date(2019, 9, 30))  # the old Bắc Ninh: in scope
    stranger_area = Area.objects.create(code="99", name="Tỉnh Thử", short_name="Thử", kind="Tỉnh", level="province",
                                        era="legacy", path="L.99", valid_to=datetime.date(2025, 6, 30))
    stranger = make_user("nguoingoai", Role.PROVINCE_STAFF, None)
    stranger.scope_area = stranger_area
    stranger.save()
    rows = {row.user.username for row in users_with_ended_scope(actor=bac_ninh_staff, on=TODAY)}
    assert rows == {"vietyen", "hanam"}
    client.force_login(bac_ninh_staff)
    client.post(URL, {"only": stranger.pk, f"to_{stranger.pk}": bac_ninh_staff.scope_area.pk})
    stranger.refresh_from_db()
    assert stranger.scope_area == stranger_area
    # The 2019 staff of the old province, whose own area has ended, cannot move anyone to today's map.
    tinh = user_on("tinh2019", Role.PROVINCE_STAFF, "24", datetime.date(2019, 9, 30))
    with pytest.raises(Exception, match="trong địa bàn của mình"):
        user_scope_move(actor=tinh, user=other, area=bac_ninh_staff.scope_area)


def test_a_commune_of_2019_is_followed_to_its_commune_of_today(admin_user):
    bich_son = user_on("bichson", Role.DISTRICT_OFFICER, "07777", datetime.date(2019, 9, 30))  # Xã Bích Sơn, to 2019
    (row,) = users_with_ended_scope(actor=admin_user, on=TODAY)
    assert row.user == bich_son
    # Xã Bích Sơn → Phường Bích Động (2020) → Phường Việt Yên (2025), by default all the way.
    assert [a.name for a in row.successors] == ["Phường Việt Yên"] and row.default == row.successors[0]


# --- A split commune: the default successor is preselected, the administrator may choose the other ----------------

@pytest.fixture
def dai_nai_officer(db):
    areas_load(province_codes={"42"})  # Hà Tĩnh: Phường Đại Nài went to Thành Sen (by default) and Hà Huy Tập
    user = make_user("dainai", Role.DISTRICT_OFFICER, None)
    user.scope_area = Area.objects.get(era="legacy", level="commune", name="Phường Đại Nài")
    user.save()
    return user


def test_a_split_commune_offers_both_successors_with_the_default_chosen(client, admin_user, dai_nai_officer):
    (row,) = users_with_ended_scope(actor=admin_user, on=TODAY)
    assert sorted(a.name for a in row.successors) == ["Phường Hà Huy Tập", "Phường Thành Sen"]
    assert row.default.name == "Phường Thành Sen"
    client.force_login(admin_user)
    html = row_of(client.get(URL).content.decode(), dai_nai_officer)
    assert f'value="{row.default.pk}" selected' in html and "— chọn —" not in html


def test_the_administrator_moves_a_split_communes_officer_to_the_other_successor(client, admin_user,
                                                                                  dai_nai_officer):
    ha_huy_tap = Area.objects.get(era="2025", level="commune", name="Phường Hà Huy Tập")
    client.force_login(admin_user)
    client.post(URL, {"only": dai_nai_officer.pk, f"to_{dai_nai_officer.pk}": ha_huy_tap.pk})
    dai_nai_officer.refresh_from_db()
    assert dai_nai_officer.scope_area == ha_huy_tap
    assert SecurityEvent.objects.get(kind=SecurityEvent.Kind.SCOPE_MOVED).detail["to_name"] == "Phường Hà Huy Tập"
