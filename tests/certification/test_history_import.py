"""History import (#17): a province moving its archive into ANTQ records past workflow steps with their real dates.
Province staff and administrators may date registration, self-assessment and submission; a step is never dated in the
future nor before the dossier's previous step, a decision never before the steps it decides; the step log says who
entered it, when, its date, and that it came from the archive."""

import datetime

import pytest
from django.utils import timezone

from certification.models import Decision, Participation, Status, StepLog
from tests.certification.helpers import all_met, campaign, council, walk_to_appraised
from tests.conftest import client_for
from tests.units.factories import make_unit

pytestmark = pytest.mark.django_db
URL = "/api/v1/certification/participations/"
D = datetime.date


@pytest.fixture
def unit(db):
    return make_unit("222", name="Công ty may Việt Yên")


def answers(pk: int) -> list[dict]:
    return [{"criterion": c, "met": True, "note": ""} for c in all_met(Participation.objects.get(pk=pk))]


def field_errors(response) -> dict:
    """The refusal's messages by field (the API's one error body keeps them under `errors`)."""
    body = response.json()
    return body.get("errors", body)


def register(client, unit, **body):
    return client.post(URL, {"campaign": campaign(2022).pk, "unit": unit.pk, **body}, format="json")


def walk_2022(client, unit) -> int:
    """Registers (15/02/2022), self-assesses (01/10/2022) and submits (15/10/2022) a unit from the archive."""
    r = register(client, unit, date="2022-02-15")
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    r = client.post(f"{URL}{pk}/assess/", {"answers": answers(pk), "date": "2022-10-01"}, format="json")
    assert r.status_code == 200, r.json()
    r = client.post(f"{URL}{pk}/submit/", {"date": "2022-10-15"}, format="json")
    assert r.status_code == 200, r.json()
    return pk


def test_province_staff_enter_a_2022_dossier_with_its_dates_and_the_api_shows_them(province_staff, unit):
    client = client_for(province_staff)
    pk = walk_2022(client, unit)
    r = client.post(f"{URL}{pk}/appraise/", {"council": council().pk, "meeting_on": "2022-11-25", "recommends": True},
                    format="json")
    assert r.status_code == 200, r.json()
    r = client.post(f"{URL}{pk}/decide/", {"level": "province", "authority": "Chủ tịch UBND tỉnh Bắc Giang",
                                           "number": "1500/QĐ-UBND", "date": "2022-12-20", "recognized": True},
                    format="json")
    assert r.status_code == 200, r.json()

    shown = client.get(f"{URL}{pk}/").json()
    assert shown["status"] == "recognized"
    assert (shown["registered_on"], shown["assessed_on"], shown["submitted_on"], shown["council_meeting_on"],
            shown["decision"]["date"]) == ("2022-02-15", "2022-10-01", "2022-10-15", "2022-11-25", "2022-12-20")
    steps = [(s["to_status"], s["on"], s["from_archive"]) for s in shown["steps"]]
    assert steps == [("registered", "2022-02-15", True), ("assessed", "2022-10-01", True),
                     ("submitted", "2022-10-15", True), ("appraised", "2022-11-25", False),
                     ("recognized", "2022-12-20", False)]
    today = timezone.localdate().isoformat()
    assert all(s["actor"] == province_staff.pk and s["at"][:10] <= today for s in shown["steps"])


def test_a_registration_dated_before_the_deadline_is_not_late_but_one_entered_now_is(province_staff, unit):
    client = client_for(province_staff)
    dated = register(client, unit, date="2022-02-15").json()["id"]
    undated = register(client, make_unit("222", name="Công ty Bình Minh")).json()["id"]
    assert "muộn" not in StepLog.objects.get(participation_id=dated).note
    assert Participation.objects.get(pk=undated).registered_on == timezone.localdate()
    assert "đăng ký muộn" in StepLog.objects.get(participation_id=undated).note


