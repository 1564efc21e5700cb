"""#17 part 3: `POST …/bulk/` on every registry — up to 1 000 records in one request, each through the single POST's
code, all or nothing: one refused record saves none, and the answer names every refused record by its index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commendations.models import Commendation
from config.api_router import router
from incidents.models import Incident
from tallies.models import ReportingBody, TallyValue
from tests.conftest import client_for
from tests.tallies.helpers import catalogue  # noqa: F401
from tests.units.factories import commune_of, make_unit
from units.models import Unit

pytestmark = pytest.mark.django_db
UNITS, INCIDENTS, COMMENDATIONS = "/api/v1/units/bulk/", "/api/v1/incidents/bulk/", "/api/v1/commendations/bulk/"
NOTHING_SAVED = "không bản ghi nào được lưu"


def unit(name: str, district: str = "222", **extra) -> dict:
    return {"name": name, "kind": "enterprise", "subtype": "private_enterprise", "managing_level": "province",
            "commune": commune_of(district).pk, "worker_count": 120} | extra


def incident(unit_record, **extra) -> dict:
    return {"type": "theft", "occurred_at": "2019-06-03T08:30:00+07:00", "unit": unit_record.pk,
            "description": "Mất trộm 20 bộ linh kiện", "damage_vnd": 60_000_000, "outsiders": 1} | extra


def medal(unit_record, person: str, **extra) -> dict:
    return {"form": "medal", "grantor": "ministry", "recipient_kind": "individual", "unit": unit_record.pk,
            "person_name": person, "birth_year": 1980, "decision_number": "3001/QĐ-BCA-X15",
            "decision_date": "2019-08-12", "occasion": "august_19"} | extra


def indexes(response) -> list[int]:
    return [error["index"] for error in response.json()["errors"]]


# --- All saved ---------------------------------------------------------------------------------------------------

def test_two_units_are_saved_and_returned_as_the_single_post_returns_them(district_officer):
    r = client_for(district_officer).post(UNITS, [unit("Công ty A"), unit("Công ty B")], format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["created"] == 2
    assert [u["name"] for u in body["results"]] == ["Công ty A", "Công ty B"]
    assert body["results"][0]["version"] == 1 and body["results"][0]["district"]["code"] == "222"
    assert set(Unit.objects.values_list("name", flat=True)) == {"Công ty A", "Công ty B"}


def test_two_incidents_are_saved_with_their_recorder(district_officer):
    target = make_unit("222")
    r = client_for(district_officer).post(INCIDENTS, [incident(target), incident(target, type="fire")],
                                          format="json")
    assert r.status_code == 201, r.json()
    assert [i["type"] for i in r.json()["results"]] == ["theft", "fire"]
    assert Incident.objects.filter(created_by=district_officer, unit=target).count() == 2


def test_two_commendations_are_saved(district_officer):
    target = make_unit("222")
    r = client_for(district_officer).post(COMMENDATIONS, [medal(target, "Trần Thị Mai"),
                                                          medal(target, "Lê Văn Hùng")], format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["created"] == 2
    assert set(Commendation.objects.values_list("person_name", flat=True)) == {"Trần Thị Mai", "Lê Văn Hùng"}


# --- One refused: nothing saved, its index named -------------------------------------------------------------------

def test_a_unit_without_a_name_at_index_1_saves_none_of_the_three(district_officer):
    r = client_for(district_officer).post(UNITS, [unit("Công ty A"), unit(""), unit("Công ty C")], format="json")
    assert r.status_code == 400
    body = r.json()
    assert body["detail"] == "1/3 bản ghi bị từ chối; không bản ghi nào được lưu."
    assert indexes(r) == [1]
    assert body["errors"][0]["status"] == 400 and "name" in body["errors"][0]["errors"]
    assert not Unit.objects.exists()


def test_an_incident_breaking_a_rule_at_index_1_saves_none(district_officer):
    target = make_unit("222")
    payload = [incident(target), incident(target, prosecuted=True), incident(target, type="fire")]
    r = client_for(district_officer).post(INCIDENTS, payload, format="json")
    assert r.status_code == 400
    assert indexes(r) == [1]
    assert "defendants" in r.json()["errors"][0]["errors"]  # the service's rule, as the single POST answers it
    assert not Incident.objects.exists()


def test_a_second_medal_to_the_same_person_within_the_request_is_refused_and_none_is_saved(district_officer):
    target = make_unit("222")
    payload = [medal(target, "Trần Thị Mai"), medal(target, "Trần Thị Mai", decision_number="3002/QĐ-BCA-X15"),
               medal(target, "Lê Văn Hùng")]
    r = client_for(district_officer).post(COMMENDATIONS, payload, format="json")
    assert r.status_code == 400
    assert indexes(r) == [1]
    assert "3001/QĐ-BCA-X15" in str(r.json()["errors"][0]["errors"])  # the first decision, made earlier in the array
    assert not Commendation.objects.exists()


def test_every_refused_record_is_listed_not_only_the_first(district_officer):
    r = client_for(district_officer).post(UNITS, [unit(""), unit("Công ty B"), unit("", kind="nonsense")],
                                          format="json")
    assert r.status_code == 400
    assert indexes(r) == [0, 2]
    assert r.json()["detail"].startswith("2/3 bản ghi bị từ chối")
    assert not Unit.objects.exists()


def test_tally_grids_of_several_periods_are_saved_at_once_or_not_at_all(district_officer, catalogue):  # noqa: F811
    client = client_for(district_officer)
    grids = [{"body": "ca-222", "period": period, "values": {"sessions": {"value": "120"}}}
             for period in ("2019-Q1", "2019-Q2")]
    r = client.post("/api/v1/activities/values/bulk/", grids, format="json")
    assert r.status_code == 201, r.json()
    assert [result["saved"] for result in r.json()["results"]] == [1, 1]
    assert TallyValue.objects.count() == 2
    grids = [{"body": "ca-222", "period": "2019-Q3", "values": {"sessions": {"value": "90"}}},
             {"body": "ca-222", "period": "2019-Q4", "values": {"sessions": {"value": "-5"}}}]
    r = client.post("/api/v1/activities/values/bulk/", grids, format="json")
    assert r.status_code == 400 and indexes(r) == [1]
    assert TallyValue.objects.count() == 2


def test_reporting_bodies_are_created_at_once_or_not_at_all(province_staff, catalogue):  # noqa: F811
    client = client_for(province_staff)
    body = {"name": "Huyện đoàn", "kind": "other", "area": "222", "area_on": "2019-09-30", "period_type": "quarter",
            "indicators": ["sessions"]}
    r = client.post("/api/v1/activities/bodies/bulk/", [body | {"code": "doan-tn-222"},
                                                         body | {"code": "doan-tn-222"}], format="json")
    assert r.status_code == 400 and indexes(r) == [1]  # the code taken by the record before it in the array
    assert not ReportingBody.objects.filter(code="doan-tn-222").exists()
    r = client.post("/api/v1/activities/bodies/bulk/", [body | {"code": "doan-tn-222"},
                                                         body | {"code": "doan-tn-218", "area": "218"}], format="json")
    assert r.status_code == 201, r.json()
    assert [b["area"]["code"] for b in r.json()["results"]] == ["222", "218"]
    assert ReportingBody.objects.filter(code__startswith="doan-tn-").count() == 2


# --- Scope and roles ---------------------------------------------------------------------------------------------

def test_a_unit_outside_the_district_officers_scope_is_refused_by_its_index(district_officer):
    r = client_for(district_officer).post(UNITS, [unit("Công ty A"), unit("Ngoài địa bàn", district="218")],
                                          format="json")
    assert r.status_code == 403
    assert indexes(r) == [1] and r.json()["errors"][0]["status"] == 403
    assert NOTHING_SAVED in r.json()["detail"]
    assert not Unit.objects.exists()


def test_an_incident_of_another_districts_unit_is_refused_by_its_index(district_officer):
    ours, theirs = make_unit("222"), make_unit("218")
    r = client_for(district_officer).post(INCIDENTS, [incident(ours), incident(ours), incident(theirs)],
                                          format="json")
    assert r.status_code == 403
    assert indexes(r) == [2]
    assert not Incident.objects.exists()


def test_a_refusal_of_the_scope_wins_over_a_refusal_of_the_data(district_officer):
    payload = [unit(""), unit("Ngoài địa bàn", district="218")]
    r = client_for(district_officer).post(UNITS, payload, format="json")
    assert r.status_code == 403
    assert [(e["index"], e["status"]) for e in r.json()["errors"]] == [(0, 400), (1, 403)]


def test_a_viewer_cannot_write_in_bulk(viewer):
    r = client_for(viewer).post(UNITS, [unit("Công ty A")], format="json")
    assert r.status_code == 403
    assert not Unit.objects.exists()


def test_anonymous_callers_are_refused(api):
    assert api.post(UNITS, [unit("Công ty A")], format="json").status_code == 401
    assert not Unit.objects.exists()


# --- The body ------------------------------------------------------------------------------------------------------

def test_more_than_1000_records_are_refused_before_any_is_tried(province_staff):
    payload = [unit(f"Công ty {n}") for n in range(1001)]
    with CaptureQueriesContext(connection) as queries:
        r = client_for(province_staff).post(UNITS, payload, format="json")
    assert r.status_code == 400
    assert r.json()["detail"] == "Mỗi lần gửi tối đa 1.000 bản ghi (đã gửi 1.001)."
    assert not [q["sql"] for q in queries.captured_queries if "units_unit" in q["sql"]]
    assert not Unit.objects.exists()


@pytest.mark.parametrize("body", [{"name": "Công ty A"}, "Công ty A", 7])
def test_a_body_that_is_not_an_array_is_refused_in_vietnamese(province_staff, body):
    r = client_for(province_staff).post(UNITS, body, format="json")
    assert r.status_code == 400
    assert r.json()["detail"] == "Hãy gửi một mảng JSON các bản ghi."
    assert not Unit.objects.exists()


def test_an_item_that_is_not_an_object_is_refused_by_its_index(province_staff):
    r = client_for(province_staff).post(UNITS, [unit("Công ty A"), "Công ty B"], format="json")
    assert r.status_code == 400
    assert indexes(r) == [1]
    assert not Unit.objects.exists()


def test_a_form_body_is_refused_bulk_takes_json_only(province_staff):
    r = client_for(province_staff).post(UNITS, "name=C%C3%B4ng+ty+A", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 415
    assert not Unit.objects.exists()


# --- Every registry ----------------------------------------------------------------------------------------------

def _creates(viewset) -> bool:
    return hasattr(viewset, "create") and "post" in viewset.http_method_names


# Reports are runs of a template, not records to migrate; the tallies' values are written by grids (…/grid/).
NOT_A_REGISTRY, BY_GRID = {"reports"}, {"activities/values"}
WRITABLE = sorted({prefix for prefix, viewset, _ in router.registry if _creates(viewset)} - NOT_A_REGISTRY | BY_GRID)


def test_the_registries_with_bulk_are_exactly_the_writable_ones():
    with_bulk = {prefix for prefix, viewset, _ in router.registry
                 if "bulk" in {extra.url_path for extra in viewset.get_extra_actions()}}
    assert with_bulk == set(WRITABLE)
    assert {"units", "incidents", "commendations", "organisations", "industrial-zones", "models",
            "certification/participations", "certification/decisions", "activities/agreements",
            "activities/values"} <= with_bulk


@pytest.mark.parametrize("prefix", WRITABLE)
def test_every_writable_registry_answers_its_bulk_route(province_staff, prefix):
    r = client_for(province_staff).post(f"/api/v1/{prefix}/bulk/", [], format="json")
    assert r.status_code == 400, (prefix, r.status_code)
    assert r.json()["detail"] == "Mảng rỗng: hãy gửi ít nhất một bản ghi."


@pytest.mark.parametrize("prefix", ["areas", "incidents/types", "certification/criteria-sets"])
def test_a_read_only_registry_has_no_bulk_route(province_staff, prefix):
    assert client_for(province_staff).post(f"/api/v1/{prefix}/bulk/", [], format="json").status_code in (404, 405)


def test_bulk_is_documented_per_registry_in_the_schema(province_staff):
    schema = client_for(province_staff).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/incidents/bulk/"]["post"]
    body = operation["requestBody"]["content"]
    assert list(body) == ["application/json"]
    assert body["application/json"]["schema"] == {"type": "array", "items": {"$ref": "#/components/schemas/"
                                                                                     "IncidentRequest"}}
    created = operation["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert created == "#/components/schemas/IncidentBulkCreated"
    assert schema["components"]["schemas"]["IncidentBulkCreated"]["properties"]["results"]["items"] == {
        "$ref": "#/components/schemas/Incident"}
    assert operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/BulkError")
