"""The entry grid in a real Chromium: the province's staff enter a quarter's propaganda figures for Việt Yên's police,
and the province's totals on the summary page change by what was typed."""

import pytest
from playwright.sync_api import expect

from antqcore.models import Role
from tallies.models import TallyValue
from tests.conftest import make_user, sign_in

from .helpers import load_catalogue, save  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_summary(page):
    page.goto("/activities/tallies/")
    page.locator("#id_date_from").fill("01/07/2019")
    page.locator("#id_date_to").fill("30/09/2019")
    page.get_by_role("button", name="Xem").click()


def figure(page, key: str) -> str:
    return page.locator(f'#summary-figures tr[data-key="{key}"] .figure-value').inner_text()


def test_a_quarters_propaganda_figures_entered_in_the_grid_change_the_province_total(page, areas):
    # A transactional test starts from an empty database: the catalogue comes from a data migration.
    load_catalogue()
    staff = make_user("tinh", Role.PROVINCE_STAFF, "24", first_name="Cán bộ", last_name="tỉnh")
    save(staff, "ca-218", "2019-Q3", sessions=80, leaflets=1000)  # Lục Nam has already reported
    sign_in(page, "tinh", "pw-tinh")

    page.get_by_role("link", name="Số liệu phong trào").first.click()
    open_summary(page)
    assert figure(page, "propaganda.sessions") == "80"
    assert figure(page, "propaganda.leaflets") == "1.000"
    assert figure(page, "propaganda.participants") == "0"

    page.get_by_role("link", name="Nhập số liệu").click()
    # The body first: the periods offered are those of its reporting period.
    page.locator("#choose-body").select_option(label="Công an thị xã Việt Yên")
    page.get_by_role("button", name="Mở").click()
    page.locator("#choose-period").select_option(label="Quý 3/2019")
    page.get_by_role("button", name="Mở").click()
    assert page.locator("#entry-body").inner_text() == "Công an thị xã Việt Yên"
    assert page.locator("#entry-period").inner_text() == "Quý 3/2019"
    sessions = "Buổi tuyên truyền (kể cả lồng ghép) tại cơ quan, doanh nghiệp, nhà trường"
    page.get_by_label(sessions, exact=True).fill("1.200")
    page.locator("#id_value_participants").fill("trên 80.000")
    page.locator("#id_value_leaflets").fill("-500")
    page.get_by_role("button", name="Lưu").click()
    # A wrong row: nothing is saved, the row says why, and what was typed stays.
    assert "Tờ rơi, tờ gấp không được là số âm." in page.locator("#row-leaflets").inner_text()
    expect(page.locator("#id_value_leaflets")).to_be_focused()  # the keyboard starts at the row to correct
    expect(page.locator("#id_value_leaflets")).to_have_attribute("aria-invalid", "true")
    assert page.locator("#id_value_sessions").input_value() == "1.200"
    assert not TallyValue.objects.filter(body__code="ca-222").exists()

    page.locator("#id_value_leaflets").fill("500")
    page.get_by_role("button", name="Lưu").click()
    assert "Đã lưu số liệu Quý 3/2019 của Công an thị xã Việt Yên." in page.get_by_role("alert").first.inner_text()
    assert page.locator("#id_value_sessions").input_value() == "1200"
    assert page.locator("#id_more_participants").is_checked()

    open_summary(page)
    assert figure(page, "propaganda.sessions") == "1.280"
    assert figure(page, "propaganda.leaflets") == "1.500"
    assert figure(page, "propaganda.participants") == "trên 80.000"
    # The next quarter's grid shows what was entered as last quarter's values.
    page.goto("/activities/tallies/entry/?body=ca-222&period=2019-Q4")
    assert page.locator("#row-sessions .previous-value").inner_text() == "1.200"
    assert page.locator("#row-participants .previous-value").inner_text() == "trên 80.000"
    # On a phone the grid is one block per indicator: its name above an input across the screen, no sideways scroll.
    page.set_viewport_size({"width": 390, "height": 844})
    label, field = (page.locator(s).bounding_box() for s in ("label[for=id_value_sessions]", "#id_value_sessions"))
    assert label["y"] + label["height"] <= field["y"] and field["width"] > 300
    assert page.get_by_role("checkbox", name="trên").first.is_visible()  # "more than" says what it is there
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