def test_the_audit_row_names_who_entered_the_step_and_that_it_came_from_the_archive(province_staff, unit):
    pk = walk_2022(client_for(province_staff), unit)
    log = StepLog.objects.get(participation_id=pk, to_status=Status.REGISTERED)
    assert log.actor == province_staff and log.on == D(2022, 2, 15) and log.from_archive
    assert log.at.date() >= D(2026, 1, 1)  # entered now, not in 2022
    assert "nhập lại từ hồ sơ lưu trữ, ngày 15/02/2022" in log.note
    history = Participation.objects.get(pk=pk).history.order_by("history_id")
    assert [h.history_user for h in history] == [province_staff] * 3
    assert history.first().history_change_reason == "nhập lại từ hồ sơ lưu trữ, ngày 15/02/2022"
    assert history.last().history_change_reason == "nhập lại từ hồ sơ lưu trữ, ngày 15/10/2022"


def test_an_administrator_may_date_a_step_too(admin_user, unit):
    r = register(client_for(admin_user), unit, date="2022-02-15")
    assert r.status_code == 201 and r.json()["registered_on"] == "2022-02-15"


@pytest.mark.parametrize("step, body", [
    ("assess", {"date": "2022-02-14"}),  # registered on 15/02/2022
    ("submit", {"date": "2022-09-30"}),  # self-assessed on 01/10/2022
])
def test_a_step_dated_before_the_previous_one_is_refused_naming_date_and_changes_nothing(province_staff, unit, step,
                                                                                         body):
    client = client_for(province_staff)
    pk = register(client, unit, date="2022-02-15").json()["id"]
    if step == "submit":
        client.post(f"{URL}{pk}/assess/", {"answers": answers(pk), "date": "2022-10-01"}, format="json")
    before = Participation.objects.get(pk=pk)
    logs = StepLog.objects.filter(participation_id=pk).count()
    if step == "assess":
        body = body | {"answers": answers(pk)}
    r = client.post(f"{URL}{pk}/{step}/", body, format="json")
    assert r.status_code == 400
    assert "trước bước liền trước của hồ sơ" in str(field_errors(r)["date"])
    after = Participation.objects.get(pk=pk)
    assert (after.status, after.assessed_on, after.submitted_on) == (before.status, before.assessed_on,
                                                                     before.submitted_on)
    assert StepLog.objects.filter(participation_id=pk).count() == logs


def test_a_date_in_the_future_is_refused(province_staff, unit):
    client = client_for(province_staff)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    r = register(client, unit, date=tomorrow)
    assert r.status_code == 400 and "sau hôm nay" in str(field_errors(r)["date"])
    assert not Participation.objects.exists()
    pk = register(client, unit, date="2022-02-15").json()["id"]
    r = client.post(f"{URL}{pk}/assess/", {"answers": answers(pk), "date": tomorrow}, format="json")
    assert r.status_code == 400 and "date" in field_errors(r)
    assert Participation.objects.get(pk=pk).status == Status.REGISTERED


def test_a_district_officer_giving_a_date_is_refused_403(district_officer, province_staff, unit):
    client = client_for(district_officer)
    r = register(client, unit, date="2022-02-15")
    assert r.status_code == 403 and "Chỉ cán bộ cấp tỉnh và quản trị viên" in str(r.json())
    assert not Participation.objects.exists()
    pk = register(client_for(province_staff), unit, date="2022-02-15").json()["id"]
    r = client.post(f"{URL}{pk}/assess/", {"answers": answers(pk), "date": "2022-10-01"}, format="json")
    assert r.status_code == 403
    assert Participation.objects.get(pk=pk).status == Status.REGISTERED
    # Without a date the step is taken, dated today.
    r = client.post(f"{URL}{pk}/assess/", {"answers": answers(pk)}, format="json")
    assert r.status_code == 200 and r.json()["assessed_on"] == timezone.localdate().isoformat()


