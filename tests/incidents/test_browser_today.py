"""The issue's "done when", on a phone (390×844, touch) in a real Chromium: the police officer of a ward of today's map
(Phường Bắc Giang, which merged seven old communes of Bắc Giang city) records an incident of today at a unit registered
on one of those old communes. The form opens on today's date and time, the incident is saved on the ward (the unit's
commune on today's map) and it is listed among the ward's incidents."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from antqcore.demo import DEMO_PASSWORD, NEW_WARD_CODE, demo_accounts_seed
from antqcore.models import Area, Role
from antqcore.selectors import area_resolve
from incidents.models import Incident
from incidents.reference_data import incident_types_load
from tests.conftest import sign_in
from tests.incidents.test_browser import no_horizontal_scroll, phone  # noqa: F401 (the phone fixture)
from tests.pickers import pick
from units.services import unit_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESCRIPTION = "Mất trộm 12 cuộn dây đồng tại kho vật tư"


@pytest.fixture
def ward(areas):
    return area_resolve(code=NEW_WARD_CODE, on=timezone.localdate())


@pytest.fixture
def phuong(ward):
    """The demo account of a ward's police officer (antqcore.demo): Phường Bắc Giang, which merged seven communes."""
    user = next(u for u in demo_accounts_seed() if u.username == "phuong")
    assert (user.role, user.scope_area) == (Role.DISTRICT_OFFICER, ward)
    return user


def an_old_commune_of(ward: Area) -> Area:
    """One of the communes the ward took over whole (its only successor is the ward)."""
    return next(a for a in ward.predecessors.order_by("code") if list(a.successors.all()) == [ward])


def test_a_commune_officer_records_an_incident_of_today_on_a_phone(request, ward, phuong):
    incident_types_load()  # a transactional test starts from an empty database
    old_commune = an_old_commune_of(ward)
    unit = unit_create(data={"name": "Công ty TNHH Dây cáp Xương Giang", "kind": "enterprise",
                             "subtype": "private_enterprise", "commune": old_commune, "managing_level": "province",
                             "tax_code": "2400123456", "worker_count": 180}, actor=None)
    page = request.getfixturevalue("phone")  # the 390×844 touch window of tests/incidents/test_browser.py
    sign_in(page, "phuong", DEMO_PASSWORD)

    page.goto("/incidents/new/")
    assert no_horizontal_scroll(page)
    today = timezone.localdate()
    # The form opens on today (now), not on a date of the demo's past.
    assert page.locator("#id_occurred_at").input_value().startswith(today.isoformat() + "T")
    page.get_by_text("Trộm cắp tài sản", exact=True).click()
    pick(page, "id_unit", "day cap xuong", unit.name)
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
