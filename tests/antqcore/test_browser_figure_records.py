"""Issue #18's "done when", in a real Chromium: province staff click a figure of the dashboard and arrive at the
"Nguồn số liệu" page, whose records are as many as the figure said; a district's bar of a chart opens that district's
records; the Excel export downloads exactly those records."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from antqcore.models import Role
from incidents.reference_data import incident_types_load
from tests.conftest import make_user, sign_in
from tests.incidents.helpers import at, make_incident
from tests.units.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def records(areas):
    incident_types_load()  # a transactional test starts from an empty database
    viet_yen = [make_unit("222", name=f"Công ty Việt Yên {i}") for i in range(3)]
    luc_nam = make_unit("218", name="Công ty Lục Nam")
    for day, unit in (("2019-03-04", viet_yen[0]), ("2019-05-06", viet_yen[1]), ("2019-07-08", luc_nam)):
        make_incident("violation", unit=unit, occurred_at=at(day), description="Vi phạm quy định về an ninh trật tự")
    return make_user("tinh", Role.PROVINCE_STAFF, "24")


def test_a_dashboard_figure_opens_its_records_with_the_same_count(page, records):
    sign_in(page, "tinh", "pw-tinh")
    page.locator("#id_year").select_option("2019")
    page.wait_for_url("**/?year=2019")

    tile = page.locator('#key-figures [data-key="context.units"]')
    shown = tile.locator(".display-6").inner_text()
    assert shown == "4"
    tile.locator("a").click()
    page.wait_for_url(re.compile(r"/figures/records/\?key=context\.units&area=24&from=2019-01-01&to=2019-12-31"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nguồn số liệu")
    expect(page.locator("#records-count")).to_have_text(shown)
    expect(page.locator("#figure-records tbody tr")).to_have_count(4)
    expect(page.locator("#figure-rule")).not_to_be_empty()
    expect(page.locator("#figure-records")).to_contain_text("Công ty Lục Nam")

    # Back on the dashboard, the violations' tile and then Việt Yên's bar of the chart by district.
    page.go_back()
    violations = page.locator('#key-figures [data-key="incidents.violations"]')
    assert violations.locator(".display-6").inner_text() == "3"
    violations.locator("a").click()
    expect(page.locator("#records-count")).to_have_text("3")
    with page.expect_download() as download:
        page.locator("#records-xlsx").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row and row[0] == "#")
    assert len([row for row in rows[header + 1:] if row and row[0]]) == 3

    page.go_back()
    bar = page.locator('#charts-by-district [data-key="incidents.violations"] a[aria-label^="Việt Yên"]')
    bar.click()
    page.wait_for_url(re.compile(r"key=incidents\.violations&area=222&"))
    expect(page.locator("#records-count")).to_have_text("2")
    expect(page.locator("#figure-records tbody tr")).to_have_count(2)
