"""A write refused because the writer's area no longer exists on the record's date says so: the 2019 district officer
of Việt Yên recording an incident of today (his district ended on 30/06/2025, today's incident lies on the new map)
reads when his area ended and which areas took it over, from the service, the web form and the API alike."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from antqcore.models import Area, Role, User
from antqcore.scoping import ensure_area_in_scope
from antqcore.selectors import area_successors
from incidents.models import Incident, IncidentType
from incidents.services import incident_create
from tests.conftest import area, client_for
from tests.units.factories import make_unit

pytestmark = pytest.mark.django_db
# The wards of the new Bắc Ninh that took over the communes Việt Yên had on 30/06/2025.
VIET_YEN_SUCCESSORS = ["Phường Nếnh", "Phường Tự Lạn", "Phường Vân Hà", "Phường Việt Yên"]


@pytest.fixture
def unit():
    return make_unit("222", name="Công ty TNHH Siflex Việt Nam")


def now():
    return timezone.localtime().replace(second=0, microsecond=0)


def data(unit, **extra):
    return {"type": IncidentType.objects.get(code="theft"), "occurred_at": now(), "unit": unit,
            "description": "Mất trộm linh kiện điện tử"} | extra


def assert_names_the_date_and_the_successors(message: str):
    assert "Thị xã Việt Yên không còn từ 01/07/2025" in message  # its name on its last day
    for name in VIET_YEN_SUCCESSORS:
        assert name in message
    assert "quản trị viên" in message
    assert "Bạn chỉ được ghi dữ liệu trong địa bàn của mình" not in message


def test_the_successors_of_a_district_are_the_new_communes_of_its_last_communes():
    assert {a.name for a in area_successors(area=area("222"))} == set(VIET_YEN_SUCCESSORS)
    # A province has successors of its own: the old Bắc Giang went into the new Bắc Ninh.
    assert [a.path for a in area_successors(area=area("24"))] == ["N.24"]


def test_the_service_refuses_todays_incident_naming_the_end_and_the_successors(district_officer, unit):
    with pytest.raises(PermissionDenied) as refusal:
        incident_create(data=data(unit), actor=district_officer)
    assert_names_the_date_and_the_successors(str(refusal.value))
    assert not Incident.objects.exists()


def test_the_web_form_shows_the_same_refusal(client, district_officer, unit):
    client.force_login(district_officer)
    counts = dict.fromkeys(["cadres", "public_employees", "workers", "students", "outsiders", "deaths", "injuries",
                            "damage_vnd", "defendants", "fine_vnd"], "0")
    r = client.post("/incidents/new/", {"type": IncidentType.objects.get(code="theft").pk,
                                         "occurred_at": now().strftime("%Y-%m-%dT%H:%M"), "unit": unit.pk,
                                         "description": "Mất trộm linh kiện điện tử", "reported": "on", **counts})
    assert r.status_code == 403, r.context["form"].errors
    assert_names_the_date_and_the_successors(r.content.decode())
    assert not Incident.objects.exists()


def test_the_api_answers_the_same_refusal(district_officer, unit):
    r = client_for(district_officer).post("/api/v1/incidents/", {
        "type": "theft", "occurred_at": now().isoformat(), "unit": unit.pk, "description": "Mất trộm"},
        format="json")
    assert r.status_code == 403
    assert_names_the_date_and_the_successors(r.json()["detail"])


def test_an_incident_of_the_officers_own_time_is_still_recorded(district_officer, unit):
    incident = incident_create(data=data(unit, occurred_at=now().replace(year=2019, month=6, day=3)),
                               actor=district_officer)
    assert incident.area == unit.commune


def test_another_district_of_the_same_map_gets_the_plain_refusal(district_officer):
    with pytest.raises(PermissionDenied) as refusal:
        ensure_area_in_scope(district_officer, area("218"))
    assert str(refusal.value) == "Bạn chỉ được ghi dữ liệu trong địa bàn của mình."


def test_a_user_of_the_new_map_records_today(unit):
    ward = area("07774", on=timezone.localdate())  # Phường Tự Lạn, which took over the unit's commune
    officer = User.objects.create_user("tulan", password="pw", role=Role.DISTRICT_OFFICER, scope_area=ward)
    incident = incident_create(data=data(unit), actor=officer)
    assert incident.area == ward


def test_an_area_that_ended_long_ago_names_the_areas_of_today(unit):
    """Thị trấn Bích Động became Phường Bích Động in 2020, which went into Phường Việt Yên in 2025: the refusal names
    the ward of today, where the account can be moved."""
    town = Area.objects.get(path="L.24.222.07753")
    officer = User.objects.create_user("bichdong", password="pw", role=Role.DISTRICT_OFFICER, scope_area=town)
    with pytest.raises(PermissionDenied) as refusal:
        incident_create(data=data(unit), actor=officer)
    message = str(refusal.value)
    assert "không còn từ 01/01/2020; địa bàn kế tiếp: Phường Việt Yên (hỏi quản trị viên" in message
