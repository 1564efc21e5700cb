"""GET …/changes/ (#17 part 3): another system keeps a copy of a registry in sync from the changes feed — creations,
updates and deletions in order, resumable with a cursor, cut to the caller's scope."""

import base64
import datetime
import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from incidents.models import Incident
from incidents.services import incident_delete, incident_update
from tests.conftest import client_for
from tests.incidents.helpers import make_incident
from tests.units.factories import make_unit
from units.models import Unit
from units.services import unit_delete

pytestmark = pytest.mark.django_db
INCIDENTS = "/api/v1/incidents/changes/"
UNITS = "/api/v1/units/changes/"


def feed(user, url=INCIDENTS, **params) -> dict:
    r = client_for(user).get(url, params)
    assert r.status_code == 200, r.content
    return r.json()


def entries(body: dict) -> list[tuple[int, str]]:
    return [(e["id"], e["change"]) for e in body["results"]]


@pytest.fixture
def viet_yen(db):
    return make_incident("theft", unit=make_unit("222", name="Công ty Việt Yên"), description="Mất trộm")


@pytest.fixture
def luc_nam(db):
    return make_incident("fire", unit=make_unit("218", name="Công ty Lục Nam"), description="Cháy kho")


def test_creations_updates_and_deletions_come_in_order(province_staff, viet_yen, luc_nam):
    incident_update(incident=viet_yen, data={"description": "Mất trộm 20 bộ linh kiện"}, actor=province_staff)
    incident_delete(incident=luc_nam, actor=province_staff)
    body = feed(province_staff)
    assert entries(body) == [(viet_yen.pk, "created"), (luc_nam.pk, "created"), (viet_yen.pk, "updated"),
                             (luc_nam.pk, "deleted")]
    moments = [e["at"] for e in body["results"]]
    assert moments == sorted(moments)
    # The record as the registry's GET answers it now; nothing for a deleted one.
    assert body["results"][0]["record"]["description"] == "Mất trộm 20 bộ linh kiện"
    assert body["results"][0]["record"] == client_for(province_staff).get(
        f"/api/v1/incidents/{viet_yen.pk}/").json()
    assert body["results"][1]["record"] is None and body["results"][3]["record"] is None
    assert body["next"] is None and body["cursor"]


def test_a_client_resumes_with_the_cursor_and_gets_only_later_changes(province_staff, viet_yen, luc_nam):
    first = feed(province_staff, page_size=1)
    assert entries(first) == [(viet_yen.pk, "created")]
    assert first["next"] and first["until"] == first["results"][0]["at"]
    cursor = parse_qs(urlparse(first["next"]).query)["cursor"][0]
    assert cursor == first["cursor"]
    second = client_for(province_staff).get(first["next"]).json()
    assert entries(second) == [(luc_nam.pk, "created")]
    assert second["next"] is None
    # Later, what happened since the last cursor, and only that.
    incident_delete(incident=viet_yen, actor=province_staff)
    later = feed(province_staff, cursor=second["cursor"])
    assert entries(later) == [(viet_yen.pk, "deleted")]
    assert entries(feed(province_staff, cursor=later["cursor"])) == []


def test_updated_since_leaves_out_older_changes(province_staff, viet_yen, luc_nam):
    history = Incident.history.model.objects
    history.filter(id=viet_yen.pk).update(history_date=timezone.now() - datetime.timedelta(days=3))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert entries(feed(province_staff, updated_since=since)) == [(luc_nam.pk, "created")]
    assert entries(feed(province_staff, since=since)) == [(luc_nam.pk, "created")]
    body = feed(province_staff, updated_since=feed(province_staff)["until"])
    assert entries(body) == []


def test_a_district_officer_gets_only_the_districts_changes_deletions_included(
        district_officer, other_district_officer, province_staff, viet_yen, luc_nam):
    incident_delete(incident=luc_nam, actor=province_staff)
    incident_delete(incident=viet_yen, actor=province_staff)
    assert entries(feed(district_officer)) == [(viet_yen.pk, "created"), (viet_yen.pk, "deleted")]
    assert entries(feed(other_district_officer)) == [(luc_nam.pk, "created"), (luc_nam.pk, "deleted")]


def test_a_soft_deleted_unit_is_a_deletion(province_staff, district_officer):
    unit = make_unit("222", name="Công ty sẽ giải thể")
    unit_delete(unit=Unit.objects.get(pk=unit.pk), actor=province_staff)
    body = feed(district_officer, UNITS)
    assert entries(body) == [(unit.pk, "created"), (unit.pk, "deleted")]
    assert body["results"][1]["record"] is None


def cursor_of(*value) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(value)).encode()).decode()


@pytest.mark.parametrize("params", [
    {"updated_since": "hôm qua"}, {"since": "2026-13-01T00:00:00"}, {"since": "0001-01-01T00:00:00+14:00"},
    {"cursor": "không-phải-con-trỏ"}, {"cursor": "WzEsMl0"}, {"cursor": cursor_of("2026-01-01T00:00:00+00:00", 2**64)},
    {"cursor": cursor_of("2026-01-01T00:00:00", 1)}, {"cursor": "W" * 5000}, {"page_size": "0"}, {"page_size": "²"},
])
def test_a_bad_moment_cursor_or_page_size_is_refused_in_vietnamese(province_staff, params):
    r = client_for(province_staff).get(INCIDENTS, params)
    assert r.status_code == 400
    text = r.content.decode()
    assert any(words in text for words in ("Nhập ngày giờ", "Con trỏ", "Nhập số nguyên")), text


def test_anonymous_callers_are_refused(api):
    assert api.get(INCIDENTS).status_code == 401


def test_the_feed_is_in_the_schema_with_its_parameters(province_staff):
    schema = client_for(province_staff).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/incidents/changes/"]["get"]
    assert {"updated_since", "since", "cursor", "page_size"} <= {p["name"] for p in operation["parameters"]}


def test_every_scoped_registry_has_a_feed_a_district_officer_can_read(district_officer):
    from antqcore.api.viewsets import ScopedViewSetMixin
    from config.api_router import router

    prefixes = [prefix for prefix, viewset, _basename in router.registry if issubclass(viewset, ScopedViewSetMixin)]
    assert "incidents" in prefixes and "activities/values" in prefixes and "models/pilot-units" in prefixes
    for prefix in prefixes:
        r = client_for(district_officer).get(f"/api/v1/{prefix}/changes/")
        assert r.status_code == 200, (prefix, r.content)
        assert set(r.json()) == {"next", "cursor", "until", "results"}
