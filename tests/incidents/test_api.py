"""/api/v1/incidents/…: every endpoint for an in-scope user, an out-of-scope one (404 on reads, 403 on writes), an
anonymous caller and a viewer (reads only); the unit and the area must be in the scope; `serious` is read-only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.models import Incident
from tests.conftest import client_for
from tests.units.factories import commune_of, make_unit

from .helpers import make_incident

pytestmark = pytest.mark.django_db
URL = "/api/v1/incidents/"
TYPES = "/api/v1/incidents/types/"


@pytest.fixture
def viet_yen(db):
    return make_incident("strike", unit=make_unit("222", name="Công ty TNHH Siflex Việt Nam"), workers=300,
                         description="Công nhân ngừng việc tập thể")


@pytest.fixture
def luc_nam(db):
    return make_incident("fire", unit=make_unit("218", name="Công ty may Lục Nam"), damage_vnd=700_000_000)


def payload(unit, **extra):
    return {"type": "theft", "occurred_at": "2019-06-03T08:30:00+07:00", "unit": unit.pk,
            "description": "Mất trộm 20 bộ linh kiện", "damage_vnd": 60_000_000, "outsiders": 1} | extra


# --- Reads --------------------------------------------------------------------------------------------------------

def test_a_district_officer_lists_only_the_districts_incidents(district_officer, viet_yen, luc_nam):
    body = client_for(district_officer).get(URL).json()
    assert [i["id"] for i in body["results"]] == [viet_yen.pk]
    row = body["results"][0]
    assert row["type"] == "strike" and row["type_name"] == "Đình công, lãn công"
    assert row["unit_name"] == "Công ty TNHH Siflex Việt Nam" and row["district"]["code"] == "222"


def test_an_incident_outside_the_scope_is_not_found(district_officer, luc_nam):
    assert client_for(district_officer).get(f"{URL}{luc_nam.pk}/").status_code == 404


def test_the_province_sees_both_and_filters(province_staff, viet_yen, luc_nam):
    client = client_for(province_staff)

    def ids(**params):
        return {i["id"] for i in client.get(URL, params).json()["results"]}

    assert ids() == {viet_yen.pk, luc_nam.pk}
    assert ids(type="fire") == {luc_nam.pk}
    assert ids(area="218") == {luc_nam.pk}
    assert ids(unit=viet_yen.unit_id) == {viet_yen.pk}
    assert ids(serious="true") == {luc_nam.pk}
    assert ids(date_from="2019-06-04") == set() and ids(date_to="2019-06-03") == {viet_yen.pk, luc_nam.pk}
    assert client.get(URL, {"area": "99999"}).status_code == 400


def test_the_list_takes_a_fixed_number_of_queries(province_staff, viet_yen):
    client = client_for(province_staff)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(5):
        make_incident("theft", unit=make_unit("222"))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(URL).json()["results"]) == 6
    assert len(many) == len(few)


def test_anonymous_callers_are_refused(api, viet_yen):
    assert api.get(URL).status_code in (401, 403)
    assert api.get(TYPES).status_code in (401, 403)
    assert api.post(URL, {}, format="json").status_code in (401, 403)


# --- Writes -------------------------------------------------------------------------------------------------------

def test_an_officer_records_an_incident_in_the_district(district_officer):
    unit = make_unit("222")
    r = client_for(district_officer).post(URL, payload(unit), format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["area"] == unit.commune_id and body["serious"] is True and body["created_by"] == "vietyen"
    assert Incident.objects.get().created_by == district_officer


def test_recording_for_a_unit_of_another_district_is_forbidden(district_officer):
    luc_nam = make_unit("218")
    r = client_for(district_officer).post(URL, payload(luc_nam), format="json")
    assert r.status_code == 403
    # Naming one's own commune does not help: the unit is elsewhere.
    r = client_for(district_officer).post(URL, payload(luc_nam, area=commune_of("222").pk), format="json")
    assert r.status_code in (400, 403)
    assert not Incident.objects.exists()


def test_a_rule_broken_answers_400_with_the_field(district_officer):
    r = client_for(district_officer).post(URL, payload(make_unit("222"), prosecuted=True), format="json")
    assert r.status_code == 400 and "defendants" in r.json()["errors"]
    assert not Incident.objects.exists()


def test_serious_is_read_only_and_follows_the_rules(district_officer, viet_yen):
    client = client_for(district_officer)
    r = client.patch(f"{URL}{viet_yen.pk}/", {"serious": True}, format="json")
    assert r.status_code == 200 and r.json()["serious"] is False
    r = client.patch(f"{URL}{viet_yen.pk}/", {"injuries": 2}, format="json")
    assert r.json()["serious"] is True and r.json()["description"] == "Công nhân ngừng việc tập thể"


def test_an_officer_cannot_change_or_delete_another_districts_incident(district_officer, luc_nam):
    client = client_for(district_officer)
    assert client.patch(f"{URL}{luc_nam.pk}/", {"verified": True}, format="json").status_code == 403
    assert client.delete(f"{URL}{luc_nam.pk}/").status_code == 403
    luc_nam.refresh_from_db()
    assert not luc_nam.verified and luc_nam.deleted_at is None


def test_moving_an_incident_out_of_the_district_is_forbidden(district_officer, viet_yen):
    r = client_for(district_officer).patch(f"{URL}{viet_yen.pk}/", {"unit": make_unit("218").pk, "area": None},
                                           format="json")
    assert r.status_code == 403
    viet_yen.refresh_from_db()
    assert viet_yen.area.parent.code == "222"


def test_delete_is_soft(district_officer, viet_yen):
    client = client_for(district_officer)
    assert client.delete(f"{URL}{viet_yen.pk}/").status_code == 204
    assert client.get(f"{URL}{viet_yen.pk}/").status_code == 404
    assert Incident.objects.get(pk=viet_yen.pk).deleted_at is not None


def test_a_viewer_reads_but_cannot_write(viewer, viet_yen):
    client = client_for(viewer)
    assert client.get(URL).json()["count"] == 1
    assert client.get(TYPES).status_code == 200
    assert client.post(URL, payload(make_unit("222")), format="json").status_code == 403
    assert client.patch(f"{URL}{viet_yen.pk}/", {"verified": True}, format="json").status_code == 403
    assert client.delete(f"{URL}{viet_yen.pk}/").status_code == 403


# --- Types ---------------------------------------------------------------------------------------------------------

def test_the_types_are_listed_with_their_rules(district_officer, other_district_officer):
    for user in (district_officer, other_district_officer):
        body = client_for(user).get(TYPES).json()
        theft = next(t for t in body if t["code"] == "theft")
        assert theft["serious_damage_vnd"] == 50_000_000 and theft["serious_deaths"] is None
        assert len(body) == 14
    assert client_for(district_officer).post(TYPES, {"code": "x", "name": "x"}, format="json").status_code == 405
