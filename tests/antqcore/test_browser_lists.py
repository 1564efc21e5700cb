"""A list page in Chromium (issue #19 parts 3 and 4): a column's heading sorts the list, then the other way, with the
sort in the address; the pages go by number; on a phone the rows are cards and nothing is wider than the screen."""

import re

import pytest
from playwright.sync_api import expect

from antqcore.models import Role
from tests.conftest import make_user, sign_in
from tests.units.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def units(areas):
    for name in ("Công ty Bình", "Công ty An", "Công ty Cường", "Công ty Dũng", "Công ty Giang"):
        make_unit("222", name=name)
    make_user("tinh", Role.PROVINCE_STAFF, "24")


def names(page) -> list[str]:
    return page.locator("#unit-list tbody td:first-child a").all_inner_texts()


def test_sorting_paging_and_the_phone_cards(page, units):
    sign_in(page, "tinh", "pw-tinh")
    page.goto("/units/?page_size=2")
    assert names(page) == ["Công ty An", "Công ty Bình"]
    heading = page.locator("#unit-list th.sortable").first
    expect(heading).to_have_attribute("aria-sort", "ascending")  # the list's own order, by name

    heading.locator("a").click()
    page.wait_for_url(re.compile(r"sort=-name"))
    assert "page_size=2" in page.url
    expect(page.locator("#unit-list th.sortable").first).to_have_attribute("aria-sort", "descending")
    assert names(page) == ["Công ty Giang", "Công ty Dũng"]

    page.locator("#unit-list th.sortable").first.locator("a").click()
    page.wait_for_url(re.compile(r"sort=name"))
    assert names(page) == ["Công ty An", "Công ty Bình"]

    # Page 3 by its number in the form, then back to the first page by its link: the sort stays.
    page.locator("#page-number").fill("3")
    page.locator("#page-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"page=3"))
    assert "sort=name" in page.url
    assert names(page) == ["Công ty Giang"]
    expect(page.locator('.pagination [aria-current="page"]')).to_have_text("3")
    page.locator('.pagination a[rel="first"]').click()
    page.wait_for_url(re.compile(r"page=1"))
    assert names(page) == ["Công ty An", "Công ty Bình"]

    # A phone: each row is a card whose lines are labelled with the column's heading.
    page.set_viewport_size({"width": 390, "height": 844})
    row = page.locator("#unit-list tbody tr").first
    assert row.evaluate("tr => getComputedStyle(tr).display") == "block"
    label = row.locator("td").nth(2).evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Xã"'
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto("/incidents/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
