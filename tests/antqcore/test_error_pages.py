"""The site's error pages (#19, part 1): a missing page, a refused one, a form whose CSRF token expired and a server
error answer in the site's layout, in Vietnamese, with the reason the view gave and a way back; under /api/ the
answer stays the API's JSON error body. The test settings run with DEBUG off, as production does."""

import datetime

import pytest
from django.test import Client, RequestFactory
from playwright.sync_api import expect

from antqcore.api.exceptions import server_error
from antqcore.models import Area, Role, User
from tests.conftest import area, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_the_sites_page_in_vietnamese_with_its_menu(client, province_staff):
    client.force_login(province_staff)
    r = client.get("/khong-co-trang-nay/", HTTP_REFERER="http://testserver/incidents/")
    html = r.content.decode()
    assert r.status_code == 404 and r["Content-Type"].startswith("text/html")
    assert "Không tìm thấy trang" in html and 'id="mainnav"' in html  # the layout, with the menu
    assert 'href="/">Về trang chủ</a>' in html and 'href="http://testserver/incidents/"' in html
    assert "Not Found" not in html and "URLconf" not in html  # neither Django's bare page nor its URL list
    # A record that does not exist (or lies outside the user's area) says so in the same words.
    r = client.get("/incidents/99999999/")
    assert r.status_code == 404 and "Không tìm thấy trang" in r.content.decode()
    assert "matches the given query" not in r.content.decode()
    # Nor Django's own message of a detail view, in Vietnamese ("Không có … tìm thấy phù hợp với truy vấn").
    assert 'id="error-reason"' not in r.content.decode()


def test_a_refusal_says_why_in_vietnamese(client, district_officer):
    client.force_login(district_officer)
    r = client.get("/reports/templates/")
    html = r.content.decode()
    assert r.status_code == 403
    assert "Bạn không được thực hiện thao tác này" in html
    assert 'id="error-reason"' in html and "cán bộ cấp tỉnh" in html
    assert "403 Forbidden" not in html


def test_an_expired_form_is_refused_with_what_to_do(province_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(province_staff)
    r = client.post("/reports/new/", {"kind": "annual"})
    html = r.content.decode()
    assert r.status_code == 403 and "Tải lại trang" in html and "không có gì được lưu" in html.lower()


def test_a_request_to_another_host_gets_the_400_page(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    r = client.get("/", HTTP_HOST="antq.example.org")
    assert r.status_code == 400 and "Không đọc được yêu cầu" in r.content.decode()


def test_a_server_error_page_needs_nothing_but_static_files():
    r = server_error(RequestFactory().get("/incidents/"))
    assert r.status_code == 500 and "Hệ thống gặp lỗi" in r.content.decode()


def test_the_api_keeps_its_json_errors(client, province_staff):
    client.force_login(province_staff)
    r = client.get("/api/v1/khong-co/")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = server_error(RequestFactory().get("/api/v1/units/"))
    assert r.status_code == 500 and b'"code": "error"' in r.content.replace(b'":"', b'": "')


def test_the_admin_speaks_of_antq_and_the_site_has_an_icon(client, admin_user):
    from pathlib import Path

    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert "Quản trị hệ thống ANTQ" in html and "Django" not in html.split("<body", 1)[1].split("</header>", 1)[0]
    home = client.get("/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in home
    r = client.get("/favicon.ico")
    assert r.status_code == 301 and r["Location"] == "/static/favicon.svg"
    assert (Path(__file__).resolve().parents[2] / "static" / "favicon.svg").read_text().startswith("<svg")


def test_under_make_run_a_missing_page_is_the_sites_page_not_the_url_list(client, settings, province_staff):
    # config.settings.local adds the middleware when DEBUG is on, as `make run` has it.
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "antqcore.errors.SiteNotFoundPageMiddleware"]
    client.force_login(province_staff)
    for path in ("/khong-co-trang-nay/", "/incidents/99999999/"):  # no URL matches; a view's Http404
        r = client.get(path)
        html = r.content.decode()
        assert r.status_code == 404 and "Không tìm thấy trang" in html and 'id="mainnav"' in html, path
        assert "URLconf" not in html and "Using the URLconf" not in html, path
    assert client.get("/incidents").status_code == 301  # APPEND_SLASH still redirects before the 404
    assert client.get("/api/v1/khong-co/").json()["code"] == "not_found"


# As each role, in Chromium with DEBUG off (the test settings): (user, role, scope code, forbidden page, its reason).
# The province's staff and the administrator may open every page: theirs is a form sent with an expired token.
REFUSALS = [
    ("tinh", Role.PROVINCE_STAFF, "24", "expired form", "Biểu mẫu đã hết hạn"),
    ("vietyen", Role.DISTRICT_OFFICER, "222", "/reports/templates/", "Chỉ cán bộ cấp tỉnh"),
    # The commune police of the two-tier map: the officer's role scoped to a commune of today.
    ("xa", Role.DISTRICT_OFFICER, "a commune of today", "/reports/templates/", "Chỉ cán bộ cấp tỉnh"),
    ("xem", Role.VIEWER, "24", "/units/new/", "Vai trò của bạn không được phép thay đổi dữ liệu."),
    ("admin", Role.ADMIN, None, "expired form", "Biểu mẫu đã hết hạn"),
]


def open_refused(page, forbidden: str) -> int:
    if forbidden != "expired form":
        return page.goto(forbidden).status
    page.goto("/reports/new/")
    # The token of a session that has since ended: the form is refused, whichever form it is.
    page.locator("input[name=csrfmiddlewaretoken]").evaluate_all("all => all.forEach(i => i.value = 'x'.repeat(64))")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("main form[method=post] [type=submit]").last.click()
    return answer.value.status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_role_sees_the_error_pages_in_the_sites_layout_with_a_way_back(page, areas):
    for username, role, scope, forbidden, reason in REFUSALS:
        if scope == "a commune of today":
            today = datetime.date.today()
            commune = Area.objects.valid_on(today).filter(
                level="commune", path__startswith=area("24", on=today).path + ".").first()
            User.objects.create_user(username, password=f"pw-{username}", role=role, scope_area=commune)
        else:
            make_user(username, role, scope, is_superuser=role == Role.ADMIN, is_staff=role == Role.ADMIN)
        sign_in(page, username, f"pw-{username}")
        for status, title in ((404, "Không tìm thấy trang"), (403, "Bạn không được thực hiện thao tác này")):
            shown = page.goto("/khong-co-trang-nay/").status if status == 404 else open_refused(page, forbidden)
            assert shown == status, (username, status)
            expect(page.locator("h1")).to_have_text(title)
            expect(page.locator("#mainnav")).to_be_attached()  # the site's menu, as on every page
            expect(page.get_by_role("link", name="Báo cáo", exact=True).first).to_be_visible()
            if status == 403:
                expect(page.locator("#error-reason")).to_contain_text(reason)
            page.get_by_role("link", name="Về trang chủ").click()
            page.wait_for_url("**/")
            expect(page.locator("#error-page")).to_have_count(0)
        page.context.clear_cookies()  # the next role signs in afresh
