"""The quick entry form on a phone (390×844, touch), in a real Chromium: the Việt Yên officer records a strike at a
unit found by typing part of its name without accents, opens the details, saves, and finds the incident on the unit's
page, from where the form starts again with the unit chosen."""

import re

import pytest
from playwright.sync_api import expect

from antqcore.models import Role
from incidents.models import Incident
from incidents.reference_data import incident_types_load
from tests.conftest import make_user, sign_in
from tests.pickers import pick
from tests.units.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
TOUCH = 44  # px: the smallest comfortable touch target
DESCRIPTION = "Công nhân ngừng việc tập thể yêu cầu tăng lương"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, **PHONE)
    page = context.new_page()
    yield page
    context.close()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def heights(locator) -> list[float]:
    return [locator.nth(i).bounding_box()["height"] for i in range(locator.count())]


def test_a_strike_is_recorded_on_a_phone_and_seen_on_the_units_page(phone, areas):
    # A transactional test starts from an empty database: the shipped types come from a data migration.
    incident_types_load()
    make_user("vietyen", Role.DISTRICT_OFFICER, "222")
    siflex = make_unit("222", name="Công ty TNHH Siflex Việt Nam")
    make_unit("222", name="Trường THPT Việt Yên số 1", kind="school", subtype="upper_secondary", tax_code="")
    make_unit("218", name="Công ty TNHH Siflex Lục Nam")
    page = phone
    sign_in(page, "vietyen", "pw-vietyen")

    page.goto("/incidents/new/")
    assert no_horizontal_scroll(page)
    types = page.locator("label.incident-type")
    assert types.count() == 14 and min(heights(types)) >= TOUCH
    for selector in ("#id_occurred_at", "#unit-field .ts-wrapper", "#area-field .ts-wrapper", "#save-incident",
                     "#incident-details summary"):
        assert page.locator(selector).bounding_box()["height"] >= TOUCH, selector
    assert page.locator("#id_occurred_at").input_value()  # now, by default

    page.get_by_text("Đình công, lãn công", exact=True).click()
    # The demo's officer works in 2019, on the map of the time.
    page.locator("#id_occurred_at").fill("2019-06-03T07:45")
    offered = pick(page, "id_unit", "siflex viet", siflex.name)
    assert not any("Lục Nam" in unit for unit in offered)
    expect(page.locator("#id_unit")).to_have_value(str(siflex.pk))
    # The area is left to the unit, whose commune the form names.
    assert page.locator("#id_area").input_value() == ""
    expect(page.locator("#area-from-unit")).to_contain_text(f"Theo đơn vị: {siflex.commune.name}")
    page.locator("#id_description").fill(DESCRIPTION)

    page.locator("#incident-details summary").click()
    page.locator("#id_workers").fill("250")
    page.locator("label[for=id_verified]").click()
    assert no_horizontal_scroll(page)
    page.locator("#save-incident").click()

    page.wait_for_url(re.compile(r".*/incidents/\d+/$"))
    assert page.locator(".alert-success").is_visible()
    assert page.locator("#incident-description").inner_text() == DESCRIPTION
    assert no_horizontal_scroll(page)
    incident = Incident.objects.get()
    assert (incident.type.code, incident.unit, incident.area, incident.workers, incident.verified) == (
        "strike", siflex, siflex.commune, 250, True)

    page.locator("#incident-unit a").click()
    page.locator("[data-bs-target='#tab-incidents']").click()
    tab = page.locator("#unit-incidents")
    assert tab.is_visible() and DESCRIPTION in tab.inner_text()
    tab.locator("#record-incident").click()
    page.wait_for_url("**/incidents/new/?unit=*")
    assert page.locator("#id_unit").input_value() == str(siflex.pk)
    assert siflex.commune.name in page.locator("#area-from-unit").inner_text()
