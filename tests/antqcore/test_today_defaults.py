"""Entry forms and API writes start on today: a new record's date is today's (a date and time: now), read when the form
is shown, not when the server started; a record being edited keeps its own date; an API write that leaves out the date
of something recorded as it happens gets today, and an update keeps what is stored."""

import datetime
import re

import pytest
from django.utils import timezone

from antqcore.forms import TodayFieldsMixin
from antqcore.models import Area
from certification.forms import CampaignForm, CriticismForm, DecisionForm
from coordination.forms import AgreementForm, DocumentForm, InspectionForm
from models_registry.forms import ActivityForm, ReviewForm
from tests.certification.helpers import campaign
from tests.conftest import client_for
from tests.units.factories import commune_of, make_unit
from units.forms import FireTeamConsolidationForm, GuardForceForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def input_value(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert tag, name
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


@pytest.mark.parametrize(("url", "field"), [
    ("/commendations/new/", "decision_date"),
    ("/activities/documents/new/", "issued_on"),
    ("/activities/agreements/new/", "signed_on"),
    ("/activities/inspections/new/", "inspected_on"),
])
def test_a_new_records_page_opens_on_today(client, province_staff, today, url, field):
    client.force_login(province_staff)
    r = client.get(url)
    assert r.status_code == 200
    assert input_value(r.content.decode(), field) == today.strftime("%d/%m/%Y")


def test_the_quick_incident_form_opens_on_now(client, province_staff, today):
    client.force_login(province_staff)
    value = input_value(client.get("/incidents/new/").content.decode(), "occurred_at")
    assert value.startswith(today.isoformat() + "T")


def test_the_certification_forms_open_on_today_and_this_year(client, province_staff, today):
    client.force_login(province_staff)
    current = campaign(today.year)
    html = client.get(f"/certification/campaigns/{current.pk}/decision/").content.decode()
    assert input_value(html, "date") == today.strftime("%d/%m/%Y")
    html = client.get(f"/certification/units/{make_unit('222').pk}/criticism/").content.decode()
    assert input_value(html, "date") == today.strftime("%d/%m/%Y")
    assert input_value(client.get("/certification/").content.decode(), "year") == str(today.year)


@pytest.mark.parametrize(("form", "field", "kwargs"), [
    (ActivityForm, "date", {}), (ReviewForm, "date", {}), (FireTeamConsolidationForm, "date", {}),
    (DocumentForm, "issued_on", {"user": True}), (AgreementForm, "signed_on", {"user": True}),
    (InspectionForm, "inspected_on", {"user": True}), (DecisionForm, "date", {"user": True}),
    (CriticismForm, "date", {}),
])
def test_the_date_is_read_when_the_form_is_made_not_when_the_server_started(monkeypatch, province_staff, form,
                                                                           field, kwargs):
    kwargs = {"user": province_staff} if kwargs else {}
    assert issubclass(form, TodayFieldsMixin)
    assert form(**kwargs)[field].value() == timezone.localdate()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)  # the server kept running past midnight
    assert form(**kwargs)[field].value() == tomorrow


def test_yearly_records_start_on_this_year(today):
    assert GuardForceForm()["year"].value() == today.year
    assert CampaignForm()["year"].value() == today.year


def test_a_record_being_edited_keeps_its_date(province_staff):
    from tests.coordination.factories import make_inspection

    inspection = make_inspection()
    assert InspectionForm(instance=inspection, user=province_staff)["inspected_on"].value() == inspection.inspected_on


# --- The API -------------------------------------------------------------------------------------------------------

def test_an_incident_posted_without_its_time_happened_now(bac_ninh_staff, today):
    unit = make_unit("222")
    api = client_for(bac_ninh_staff)
    r = api.post("/api/v1/incidents/", {"type": "theft", "unit": unit.pk, "description": "Mất trộm"}, format="json")
    assert r.status_code == 201, r.json()
    occurred_at = datetime.datetime.fromisoformat(r.json()["occurred_at"])
    assert timezone.localdate(occurred_at) == today
    assert abs(timezone.now() - occurred_at) < datetime.timedelta(minutes=1)
    # The area is the unit's commune on today's map.
    assert Area.objects.get(pk=r.json()["area_detail"]["id"]).path.startswith("N.24.")

    # A change that leaves the time out keeps it.
    r = api.patch(f"/api/v1/incidents/{r.json()['id']}/", {"description": "Mất trộm 2 máy tính"}, format="json")
    assert r.status_code == 200 and datetime.datetime.fromisoformat(r.json()["occurred_at"]) == occurred_at


def test_an_inspection_posted_without_its_date_is_of_today(bac_ninh_staff, today):
    unit = make_unit("222")
    r = client_for(bac_ninh_staff).post("/api/v1/activities/inspections/", {
        "unit": unit.pk, "inspecting_body": "standing_agency", "subject": "Kiểm tra phong trào",
        "findings": "Đã kiểm tra"}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["inspected_on"] == today.isoformat()


def test_a_model_briefing_posted_without_its_date_is_of_today(province_staff, today):
    from models_registry.models import ModelType
    from models_registry.services import model_create

    model = model_create(data={"name": "Tổ tự quản khu nhà trọ", "type": ModelType.objects.get(
        code="boarding_house_team"), "area": commune_of("222"), "established_on": datetime.date(2024, 3, 1),
        "members_count": 9}, actor=None)
    r = client_for(province_staff).post(f"/api/v1/models/{model.pk}/activities/", {"kind": "briefing"},
                                        format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["date"] == today.isoformat()


def test_a_date_that_is_a_fact_of_its_document_stays_required(province_staff):
    r = client_for(province_staff).post("/api/v1/activities/documents/", {
        "doc_type": "directive", "number": "07/CT-UBND", "issuer": "UBND tỉnh", "subject": "Về phong trào"},
        format="json")
    assert r.status_code == 400 and "issued_on" in r.json()["errors"]
