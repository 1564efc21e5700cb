"""The list pages' sorting, paging and filter bar (antqcore.views.ListPageMixin, antqcore/templatetags/lists.py): a
column sorts both ways and the order is what the user sees, a sort the page does not know is ignored, the sort, the
filters and the page size survive paging, and "Xoá bộ lọc" clears the filters only."""

import re

import pytest

from tests.certification.helpers import campaign
from tests.units.factories import make_unit

pytestmark = pytest.mark.django_db

LISTS = ["/units/", "/units/zones/", "/incidents/", "/models/", "/commendations/", "/activities/documents/",
         "/activities/agreements/", "/activities/inspections/", "/activities/tallies/values/", "/reports/"]


@pytest.fixture
def units(db):
    # Names, workers and districts in three different orders.
    return [make_unit("222", name="Công ty Bình", worker_count=300),
            make_unit("218", name="Công ty An", worker_count=100),
            make_unit("222", name="Công ty Cường", worker_count=200)]


def names(html: str) -> list[str]:
    return re.findall(r'<a href="/units/\d+/">([^<]+)</a>', html)


def links(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'class="page-link" href="([^"]+)"', html)]


@pytest.mark.parametrize("sort, expected", [
    ("name", ["Công ty An", "Công ty Bình", "Công ty Cường"]),
    ("-name", ["Công ty Cường", "Công ty Bình", "Công ty An"]),
    ("workers", ["Công ty An", "Công ty Cường", "Công ty Bình"]),
    ("-workers", ["Công ty Bình", "Công ty Cường", "Công ty An"]),
])
def test_a_column_sorts_the_list_both_ways(client, province_staff, units, sort, expected):
    client.force_login(province_staff)
    html = client.get("/units/", {"sort": sort}).content.decode()
    assert names(html) == expected
    direction = "descending" if sort.startswith("-") else "ascending"
    assert re.search(rf'<th scope="col" class="sortable[^"]*" aria-sort="{direction}"><a class="sort-link" '
                     rf'href="\?sort={"" if sort.startswith("-") else "-"}{sort.lstrip("-")}"', html)


def test_an_unknown_sort_is_ignored(client, province_staff, units):
    client.force_login(province_staff)
    response = client.get("/units/", {"sort": "-password"})
    assert response.status_code == 200
    assert names(response.content.decode()) == ["Công ty An", "Công ty Bình", "Công ty Cường"]


def test_every_sortable_column_of_every_list_sorts(client, rf, province_staff):
    # The database must know every field a list declares, both ways (a wrong one is a 500): each list's view, as
    # the page built it, runs its query sorted by each.
    client.force_login(province_staff)
    for url in [*LISTS, f"/certification/campaigns/{campaign().pk}/"]:
        view = client.get(url).context["view"]
        assert view.sort_fields or url == "/units/zones/", url
        for key in view.sort_fields:
            for sort in (key, f"-{key}"):
                view.request = rf.get(url, {"sort": sort})
                assert view.sort() == sort
                list(view.sorted(view.object_list)[:1])


def test_sort_filters_and_page_size_survive_paging(client, province_staff, units):
    make_unit("222", name="Công ty Dũng")
    client.force_login(province_staff)
    html = client.get("/units/", {"sort": "-name", "kind": "enterprise", "page_size": 2}).content.decode()
    assert names(html) == ["Công ty Dũng", "Công ty Cường"]
    assert links(html) == ["?sort=-name&kind=enterprise&page_size=2&page=2"] * 3  # the number, "Sau", "Cuối"
    html = client.get("/units/", {"sort": "-name", "kind": "enterprise", "page_size": 2, "page": 2}).content.decode()
    assert names(html) == ["Công ty Bình", "Công ty An"]
    assert 'aria-current="page"><span class="page-link">2</span>' in html
    # The form to go to a page carries the rest along.
    assert '<input type="hidden" name="sort" value="-name"><input type="hidden" name="kind" value="enterprise">' in html


def test_a_page_out_of_range_shows_the_last_page(client, province_staff, units):
    client.force_login(province_staff)
    response = client.get("/units/", {"page_size": 2, "page": 99})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


def test_the_page_size_is_chosen_among_the_usual_ones(client, province_staff, units):
    client.force_login(province_staff)
    html = client.get("/units/", {"page_size": 2}).content.decode()
    # The size asked for in the address is among them, chosen.
    assert re.findall(r'<option value="(\d+)"( selected)?>', html[html.index('id="page-size"'):]) == [
        ("2", " selected"), ("20", ""), ("50", ""), ("100", ""), ("200", "")]


def test_clear_filters_keeps_the_sort_and_the_page_size(client, province_staff, units):
    client.force_login(province_staff)
    html = client.get("/units/", {"sort": "-name", "page_size": 20}).content.decode()
    assert 'id="clear-filters"' not in html
    html = client.get("/units/", {"q": "An", "kind": "enterprise", "sort": "-name", "page_size": 20}).content.decode()
    assert '<a class="btn btn-link" href="?sort=-name&amp;page_size=20" id="clear-filters">' in html


def test_every_filter_has_a_visible_label_and_no_dashes(client, province_staff):
    client.force_login(province_staff)
    for url in [*LISTS, f"/certification/campaigns/{campaign().pk}/"]:
        html = client.get(url).content.decode()
        assert "---------" not in html, url
        bar = re.search(r'<form method="get" class="row[^>]*role="search".*?</form>', html, re.S)
        if bar is None:
            continue
        controls = re.findall(r'<(?:select|input)(?![^>]*type="hidden")[^>]*id="([^"]+)"', bar.group(0))
        for control in controls:
            label = rf'<label class="form(?:-check)?-label[^"]*" for="{control}">'
            assert re.search(label, bar.group(0)), (url, control)
