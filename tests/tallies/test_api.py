"""/api/v1/activities/indicators/, /bodies/, /values/ and POST /values/grid/, for an officer in scope (Việt Yên and its
bodies), out of scope (Lục Nam's or a provincial body), a viewer and an anonymous caller."""

import pytest

from tallies.models import TallyValue
from tests.conftest import client_for

from .helpers import catalogue, save  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
API = "/api/v1/activities/"
GRID = API + "values/grid/"


def grid(body="ca-222", period="2019-Q3", **values):
    return {"body": body, "period": period, "values": values}


def test_the_catalogue_is_read_by_anyone_signed_in(district_officer, api):
    client = client_for(district_officer)
    indicators = client.get(API + "indicators/").json()
    assert len(indicators) == 51
    assert {"code": "legal_participants", "not_below": "legal_sessions", "unit_of_measure": "lượt người"}.items() <= (
        next(i for i in indicators if i["code"] == "legal_participants").items())
    bodies = {b["code"]: b for b in client.get(API + "bodies/").json()}
    assert len(bodies) == 30
    assert bodies["ca-222"]["can_write"] and bodies["bcd-222"]["can_write"]
    assert not bodies["ca-218"]["can_write"] and not bodies["mttq-tinh"]["can_write"]
    assert "sessions" in bodies["ca-222"]["indicators"] and bodies["ca-222"]["area"]["code"] == "222"
    assert client.get(API + "bodies/so-gddt/").json()["period_type"] == "year"
    assert api.get(API + "indicators/").status_code == 401
    assert api.get(API + "bodies/").status_code == 401


def test_a_viewer_sees_bodies_it_cannot_write(viewer):
    bodies = client_for(viewer).get(API + "bodies/").json()
    assert not any(b["can_write"] for b in bodies)


def test_the_district_officer_saves_a_grid_of_the_district(district_officer):
    r = client_for(district_officer).post(GRID, grid(sessions={"value": "120"},
                                                     participants={"value": "trên 3.500", "note": "ước tính"},
                                                     leaflets={"value": 2000, "more_than": True}), format="json")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert (body["saved"], body["cleared"]) == (3, 0)
    values = {v["indicator"]: v for v in body["values"]}
    assert values["participants"]["more_than"] and values["participants"]["note"] == "ước tính"
    assert values["leaflets"]["more_than"] and values["sessions"]["period"] == "2019-Q3"
    assert values["sessions"]["period_label"] == "Quý 3/2019" and values["sessions"]["entered_by"] == "vietyen"
    # An empty value clears the cell.
    r = client_for(district_officer).post(GRID, grid(leaflets={"value": ""}), format="json")
    assert r.json()["cleared"] == 1 and TallyValue.objects.count() == 2


def test_a_wrong_grid_answers_400_by_indicator_and_saves_nothing(district_officer):
    client = client_for(district_officer)
    r = client.post(GRID, grid(sessions={"value": "120"}, leaflets={"value": "-5"}), format="json")
    assert r.status_code == 400
    assert r.json()["errors"]["values"] == {"leaflets": ["Tờ rơi, tờ gấp không được là số âm."]}
    r = client.post(GRID, grid(sessions={"value": "nhiều"}), format="json")
    assert r.status_code == 400 and "values" in r.json()["errors"]
    r = client.post(GRID, grid(period="2019-07", sessions={"value": "1"}), format="json")
    assert r.status_code == 400 and "báo cáo theo quý" in r.json()["errors"]["period"][0]
    r = client.post(GRID, grid(period="Quý 5/2019", sessions={"value": "1"}), format="json")
    assert r.status_code == 400 and "period" in r.json()["errors"]
    assert not TallyValue.objects.exists()


@pytest.mark.parametrize("code", ["ca-218", "mttq-tinh"])
def test_a_body_outside_the_scope_answers_403(district_officer, code):
    r = client_for(district_officer).post(GRID, grid(body=code, legal_sessions={"value": "1"}), format="json")
    assert r.status_code == 403
    assert not TallyValue.objects.exists()


def test_viewers_and_anonymous_callers_cannot_post(viewer, api):
    assert client_for(viewer).post(GRID, grid(body="mttq-tinh", legal_sessions={"value": "1"}),
                                   format="json").status_code == 403
    assert api.post(GRID, grid(sessions={"value": "1"}), format="json").status_code == 401
    assert not TallyValue.objects.exists()


def test_values_are_listed_within_the_scope_with_filters(province_staff, district_officer, other_district_officer, api):
    save(province_staff, "ca-222", "2019-Q3", sessions=10, leaflets=5)
    save(province_staff, "ca-222", "2019-Q2", sessions=7)
    save(province_staff, "ca-218", "2019-Q3", sessions=20)
    save(province_staff, "mttq-tinh", "2019-Q3", legal_sessions=3)

    def listed(user, **params):
        r = client_for(user).get(API + "values/", params)
        assert r.status_code == 200
        return sorted((v["body"], v["indicator"], v["period"]) for v in r.json()["results"])

    assert len(listed(province_staff)) == 5
    # Provincial bodies report for the province: not a district's values.
    assert listed(district_officer) == [("ca-222", "leaflets", "2019-Q3"), ("ca-222", "sessions", "2019-Q2"),
                                        ("ca-222", "sessions", "2019-Q3")]
    assert listed(other_district_officer) == [("ca-218", "sessions", "2019-Q3")]
    assert listed(province_staff, indicator="sessions", period="2019-Q3") == [
        ("ca-218", "sessions", "2019-Q3"), ("ca-222", "sessions", "2019-Q3")]
    assert listed(province_staff, body="ca-222", date_to="2019-06-30") == [("ca-222", "sessions", "2019-Q2")]
    assert listed(province_staff, area="218") == [("ca-218", "sessions", "2019-Q3")]
    assert client_for(province_staff).get(API + "values/", {"area": "999"}).status_code == 400
    # A value outside the scope is not found.
    lucnam = TallyValue.objects.get(body__code="ca-218")
    assert client_for(district_officer).get(f"{API}values/{lucnam.pk}/").status_code == 404
    assert client_for(other_district_officer).get(f"{API}values/{lucnam.pk}/").status_code == 200
    assert api.get(API + "values/").status_code == 401
