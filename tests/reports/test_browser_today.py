"""The issue's "done when", in a real Chromium over the seeded demo (every registry's demo, 2014 to today): the staff
of the new Bắc Ninh province sign in, the dashboard opens on the current year with figures that are not zero, and
they create the annual report 2025 of the province from the reports page, which the Celery worker generates."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from antqcore.demo import DEMO_PASSWORD, demo_accounts_seed, demo_seeders
from antqcore.models import Role, User
from antqcore.selectors import area_resolve
from certification.criteria_data import criteria_load
from incidents.reference_data import incident_types_load
from models_registry.reference_data import reference_load
from reports.models import ReportKind, ReportRun, RunStatus
from reports.template_data import report_templates_load
from tallies.catalogue import catalogue_load
from tests.conftest import sign_in
from tests.reports.test_browser import folder_broker, wait_until_generated, worker  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(areas):
    # A transactional test starts from an empty database: the shipped data first, as its migrations load it.
    for load in (criteria_load, incident_types_load, reference_load, catalogue_load, report_templates_load):
        load()
    demo_accounts_seed()
    for _name, seeder in demo_seeders():
        seeder()


@pytest.fixture
def bacninh(demo):
    """The demo account of the new Bắc Ninh's staff (antqcore.demo)."""
    user = User.objects.get(username="bacninh")
    assert (user.role, user.scope_area) == (Role.PROVINCE_STAFF, area_resolve(code="24", on=timezone.localdate()))
    return user


def card_values(page) -> dict[str, str]:
    cards = page.locator("#key-figures [data-key]")
    return {cards.nth(i).get_attribute("data-key"): cards.nth(i).locator(".display-6").inner_text()
            for i in range(cards.count())}


@pytest.mark.usefixtures("worker")  # a Celery worker generates the report, as `make run` does
def test_province_staff_of_today_see_this_year_and_create_the_annual_report_2025(page, bacninh):
    today = timezone.localdate()
    sign_in(page, "bacninh", DEMO_PASSWORD)

    expect(page.locator("#id_year")).to_have_value(str(today.year))
    expect(page.locator("#dashboard-year")).to_contain_text(f"01/01/{today.year} – {today:%d/%m/%Y}")
    assert page.locator("#no-records").count() == 0
    figures = card_values(page)
    recorded = {key: value for key, value in figures.items() if not key.startswith("context.")}
    assert recorded, figures
    assert sum(value not in ("0", "") for value in recorded.values()) >= 3, figures
    assert figures["context.units"] not in ("0", "")

    page.get_by_role("link", name="Báo cáo", exact=True).first.click()
    page.get_by_role("link", name="Tạo báo cáo").click()
    page.wait_for_url("**/reports/new/")
    page.locator("#id_preset").select_option(label="Năm 2025")
    expect(page.locator("#id_period_start")).to_have_value("01/01/2025")
    expect(page.locator("#id_kind")).to_have_value("annual")
    page.locator("#id_area").select_option(label="Tỉnh Bắc Ninh")
    expect(page.locator("#id_recipients")).not_to_have_value("", timeout=10_000)
    page.locator("#id_signer_name").fill("Nguyễn Văn Bình")
    page.get_by_role("button", name="Tạo báo cáo").click()

    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    run = ReportRun.objects.get()
    assert (run.kind, run.period_start.isoformat(), run.period_end.isoformat(), run.area.path) == (
        ReportKind.ANNUAL, "2025-01-01", "2025-12-31", "N.24")
    wait_until_generated(page)
    assert ReportRun.objects.get().status == RunStatus.DONE
    expect(page.frame_locator("#report-preview").get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")).to_be_visible()
