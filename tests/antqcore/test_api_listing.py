"""Issue #20 part 2: lists that cost little per row and say the same thing.

- The API's lists are written by RowPlanListSerializer and rendered by orjson: the JSON is DRF's, field for field
  (here on units, zones and commendations with and without their optional relations; every list of every registry
  on the demo's records in tests/reports/test_seed_pdf.py).
- The orjson renderer writes what DRF's JSONRenderer writes for what views return (translations, moments in UTC,
  decimals, errors), and falls back to it for indented JSON and integers beyond 64 bits.
- Pages are read keys first: the same records in the same order as Django's paginator, on every page, ties
  included; a list the two-step read cannot take (DISTINCT) is paged as before.
- The whole country's list page shows "khoảng N" (PostgreSQL's estimate) above the threshold, the exact count with a
  filter or a narrower scope, and the true last page when the estimate ran past the end.
- A user's coverage (every scoped request) is kept per state of the areas and follows a change of the map.
"""

import datetime
import decimal
import json
import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict

from antqcore.api.renderers import OrjsonRenderer
from antqcore.models import AreaSuccession
from antqcore.pagination import EstimatedCountPaginator, KeysFirstPaginator
from tests.api_listing_checks import assert_every_list_is_drfs
from tests.commendations.factories import make_commendation, make_medal
from tests.conftest import area, client_for
from tests.units.factories import commune_of, make_unit
from units.models import IndustrialZone, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(db):
    zone = IndustrialZone.objects.create(name="KCN Quang Châu", kind="zone", area=area("222"))
    with_zone = make_unit("222", name="Công ty Có KCN", zone=zone, investor_country="Hàn Quốc", staff_count=12)
    plain = make_unit("218", name="Công ty Không KCN")
    make_medal(unit=with_zone)
    make_commendation(unit=plain)
    return [with_zone, plain]


def test_the_lists_json_is_drfs_field_for_field(monkeypatch, records, province_staff, district_officer):
    filled = assert_every_list_is_drfs(monkeypatch, [province_staff, district_officer], least_rows=2)
    assert {"/api/v1/units/", "/api/v1/commendations/"} <= set(filled)


def test_a_units_row_has_its_relations_and_nulls_as_before(records, province_staff):
    rows = {row["name"]: row for row in client_for(province_staff).get("/api/v1/units/").json()["results"]}
    with_zone, plain = rows["Công ty Có KCN"], rows["Công ty Không KCN"]
    assert with_zone["zone"] == records[0].zone_id and with_zone["zone_name"] == "KCN Quang Châu"
    assert with_zone["commune"] == records[0].commune_id and with_zone["commune_detail"]["id"] == records[0].commune_id
    assert with_zone["district"]["code"] == "222" and with_zone["staff_count"] == 12
    assert plain["zone"] is None and plain["zone_name"] is None and plain["staff_count"] == 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+07:00", plain["created_at"])


def test_orjson_writes_what_drfs_renderer_writes():
    moment = datetime.datetime(2026, 12, 6, 1, 2, 3, 456789, tzinfo=datetime.UTC)
    data = ReturnDict({
        "text": "Phường Tân An — “trích dẫn”", "lazy": gettext_lazy("Invalid token header."), "n": 12, "x": 0.25,
        "none": None, "yes": True, "utc": moment, "local": timezone.localtime(moment),
        "day": datetime.date(2019, 9, 30),
        "money": decimal.Decimal("12.50"), "error": ErrorDetail("Trường này là bắt buộc.", code="required"),
        "rows": [{"id": 1}, {"id": 2}], 3: "a key that is a number", "separator": "a\u2028b\u2029c",
    }, serializer=None)
    ours, drfs = OrjsonRenderer().render(data), JSONRenderer().render(data)
    assert json.loads(ours) == json.loads(drfs)
    assert b'"utc":"2026-12-06T01:02:03.456789Z"' in ours and b"\\u2028" in ours and "Phường".encode() in ours
    assert OrjsonRenderer().render(None) == b""


def test_orjson_leaves_indented_json_and_huge_integers_to_drf():
    data = {"big": 2**70, "rows": [1, 2]}
    assert OrjsonRenderer().render(data) == JSONRenderer().render(data)
    indented = OrjsonRenderer().render({"a": 1}, "application/json; indent=4")
    assert indented == JSONRenderer().render({"a": 1}, "application/json; indent=4") and b'\n    "a": 1' in indented


def test_the_api_answers_json_written_by_orjson_with_its_content_type(records, province_staff):
    r = client_for(province_staff).get("/api/v1/units/", HTTP_ACCEPT="application/json")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    assert r.content.startswith(b'{"count":2,') and r.json()["count"] == 2


@pytest.fixture
def twins(db):
    # Names that tie, so that the order hangs on the key: a paginator that lost the tie-break would repeat rows.
    return [make_unit("222", name=f"Công ty {'AB'[i % 2]}", commune=commune_of("222", i)) for i in range(11)]