def test_an_appraisal_before_the_submission_is_refused_naming_meeting_on(province_staff, unit):
    client = client_for(province_staff)
    pk = walk_2022(client, unit)
    r = client.post(f"{URL}{pk}/appraise/", {"council": council().pk, "meeting_on": "2022-10-14", "recommends": True},
                    format="json")
    assert r.status_code == 400 and "meeting_on" in field_errors(r)
    assert Participation.objects.get(pk=pk).status == Status.SUBMITTED


def test_a_decision_predating_the_appraisal_is_refused_naming_date(province_staff, unit):
    p = walk_to_appraised(unit, year=2022)  # the council met on 25/11/2022
    client = client_for(province_staff)
    r = client.post(f"{URL}{p.pk}/decide/", {"level": "province", "authority": "Chủ tịch UBND tỉnh",
                                             "number": "1/QĐ-UBND", "date": "2022-11-20", "recognized": True},
                    format="json")
    assert r.status_code == 400
    assert "Công ty may Việt Yên" in str(field_errors(r)["date"]) and "25/11/2022" in str(field_errors(r)["date"])
    assert Participation.objects.get(pk=p.pk).status == Status.APPRAISED and not Decision.objects.exists()
    r = client.post("/api/v1/certification/decisions/", {
        "campaign": p.campaign_id, "level": "province", "authority": "Chủ tịch UBND tỉnh", "number": "2/QĐ-UBND",
        "date": "2022-11-20", "recognized": True, "participations": [p.pk]}, format="json")
    assert r.status_code == 400 and "date" in field_errors(r) and not Decision.objects.exists()


def test_a_revocation_before_the_decision_is_refused(province_staff, unit):
    p = walk_to_appraised(unit, year=2022)
    client = client_for(province_staff)
    client.post(f"{URL}{p.pk}/decide/", {"level": "province", "authority": "Chủ tịch UBND tỉnh", "number": "1/QĐ",
                                         "date": "2022-12-20", "recognized": True}, format="json")
    r = client.post(f"{URL}{p.pk}/revoke/", {"reason": "Vụ trộm lớn", "on": "2022-12-01"}, format="json")
    assert r.status_code == 400 and "on" in field_errors(r)
    assert Participation.objects.get(pk=p.pk).status == Status.RECOGNIZED


def test_the_schema_says_what_date_does(province_staff):
    schema = client_for(province_staff).get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    for name in ("ParticipationRequest", "AssessRequest", "SubmitRequest"):
        help_text = components[name]["properties"]["date"]["description"]
        assert "province staff and administrators" in help_text and "previous step" in help_text
    submit = schema["paths"][f"{URL}{{id}}/submit/"]["post"]
    assert "SubmitRequest" in str(submit["requestBody"])


def test_the_web_forms_ask_the_date_of_province_staff_only(client, province_staff, district_officer, unit):
    c = campaign(2022)
    client.force_login(province_staff)
    assert 'name="registered_on"' in client.get(f"/certification/campaigns/{c.pk}/register/").content.decode()
    r = client.post(f"/certification/campaigns/{c.pk}/register/", {"units": [unit.pk], "registered_on": "15/02/2022"})
    assert r.status_code == 302 and Participation.objects.get().registered_on == D(2022, 2, 15)
    client.force_login(district_officer)
    html = client.get(f"/certification/participations/{Participation.objects.get().pk}/").content.decode()
    assert 'id="step-assess"' in html and 'name="assessed_on"' not in html
    assert "15/02/2022" in html and "từ hồ sơ lưu trữ" in html  # the step's date and where it came from
    other = make_unit("222", name="Công ty Bình Minh")
    assert 'name="registered_on"' not in client.get(f"/certification/campaigns/{c.pk}/register/").content.decode()
    client.post(f"/certification/campaigns/{c.pk}/register/", {"units": [other.pk], "registered_on": "15/02/2022"})
    assert Participation.objects.get(unit=other).registered_on == timezone.localdate()
