"""The units registry in a real Chromium: search without accents, open a unit, edit it, see the change in its
history."""

import pytest

from antqcore.models import Role
from tests.conftest import make_user, sign_in
from tests.units.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_open_edit_and_see_the_history(page, areas):
    make_user("vietyen", Role.DISTRICT_OFFICER, "222", first_name="Nguyễn Văn", last_name="An")
    make_unit("222", name="Công ty TNHH Fuhong Precision Component Bắc Giang", subtype="fdi_enterprise",
              investor_country="Đài Loan", worker_count=1800)
    make_unit("222", name="Trường THPT Việt Yên số 1", kind="school", subtype="upper_secondary")
    make_unit("218", name="Công ty may Lục Nam")
    sign_in(page, "vietyen", "pw-vietyen")

    page.get_by_role("link", name="Đơn vị").first.click()
    page.get_by_role("searchbox", name="Tìm kiếm").fill("fuhong bac giang")
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "1 đơn vị" in page.locator("#unit-count").inner_text()

    rows.first.get_by_role("link").click()
    assert page.locator("#unit-name").inner_text() == "Công ty TNHH Fuhong Precision Component Bắc Giang"
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Số công nhân").fill("2150")
    page.get_by_role("button", name="Lưu").click()
    assert "Đã lưu thay đổi" in page.get_by_role("alert").inner_text()
    assert "2.150 công nhân" in page.locator("#general").inner_text()

    page.get_by_role("tab", name="Lịch sử thay đổi").click()
    history = page.locator("#history-list").inner_text()
    assert "Nguyễn Văn An" in history and "Số công nhân" in history and "2.150" in history and "1.800" in history
