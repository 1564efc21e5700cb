"""The main flow of the shell in a real Chromium: a district officer signs in and lands on the Vietnamese home
page of the district."""

import os

import pytest

from antqcore.models import Role
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_district_officer_signs_in_and_sees_the_district(page, areas):
    make_user("vietyen", Role.DISTRICT_OFFICER, "222", first_name="Nguyễn Văn", last_name="An")
    page.goto("/")
    assert page.url.endswith("/accounts/login/?next=/")
    assert page.locator("h1").inner_text() == "Đăng nhập hệ thống ANTQ"
    page.get_by_label("Tên đăng nhập").fill("vietyen")
    page.get_by_label("Mật khẩu").fill("pw-vietyen")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
    assert "Xin chào, Nguyễn Văn An" in page.locator("h1").inner_text()
    scope = page.locator("#scope").inner_text()
    assert "Địa bàn của bạn" in scope and "Thị xã Việt Yên" in scope and "Tỉnh Bắc Giang" in scope
    assert page.locator("html").get_attribute("lang") == "vi"
    # The vendored stylesheet loaded: Bootstrap styles the navigation bar.
    assert page.locator("nav.navbar").evaluate("e => getComputedStyle(e).display") == "flex"
    os.makedirs("test-artifacts", exist_ok=True)
    page.screenshot(path="test-artifacts/home-vietyen.png", full_page=True)


def test_a_wrong_password_is_told_in_vietnamese(page, areas):
    make_user("vietyen", Role.DISTRICT_OFFICER, "222")
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("vietyen")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "mật khẩu chính xác" in page.get_by_role("alert").inner_text()
