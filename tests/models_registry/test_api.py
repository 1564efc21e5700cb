"""/api/v1/models/…: every endpoint for an in-scope user, an out-of-scope one (404 on reads, 403 on writes), an
anonymous caller and a viewer (reads only); participants must be in the scope (400 on the field); formalism is
read-only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from models_registry.models import Activity, ModelStatus, ModelType, MovementModel, Rating, Review
from models_registry.services import activity_record, model_create
from tests.conftest import client_for
from tests.units.factories import commune_of, make_unit

pytestmark = pytest.mark.django_db
URL = "/api/v1/models/"
D = datetime.date


def make_model(district: str = "222", participants=None, **data) -> MovementModel:
    defaults = {"name": "Tổ tự quản khu nhà trọ thôn Đông", "type": ModelType.objects.get(code="boarding_house_team"),
                "area": commune_of(district), "established_on": D(2018, 1, 10), "regulation_on": D(2018, 1, 20),
                "launched_on": D(2018, 2, 1), "members_count": 12}
    return model_create(data=defaults | data, participants=participants)


@pytest.fixture
def viet_yen(db):
    model = make_model(name="Đội công nhân xung kích Siflex", type=ModelType.objects.get(code="worker_shock_team"))
    activity_record(model=model, kind="briefing", date=timezone.localdate())
    return model


@pytest.fixture
def paper(db):
    return make_model(name="Mô hình trên giấy Quang Châu", regulation_on=None, launched_on=None)


@pytest.fixture
def luc_nam(db):
    return make_model("218", name="Tổ tự quản thị trấn Đồi Ngô")


def payload(**extra):
    return {"name": "Liên kết bảo đảm ANTT xã Tăng Tiến", "type": "linkage", "area": commune_of("222").pk,
            "partner_commune": commune_of("222").pk, "established_on": "2019-03-15", "members_count": 15} | extra


# --- Reads --------------------------------------------------------------------------------------------------------

def test_a_district_officer_lists_only_the_districts_models(district_officer, viet_yen, paper, luc_nam):
    body = client_for(district_officer).get(URL).json()
    assert {m["name"] for m in body["results"]} == {"Đội công nhân xung kích Siflex", "Mô hình trên giấy Quang Châu"}
    assert body["results"][0]["district"]["code"] == "222"


def test_the_formalistic_flag_and_its_reasons_come_with_each_model(province_staff, viet_yen, paper):
    client = client_for(province_staff)
    row = client.get(f"{URL}{paper.pk}/").json()
    assert row["formalistic"] is True and len(row["formalistic_reasons"]) == 3
    row = client.get(f"{URL}{viet_yen.pk}/").json()
    assert row["formalistic"] is False and row["formalistic_reasons"] == []
    assert row["last_activity"] == timezone.localdate().isoformat()


def test_the_formalistic_flag_is_read_only(province_staff, paper):
    r = client_for(province_staff).patch(f"{URL}{paper.pk}/", {"formalistic": False}, format="json")
    assert r.status_code == 200 and r.json()["formalistic"] is True


def test_filters_narrow_the_list(province_staff, viet_yen, paper, luc_nam):
    make_model("218", name="Mô hình điểm Lục Nam", is_pilot=True, pilot_since=D(2019, 8, 1),
               type=ModelType.objects.get(code="linkage"))
    client = client_for(province_staff)

    def names(**params):
        return {m["name"] for m in client.get(URL, params).json()["results"]}

    assert names(formalistic="true") == {"Mô hình trên giấy Quang Châu", "Mô hình điểm Lục Nam",
                                         "Tổ tự quản thị trấn Đồi Ngô"}
    assert names(formalistic="false") == {"Đội công nhân xung kích Siflex"}
    assert names(pilot="true") == {"Mô hình điểm Lục Nam"}
    assert names(type="worker_shock_team") == {"Đội công nhân xung kích Siflex"}
    assert names(area="218") == {"Tổ tự quản thị trấn Đồi Ngô", "Mô hình điểm Lục Nam"}
    assert names(search="xung kich SIFLEX") == {"Đội công nhân xung kích Siflex"}
    assert names(status="eliminated") == set()
    assert client.get(URL, {"area": "99999"}).status_code == 400


def test_a_model_of_another_district_answers_404_and_writes_to_it_403(district_officer, luc_nam):
    client = client_for(district_officer)
    base = f"{URL}{luc_nam.pk}/"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}activities/").status_code == 404
    assert client.get(f"{base}reviews/").status_code == 404
    assert client.patch(base, {"name": "Đổi"}, format="json").status_code == 403
    briefing = {"kind": "briefing", "date": "2019-10-01"}
    assert client.post(f"{base}activities/", briefing, format="json").status_code == 403
    rating = Rating.objects.first()
    assert client.post(f"{base}reviews/", {"date": "2019-10-01", "rating": rating.pk},
                       format="json").status_code == 403
    assert client.post(f"{base}eliminate/", {"eliminated_on": "2019-10-01", "reason": "x"},
                       format="json").status_code == 403
    luc_nam.refresh_from_db()
    assert luc_nam.name == "Tổ tự quản thị trấn Đồi Ngô" and luc_nam.status == ModelStatus.ACTIVE
    assert not luc_nam.activities.exists() and not luc_nam.reviews.exists()


def test_anonymous_callers_are_refused(api, viet_yen):
    for url in [URL, f"{URL}{viet_yen.pk}/", f"{URL}{viet_yen.pk}/activities/", f"{URL}{viet_yen.pk}/reviews/",
                f"{URL}types/", f"{URL}ratings/"]:
        assert api.get(url).status_code == 401, url
    assert api.post(URL, payload(), format="json").status_code == 401
    assert api.post(f"{URL}{viet_yen.pk}/eliminate/", {}, format="json").status_code == 401


def test_a_viewer_reads_but_cannot_write(viewer, viet_yen):
    client = client_for(viewer)
    base = f"{URL}{viet_yen.pk}/"
    assert client.get(base).status_code == 200 and client.get(f"{base}activities/").status_code == 200
    assert client.post(URL, payload(), format="json").status_code == 403
    assert client.patch(base, {"name": "x"}, format="json").status_code == 403
    briefing = {"kind": "briefing", "date": "2019-10-01"}
    assert client.post(f"{base}activities/", briefing, format="json").status_code == 403
    assert client.post(f"{base}reviews/", {"date": "2019-10-01", "rating": Rating.objects.first().pk},
                       format="json").status_code == 403
    assert client.post(f"{base}eliminate/", {"eliminated_on": "2019-10-01", "reason": "x"},
                       format="json").status_code == 403
    assert MovementModel.objects.get(pk=viet_yen.pk).status == ModelStatus.ACTIVE


def test_the_list_issues_the_same_number_of_queries_whatever_the_page_size(province_staff):
    units = [make_unit("222") for _ in range(3)]
    for i in range(30):
        model = make_model("222" if i % 2 else "218", name=f"Mô hình {i:02d}", participants=units)
        activity_record(model=model, kind="report", date=D(2019, 1, 1))
    client = client_for(province_staff)
    counts = []
    for size in (5, 30):
        with CaptureQueriesContext(connection) as ctx:
            results = client.get(URL, {"page_size": size}).json()["results"]
        assert len(results) == size and all(len(r["participants"]) == 3 for r in results)
        counts.append(len(ctx))
    assert counts[0] == counts[1]


# --- Create and update --------------------------------------------------------------------------------------------

def test_a_district_officer_creates_a_linkage_model_with_participants(district_officer):
    units = [make_unit("222") for _ in range(3)]
    r = client_for(district_officer).post(URL, payload(participants=[u.pk for u in units]), format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert sorted(body["participants"]) == sorted(u.pk for u in units)
    assert body["type"] == "linkage" and body["formalistic"] is True  # no regulation, no launch yet
    model = MovementModel.objects.get(pk=body["id"])
    assert set(model.participants.all()) == set(units)


def test_a_participant_outside_the_scope_is_refused_naming_the_field(district_officer):
    inside, outside = make_unit("222"), make_unit("218", name="Công ty may Lục Nam")
    r = client_for(district_officer).post(URL, payload(participants=[inside.pk, outside.pk]), format="json")
    assert r.status_code == 400
    # The id that was sent, never the name of a unit the officer may not see.
    message = f"Một số đơn vị tham gia đã chọn nằm ngoài địa bàn của bạn (số {outside.pk})."
    assert r.json()["errors"] == {"participants": [message]} and r.json()["detail"] == message
    assert not MovementModel.objects.exists()


def test_participants_outside_the_scope_already_on_the_model_may_stay_but_none_be_added(district_officer):
    luc_nam, other = make_unit("218", name="Công ty may Lục Nam"), make_unit("218", name="Công ty Lục Nam 2")
    viet_yen = make_unit("222")
    model = make_model(participants=[luc_nam, viet_yen])  # chosen by province staff
    client = client_for(district_officer)
    r = client.patch(f"{URL}{model.pk}/", {"participants": [luc_nam.pk, viet_yen.pk], "members_count": 20},
                     format="json")
    assert r.status_code == 200, r.json()
    r = client.patch(f"{URL}{model.pk}/", {"participants": [luc_nam.pk, viet_yen.pk, other.pk]}, format="json")
    assert r.status_code == 400 and f"(số {other.pk})" in r.json()["errors"]["participants"][0]
    assert set(model.participants.all()) == {luc_nam, viet_yen}


def test_a_model_in_another_district_is_refused_with_403(district_officer):
    r = client_for(district_officer).post(URL, payload(area=commune_of("218").pk, partner_commune=None),
                                          format="json")
    assert r.status_code == 403
    assert not MovementModel.objects.exists()


def test_moving_a_model_out_of_the_scope_is_refused(district_officer, viet_yen):
    r = client_for(district_officer).patch(f"{URL}{viet_yen.pk}/", {"area": commune_of("218").pk}, format="json")
    assert r.status_code == 403
    assert MovementModel.objects.get(pk=viet_yen.pk).area == commune_of("222")


def test_the_area_defaults_to_the_host_units_commune(district_officer):
    host = make_unit("222", commune=commune_of("222", 1))
    r = client_for(district_officer).post(URL, payload(area=None, host_unit=host.pk, partner_commune=None),
                                          format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["area"] == commune_of("222", 1).pk
    r = client_for(district_officer).post(URL, payload(area=None, partner_commune=None), format="json")
    assert r.status_code == 400 and "area" in r.json()["errors"]


def test_the_registry_rules_answer_400_with_the_reasons(district_officer):
    r = client_for(district_officer).post(URL, payload(launched_on="2019-01-01", is_pilot=True), format="json")
    assert r.status_code == 400
    assert {"launched_on", "pilot_since"} <= set(r.json()["errors"])
    assert not MovementModel.objects.exists()


def test_an_update_records_the_launch_and_replaces_the_participants(district_officer, paper):
    units = [make_unit("222") for _ in range(2)]
    r = client_for(district_officer).patch(f"{URL}{paper.pk}/", {
        "launched_on": "2018-03-01", "regulation_on": "2018-02-01", "participants": [u.pk for u in units]},
        format="json")
    assert r.status_code == 200, r.json()
    assert len(r.json()["formalistic_reasons"]) == 1  # regulation and launch recorded: only the silence is left
    paper.refresh_from_db()
    assert paper.launched_on == D(2018, 3, 1) and paper.participants.count() == 2
    assert paper.history.first().history_user.username == "vietyen"  # audited


def test_models_are_not_deleted(province_staff, viet_yen):
    assert client_for(province_staff).delete(f"{URL}{viet_yen.pk}/").status_code == 405
    assert MovementModel.objects.filter(pk=viet_yen.pk).exists()


# --- Actions ------------------------------------------------------------------------------------------------------

def test_a_briefing_is_recorded_and_listed(district_officer, paper):
    client = client_for(district_officer)
    r = client.post(f"{URL}{paper.pk}/activities/", {"kind": "briefing", "date": "2019-10-10", "note": "Quý III"},
                    format="json")
    assert r.status_code == 201, r.json()
    assert Activity.objects.get(model=paper).note == "Quý III"
    assert [a["date"] for a in client.get(f"{URL}{paper.pk}/activities/").json()] == ["2019-10-10"]
    assert client.get(f"{URL}{paper.pk}/").json()["last_activity"] == "2019-10-10"


def test_a_briefing_before_the_establishment_answers_400(district_officer, paper):
    r = client_for(district_officer).post(f"{URL}{paper.pk}/activities/", {"kind": "report", "date": "2017-01-01"},
                                          format="json")
    assert r.status_code == 400 and "date" in r.json()["errors"]
    assert not paper.activities.exists()


def test_a_review_is_recorded_and_listed(district_officer, viet_yen):
    client = client_for(district_officer)
    rating = Rating.objects.get(name="Tốt")
    r = client.post(f"{URL}{viet_yen.pk}/reviews/", {"date": "2019-12-20", "rating": rating.pk,
                                                     "reviewer": "Công an thị xã"}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["rating_name"] == "Tốt" and Review.objects.get(model=viet_yen).rating == rating
    assert len(client.get(f"{URL}{viet_yen.pk}/reviews/").json()) == 1


def test_a_model_is_eliminated_with_a_date_and_a_reason(district_officer, paper):
    client = client_for(district_officer)
    r = client.post(f"{URL}{paper.pk}/eliminate/", {"eliminated_on": "2017-01-01", "reason": "Hình thức"},
                    format="json")
    assert r.status_code == 400 and "eliminated_on" in r.json()["errors"]
    r = client.post(f"{URL}{paper.pk}/eliminate/", {"eliminated_on": "2019-09-30", "reason": "Hình thức"},
                    format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "eliminated" and r.json()["elimination_reason"] == "Hình thức"
    assert client.get(URL, {"status": "eliminated"}).json()["count"] == 1


# --- Reference lists ----------------------------------------------------------------------------------------------

def test_types_and_ratings_are_listed_read_only(district_officer):
    client = client_for(district_officer)
    codes = [t["code"] for t in client.get(f"{URL}types/").json()]
    assert "linkage" in codes and "self_managed" in codes
    assert [r["name"] for r in client.get(f"{URL}ratings/").json()] == ["Tốt", "Khá", "Trung bình", "Yếu"]
    assert client.post(f"{URL}types/", {"code": "x", "name": "x"}, format="json").status_code == 405


# --- Pilot units ------------------------------------------------------------------------------------------------------

PILOTS = "/api/v1/models/pilot-units/"


def test_a_district_officer_chooses_a_unit_of_the_district_as_a_pilot_site_and_lists_only_the_districts(
        district_officer):
    from models_registry.models import PilotSelection
    from models_registry.services import pilot_select

    own, other = make_unit("222"), make_unit("218")
    pilot_select(unit=other, plan="Kế hoạch 61/KH-CAT-PV28", selected_on=D(2015, 3, 31))
    client = client_for(district_officer)
    response = client.post(PILOTS, {"unit": own.pk, "plan": "Kế hoạch 61/KH-CAT-PV28", "selected_on": "2015-03-31"},
                           format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["unit_name"] == own.name
    listed = client.get(PILOTS).json()
    listed = listed["results"] if isinstance(listed, dict) else listed
    assert [row["unit"] for row in listed] == [own.pk]
    other_pilot = PilotSelection.objects.get(unit=other)
    assert client.get(f"{PILOTS}{other_pilot.pk}/").status_code == 404


def test_a_pilot_site_outside_the_scope_or_chosen_twice_is_refused_in_vietnamese(district_officer, viewer):
    from models_registry.models import PilotSelection

    own, other = make_unit("222"), make_unit("218")
    client = client_for(district_officer)
    plan = {"plan": "Kế hoạch 61/KH-CAT-PV28", "selected_on": "2015-03-31"}
    outside = client.post(PILOTS, {"unit": other.pk} | plan, format="json")  # the record would lie outside: 403
    assert outside.status_code == 403 and "trong địa bàn của mình" in outside.json()["detail"]
    missing = client.post(PILOTS, {"unit": own.pk, "selected_on": "2015-03-31"}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"]["plan"] == ["Trường này là bắt buộc."]
    assert client.post(PILOTS, {"unit": own.pk} | plan, format="json").status_code == 201
    twice = client.post(PILOTS, {"unit": own.pk} | plan, format="json")
    assert twice.status_code == 400 and "đã được chọn làm điểm theo Kế hoạch 61/KH-CAT-PV28" in str(twice.json())
    assert client_for(viewer).post(PILOTS, {"unit": own.pk} | plan, format="json").status_code == 403
    assert PilotSelection.objects.filter(unit=own).count() == 1
    assert not PilotSelection.objects.filter(unit=other).exists()
