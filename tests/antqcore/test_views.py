import pytest
from django.utils import timezone

from antqcore.models import Organisation
from tests.conftest import area

pytestmark = pytest.mark.django_db


def test_the_login_page_speaks_vietnamese(client):
    r = client.get("/accounts/login/")
    assert r.status_code == 200
    html = r.content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html and "Mật khẩu" in html


def test_the_interface_is_available_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    html = client.get("/accounts/login/").content.decode()
    assert "Sign in" in html


def test_a_wrong_password_gets_a_vietnamese_error(client, district_officer):
    r = client.post("/accounts/login/", {"username": "vietyen", "password": "sai"})
    assert r.status_code == 200
    assert "mật khẩu chính xác" in r.content.decode()


def test_the_home_page_needs_a_login(client):
    r = client.get("/")
    assert r.status_code == 302 and r.url.startswith("/accounts/login/")


def test_a_district_officer_sees_the_district_on_the_home_page(client, district_officer):
    client.force_login(district_officer)
    html = client.get("/").content.decode()
    assert "Thị xã Việt Yên" in html
    assert "Tỉnh Bắc Giang" in html  # the chain above the district
    assert "Xã, phường, thị trấn" in html and ">17<" in html


def test_province_staff_see_the_province_with_thousands_separators(client, province_staff):
    client.force_login(province_staff)
    html = client.get("/").content.decode()
    assert "Địa bàn của bạn" in html and "<strong>Tỉnh Bắc Giang</strong>" in html
    assert "30/06/2025" in html  # the old map is shown as of its last day, dd/mm/yyyy


def test_a_viewer_is_told_the_account_is_read_only(client, viewer):
    client.force_login(viewer)
    assert "chỉ xem" in client.get("/").content.decode()


def test_logout_ends_the_session(client, district_officer):
    client.force_login(district_officer)
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_a_user_changes_the_password(client, district_officer):
    client.force_login(district_officer)
    r = client.post("/accounts/password/", {"old_password": "pw-vietyen", "new_password1": "Mat-khau-moi-2026",
                                            "new_password2": "Mat-khau-moi-2026"})
    assert r.status_code == 302
    district_officer.refresh_from_db()
    assert district_officer.check_password("Mat-khau-moi-2026")


def test_pages_load_no_asset_from_the_internet(client, district_officer):
    client.force_login(district_officer)
    html = client.get("/").content.decode()
    assert "http://" not in html and "https://" not in html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html


def test_dates_are_written_day_first(settings):
    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(timezone.datetime(2019, 9, 5), "SHORT_DATE_FORMAT") == "05/09/2019"
        assert formats.number_format(145554, force_grouping=True) == "145.554"


def test_changes_to_records_keep_who_and_what(client, province_staff):
    client.force_login(province_staff)
    org = Organisation.objects.create(name="Cũ", area=area("222"))
    r = client.patch(f"/api/v1/organisations/{org.pk}/", {"name": "Mới"}, content_type="application/json")
    assert r.status_code == 200
    last = org.history.first()
    assert last.history_user == province_staff
    assert last.name == "Mới" and last.prev_record.name == "Cũ"