class KeysFirstAlways(KeysFirstPaginator):
    keys_first_from = 0


@pytest.mark.parametrize("per_page, orphans", [(3, 0), (4, 1), (11, 0), (20, 0)])
def test_keys_first_pages_are_djangos_pages(twins, per_page, orphans):
    queryset = Unit.objects.alive().select_related("commune__parent", "zone").order_by("name", "id")
    ours, djangos = KeysFirstAlways(queryset, per_page, orphans=orphans), Paginator(queryset, per_page,
                                                                                     orphans=orphans)
    assert ours.num_pages == djangos.num_pages
    for number in ours.page_range:
        assert [u.pk for u in ours.page(number)] == [u.pk for u in djangos.page(number)]
    with CaptureQueriesContext(connection) as queries:
        page = ours.page(1)
        assert [u.commune.parent.code for u in page] == ["222"] * len(page)  # the joins came with the rows
    assert len(queries) == 2


def test_a_distinct_list_is_paged_as_django_does(twins):
    queryset = Unit.objects.alive().order_by("name", "id").distinct()
    assert [u.pk for u in KeysFirstAlways(queryset, 5).page(2)] == [u.pk for u in Paginator(queryset, 5).page(2)]


def test_the_first_pages_are_read_in_one_query_the_later_keys_first(twins):
    queryset = Unit.objects.alive().order_by("name", "id")
    for paginator, number, queries in ((KeysFirstPaginator(queryset, 5), 2, 1),
                                       (KeysFirstAlways(queryset, 5), 2, 2)):
        paginator.count  # noqa: B018 - counted apart
        with CaptureQueriesContext(connection) as captured:
            list(paginator.page(number))
        assert len(captured) == queries


def count_text(html: str) -> str:
    return re.search(r'id="unit-count">([^<]+)<', html)[1]


@pytest.fixture
def analysed(twins):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE units_unit")
    return twins


def test_the_whole_countrys_list_shows_an_estimate_above_the_threshold(client, settings, admin_user, analysed,
                                                                      province_staff, monkeypatch):
    settings.ANTQ_LIST_ESTIMATE_ABOVE = 5
    monkeypatch.setattr("antqcore.pagination.planner_estimate", lambda queryset: 1234)
    client.force_login(admin_user)
    assert count_text(client.get("/units/").content.decode()) == "khoảng 1.234 đơn vị"
    # Any filter, or a scope narrower than the country, counts for real.
    assert count_text(client.get("/units/", {"kind": "enterprise"}).content.decode()) == "11 đơn vị"
    client.force_login(province_staff)
    assert count_text(client.get("/units/").content.decode()) == "11 đơn vị"
    # Below the threshold the count is exact.
    settings.ANTQ_LIST_ESTIMATE_ABOVE = 5000
    client.force_login(admin_user)
    assert count_text(client.get("/units/").content.decode()) == "11 đơn vị"


def test_postgresqls_estimate_is_read_from_the_plan(analysed):
    from antqcore.pagination import planner_estimate

    assert planner_estimate(Unit.objects.alive()) == pytest.approx(11, abs=3)


def test_past_the_end_of_an_estimate_the_true_last_page_is_shown(client, settings, admin_user, analysed,
                                                                 monkeypatch):
    settings.ANTQ_LIST_ESTIMATE_ABOVE = 5
    monkeypatch.setattr("antqcore.pagination.planner_estimate", lambda queryset: 90)
    client.force_login(admin_user)
    html = client.get("/units/", {"page": 9, "page_size": 10}).content.decode()  # 9 pages by the estimate
    assert count_text(html) == "11 đơn vị"
    assert len(re.findall(r'<a href="/units/\d+/">', html)) == 1  # page 2 of 2: the eleventh unit


def test_estimated_paginator_counts_exactly_below_the_threshold(settings, analysed):
    settings.ANTQ_LIST_ESTIMATE_ABOVE = 100
    paginator = EstimatedCountPaginator(Unit.objects.alive().order_by("id"), 5)
    assert (paginator.count, paginator.estimated) == (11, False)


def test_a_users_coverage_follows_a_change_of_the_map(db):
    bac_giang, bac_ninh = area("24"), area("27")
    assert bac_ninh.coverage_paths() == [bac_ninh.path]
    with CaptureQueriesContext(connection) as queries:
        assert bac_ninh.coverage_paths() == [bac_ninh.path]
    assert len(queries) == 1  # the areas' version, no walk through the successions
    AreaSuccession.objects.create(predecessor=bac_giang, successor=bac_ninh, is_default=True)
    assert bac_ninh.coverage_paths() == sorted([bac_giang.path, bac_ninh.path])


def test_a_signed_in_pages_user_comes_with_the_scope_area(client, province_staff):
    client.force_login(province_staff)
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/me/").json()["scope_area"]["code"] == "24"
    assert not [q for q in queries if 'FROM "antqcore_area" WHERE "antqcore_area"."id" =' in q["sql"]]
