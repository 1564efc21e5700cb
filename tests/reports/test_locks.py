"""A final report locks the records of its area and period: a change needs province staff and a written reason, and
is audited. Exercised through the incidents API as a user would meet it."""

import datetime
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError

from commendations.models import Commendation
from incidents.models import Incident
from reports.locks import locked_change
from reports.models import LockedChange
from tests.commendations.factories import make_commendation
from tests.conftest import area, client_for
from tests.incidents.helpers import at, make_incident
from tests.reports.helpers_core import lock
from tests.units.factories import make_unit

pytestmark = [pytest.mark.django_db]
URL = "/api/v1/incidents/"
REASON = "Bổ sung số người bị thương theo kết luận giám định"


@pytest.fixture
def theft():
    """A theft in Việt Yên on 03/06/2019, recorded before the report of January–September 2019 was finalised."""
    incident = make_incident("theft", unit=make_unit("222"), occurred_at=at("2019-06-03"))
    lock(area("222"))
    return incident


def test_a_district_officer_cannot_change_a_record_of_a_locked_period(district_officer, theft):
    r = client_for(district_officer).patch(f"{URL}{theft.pk}/", {"injuries": 2}, format="json")
    assert r.status_code == 400
    assert "đã chốt theo báo cáo số 125/BC-BCĐ ngày 05/10/2019" in str(r.json())
    assert "chỉ cán bộ cấp tỉnh" in str(r.json())
    assert Incident.objects.get(pk=theft.pk).injuries == 0
    assert not LockedChange.objects.exists()


def test_province_staff_must_write_a_reason(province_staff, theft):
    r = client_for(province_staff).patch(f"{URL}{theft.pk}/", {"injuries": 2}, format="json")
    assert r.status_code == 400 and "ghi lý do" in str(r.json())
    assert Incident.objects.get(pk=theft.pk).injuries == 0


def test_province_staff_change_it_with_a_reason_and_the_change_is_audited(province_staff, theft):
    # Browsers send headers in ASCII: the reason comes percent-encoded (encodeURIComponent).
    r = client_for(province_staff).patch(f"{URL}{theft.pk}/", {"injuries": 2}, format="json",
                                         HTTP_X_CHANGE_REASON=quote(REASON))
    assert r.status_code == 200, r.json()
    assert Incident.objects.get(pk=theft.pk).injuries == 2
    change = LockedChange.objects.get()
    assert (change.record_type, change.record_id, change.action, change.reason, change.user) == (
        "incidents.Incident", str(theft.pk), "update", REASON, province_staff)
    assert change.lock.run.number == "125/BC-BCĐ"
    assert theft.history.first().history_change_reason == REASON


def test_a_new_record_dated_in_the_locked_period_is_refused_too(district_officer, province_staff, theft):
    body = {"type": "theft", "unit": theft.unit_id, "occurred_at": "2019-07-01T08:00:00+07:00",
            "description": "Trộm cắp dây điện"}
    r = client_for(district_officer).post(URL, body, format="json")
    assert r.status_code == 400
    r = client_for(province_staff).post(URL, body, format="json", HTTP_X_CHANGE_REASON="Bo sot khi tong hop")
    assert r.status_code == 201
    assert LockedChange.objects.get().action == "create"


def test_a_record_cannot_be_moved_out_of_a_locked_period(district_officer, theft):
    r = client_for(district_officer).patch(f"{URL}{theft.pk}/", {"occurred_at": "2019-12-01T08:00:00+07:00"},
                                           format="json")
    assert r.status_code == 400
    assert Incident.objects.get(pk=theft.pk).occurred_at == at("2019-06-03")


def test_records_outside_the_locked_area_or_period_change_freely(district_officer, other_district_officer, theft):
    later = make_incident("theft", unit=theft.unit, occurred_at=at("2019-11-03"))
    r = client_for(district_officer).patch(f"{URL}{later.pk}/", {"injuries": 1}, format="json")
    assert r.status_code == 200
    luc_nam = make_incident("theft", unit=make_unit("218"), occurred_at=at("2019-06-03"))
    r = client_for(other_district_officer).patch(f"{URL}{luc_nam.pk}/", {"injuries": 1}, format="json")
    assert r.status_code == 200
    assert not LockedChange.objects.exists()


def test_a_province_lock_covers_its_districts(district_officer):
    incident = make_incident("theft", unit=make_unit("222"), occurred_at=at("2019-06-03"))
    lock(area("24"))
    r = client_for(district_officer).delete(f"{URL}{incident.pk}/")
    assert r.status_code == 400
    assert Incident.objects.get(pk=incident.pk).deleted_at is None


def test_code_may_change_a_locked_record_inside_the_context_with_a_reason(province_staff, district_officer):
    commendation = make_commendation(decision_date=datetime.date(2019, 8, 13))
    lock(area("222"))
    commendation.reason = "Có thành tích xuất sắc"
    with pytest.raises(ValidationError), locked_change(user=district_officer, reason=REASON):
        commendation.save()
    with pytest.raises(ValidationError):
        commendation.save()  # no context: nobody to check
    with locked_change(user=province_staff, reason=REASON):
        commendation.save()
    change = LockedChange.objects.get()
    assert (change.record_type, change.action, change.user) == ("commendations.Commendation", "update",
                                                                province_staff)
    with locked_change(user=province_staff, reason=REASON):
        commendation.delete()
    assert LockedChange.objects.filter(action="delete").count() == 1
    assert not Commendation.objects.filter(pk=change.record_id).exists()


def edit_form(client, incident) -> dict:
    form = client.get(f"/incidents/{incident.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    return data | {"occurred_at": "2019-06-03T10:00", "type": incident.type_id, "unit": incident.unit_id,
                   "area": incident.area_id, "injuries": "3", "reported": "on"}


def test_on_the_web_form_the_refusal_is_shown_and_a_reason_field_lets_province_staff_through(
        client, district_officer, province_staff, theft):
    client.force_login(district_officer)
    r = client.post(f"/incidents/{theft.pk}/edit/", edit_form(client, theft))
    assert r.status_code == 200 and "đã chốt theo báo cáo số 125/BC-BCĐ" in r.content.decode()
    client.force_login(province_staff)
    r = client.post(f"/incidents/{theft.pk}/edit/", edit_form(client, theft) | {"change_reason": REASON})
    assert r.status_code == 302
    assert Incident.objects.get(pk=theft.pk).injuries == 3
    assert LockedChange.objects.get().reason == REASON
