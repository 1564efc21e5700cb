"""`manage.py province_setup CODE`: every registered step, then the province's first administrator, whose printed
password must be changed at the first sign-in."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from antqcore.models import Role, User
from antqcore.provinces import province_setup_steps
from antqcore.services import api_token_create, areas_load

pytestmark = pytest.mark.django_db


def setup(*args) -> str:
    out = io.StringIO()
    call_command("province_setup", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def ha_tinh(db):
    areas_load(province_codes={"42"})


def test_the_setup_runs_every_step_and_creates_the_administrator_once(ha_tinh):
    assert [name for name, _step in province_setup_steps()], "no step registered"
    dry = setup("42", "--dry-run")
    assert "Sẽ tạo tài khoản quản trị tỉnh qt42" in dry and "Mật khẩu" not in dry
    assert not User.objects.filter(username="qt42").exists()
    for name, _step in province_setup_steps():
        assert f"[{name}]" in dry

    out = setup("42")
    assert "Tỉnh Hà Tĩnh" in out
    password = re.search(r"Mật khẩu \(chỉ in một lần.*\): (\S+)", out).group(1)
    admin = User.objects.get(username="qt42")
    assert (admin.role, admin.scope_area.path, admin.must_change_password) == (Role.PROVINCE_STAFF, "N.42", True)
    assert admin.check_password(password) and admin.organisation.name == "Công an tỉnh Hà Tĩnh"

    again = setup("42")
    assert "Mật khẩu" not in again and "đã có tài khoản quản trị: qt42" in again
    assert User.objects.filter(scope_area__path="N.42").count() == 1


def test_an_old_map_province_is_set_up_on_its_date(ha_tinh):
    out = setup("42", "--on", "2024-06-30", "--admin-username", "htcu")
    assert User.objects.get(username="htcu").scope_area.path == "L.42"
    assert "Công nhận" in out or "tiêu chí" in out


def test_the_certification_step_reports_the_sets_in_force_and_creates_nothing(ha_tinh):
    from certification.models import Campaign, CriteriaSet

    before = (CriteriaSet.objects.count(), Campaign.objects.count())
    out = setup("42")
    assert "[certification]" in out and "124/2021" in out
    assert (CriteriaSet.objects.count(), Campaign.objects.count()) == before


def test_the_certification_step_makes_the_provinces_appraisal_council_once(ha_tinh):
    from antqcore.models import Area
    from certification.models import Council

    dry = setup("42", "--dry-run")
    assert "Sẽ tạo hội đồng thẩm định của tỉnh: «Hội đồng thẩm định, xét duyệt CQDNNT đạt tiêu chuẩn “An toàn về " \
           "ANTT” tỉnh Hà Tĩnh»" in dry
    assert not Council.objects.exists()
    out = setup("42")
    council = Council.objects.get()
    assert council.area == Area.objects.get(path="N.42") and council.name.endswith("tỉnh Hà Tĩnh")
    assert f"Đã tạo hội đồng thẩm định của tỉnh: «{council.name}»" in out
    assert "Chủ tịch Hội đồng" in council.members
    again = setup("42")
    assert f"Đã có hội đồng thẩm định của tỉnh: «{council.name}»" in again and Council.objects.count() == 1


def test_an_unknown_code_is_refused(ha_tinh):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có tỉnh mã 99"):
        setup("99")


def test_the_first_sign_in_goes_to_the_password_change_until_it_is_changed(ha_tinh, client):
    password = re.search(r"lần đầu\): (\S+)", setup("42")).group(1)
    signed_in = client.post(reverse("login"), {"username": "qt42", "password": password})
    assert signed_in.status_code == 302
    response = client.get("/units/")
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    assert "Bạn phải đổi mật khẩu được cấp" in client.get(reverse("password_change")).content.decode()
    assert client.get("/api/v1/me/").status_code == 403  # the session is refused by the API
    token = api_token_create(user=User.objects.get(username="qt42"), name="test")  # a token is not (an admin made it)
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200

    same = client.post(reverse("password_change"), {"old_password": password, "new_password1": password,
                                                    "new_password2": password})
    assert same.status_code == 200 and User.objects.get(username="qt42").must_change_password
    new = "Ha-Tinh-moi-2025!"
    done = client.post(reverse("password_change"), {"old_password": password, "new_password1": new,
                                                    "new_password2": new})
    assert done.status_code == 302
    assert not User.objects.get(username="qt42").must_change_password
    assert client.get("/units/").status_code == 200

