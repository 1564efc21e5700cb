"""The narrative editor in Chromium: a figure written in a narrative shows as a chip with its name and its value in
the report, never as its tag; staff search the list of figures by name without accents, insert one at the cursor
and save; the stored text holds the exact tag and the report prints the figure's value."""

import pytest
from playwright.sync_api import expect

from antqcore.models import Role
from reports.services import narrative_save
from tests.conftest import make_user, sign_in
from tests.reports.web_helpers import make_run, small_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNITS = "Cơ quan, doanh nghiệp, nhà trường"
PILOTS = "Đơn vị được chọn làm điểm phong trào"


def test_staff_see_figures_as_chips_and_insert_one_at_the_cursor(page, areas):
    staff = make_user("tinh", Role.PROVINCE_STAFF, "24")
    small_template("quarterly")
    run = make_run(staff, "24", figures={"context.units": 12, "models.pilot_units_2015": 7})
    narrative_save(run=run, section_key="ii-assessment", text='Có {% fig "context.units" %} đơn vị.', actor=staff)
    sign_in(page, "tinh", "pw-tinh")
    page.goto(f"/reports/{run.pk}/narrative/")

    editor = page.get_by_role("textbox", name="II. ĐÁNH GIÁ")
    expect(editor.locator(".narrative-chip")).to_have_text(f"{UNITS}: 12")
    expect(editor).not_to_contain_text("{%")
    expect(page.locator("#id_section-ii-assessment")).to_be_hidden()

    page.locator("#narrative-figure-search").fill("diem phong trao")  # without accents
    pilots = page.locator("#narrative-figure-list li:not([hidden]) button", has_text=PILOTS).first
    expect(pilots).to_have_text(f"{PILOTS} (7)")
    assert page.locator("#narrative-figure-list li:not([hidden])").count() < 10
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Làm điểm: ")
    pilots.click()
    expect(editor.locator(".narrative-chip").nth(1)).to_have_text(f"{PILOTS}: 7")

    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_role("textbox", name="II. ĐÁNH GIÁ").locator(".narrative-chip")).to_have_count(2)
    assert run.narratives.get(section_key="ii-assessment").text == (
        'Có {% fig "context.units" %} đơn vị. Làm điểm: {% fig "models.pilot_units_2015" %}')
    page.goto(f"/reports/{run.pk}/preview/")
    expect(page.get_by_text("Có 12 đơn vị. Làm điểm: 7")).to_be_visible()
