"""The issue's "done when", on a phone (390×844, touch) in a real Chromium: the police officer of a ward of today's map
(Phường Bắc Giang, which merged seven old communes of Bắc Giang city) records an incident of today at a unit registered
on one of those old communes. The form opens on today's date and time, the incident is saved on the ward (the unit's
commune on today's map) and it is listed among the ward's incidents."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from antqcore.models import Area, Role, User
from antqcore.selectors import area_resolve
from incidents.models import Incident
from incidents.reference_data import incident_types_load
from tests.conftest import sign_in
from tests.incidents.test_browser import PHONE, no_horizontal_scroll
from units.services import unit_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The demo's ward (antqcore.demo: the account `phuong`): Phường Bắc Giang, code 07210 on today's map.
WARD_CODE = "07210"
DESCRIPTION = "Mất trộm 12 cuộn dây đồng tại kho vật tư"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, **PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def ward(areas):
    return area_resolve(code=WARD_CODE, on=timezone.localdate())


@pytest.fixture
def phuong(ward):
    """The demo account `phuong` as antqcore.demo makes it: a commune police officer scoped to the ward."""
    return User.objects.create_user("phuong", password="pw-phuong", role=Role.DISTRICT_OFFICER, scope_area=ward,
                                    first_name="Cán bộ", last_name="Công an phường Bắc Giang")


def an_old_commune_of(ward: Area) -> Area:
    """One of the communes the ward took over whole (its only successor is the ward)."""
    return next(a for a in ward.predecessors.order_by("code") if list(a.successors.all()) == [ward])


def test_a_commune_officer_records_an_incident_of_today_on_a_phone(phone, ward, phuong):
    incident_types_load()  # a transactional test starts from an empty database
    old_commune = an_old_commune_of(ward)
    unit = unit_create(data={"name": "Công ty TNHH Dây cáp Xương Giang", "kind": "enterprise",
                             "subtype": "private_enterprise", "commune": old_commune, "managing_level": "province",
                             "tax_code": "2400123456", "worker_count": 180}, actor=None)
    page = phone
    sign_in(page, "phuong", "pw-phuong")

    page.goto("/incidents/new/")
    assert no_horizontal_scroll(page)
    today = timezone.localdate()
    # The form opens on today (now), not on a date of the demo's past.
    assert page.locator("#id_occurred_at").input_value().startswith(today.isoformat() + "T")
    page.get_by_text("Trộm cắp tài sản", exact=True).click()
    page.locator("#unit-search").fill("day cap xuong")
    expect(page.locator("#id_unit")).to_have_value(str(unit.pk))
    page.locator("#id_description").fill(DESCRIPTION)
    page.locator("#save-incident").click()

    page.wait_for_url(re.compile(r".*/incidents/\d+/$"))
    assert page.locator(".alert-success").is_visible()
    incident = Incident.objects.get()
    assert timezone.localdate(incident.occurred_at) == today
    assert (incident.unit, incident.area) == (unit, ward)  # the unit's commune on today's map
    assert incident.created_by == phuong

    page.goto("/incidents/")
    assert no_horizontal_scroll(page)
    expect(page.get_by_text(DESCRIPTION)).to_be_visible()
    expect(page.get_by_text(today.strftime("%d/%m/%Y")).first).to_be_visible()
