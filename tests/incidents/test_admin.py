"""The taxonomy is edited in the admin: a type's new rules apply to its recorded incidents at once."""

import pytest

from incidents.models import Incident, IncidentType
from tests.units.factories import make_unit

from .helpers import make_incident

pytestmark = pytest.mark.django_db


def type_form(incident_type: IncidentType, **changes) -> dict:
    data = {"code": incident_type.code, "name": incident_type.name, "order": incident_type.order}
    for threshold in ("serious_deaths", "serious_injuries", "serious_damage_vnd"):
        data[threshold] = getattr(incident_type, threshold) or ""
    for flag in ("active", "serious_when_prosecuted", "serious_always"):
        if getattr(incident_type, flag):
            data[flag] = "on"
    return data | changes


def test_lowering_a_threshold_in_the_admin_makes_recorded_incidents_serious(client, admin_user):
    unit = make_unit("222")
    small = make_incident("theft", unit=unit, damage_vnd=10_000_000)
    tiny = make_incident("theft", unit=unit, damage_vnd=1_000_000)
    theft = IncidentType.objects.get(code="theft")
    client.force_login(admin_user)
    r = client.post(f"/admin/incidents/incidenttype/{theft.pk}/change/", type_form(theft, serious_damage_vnd=5_000_000))
    assert r.status_code == 302
    assert set(Incident.objects.filter(serious=True).values_list("pk", flat=True)) == {small.pk}
    assert tiny.pk not in set(Incident.objects.filter(serious=True).values_list("pk", flat=True))
    assert theft.history.latest().serious_damage_vnd == 5_000_000  # the rules' change is audited


def test_the_admin_pages_load(client, admin_user):
    make_incident("fire", unit=make_unit("222"))
    client.force_login(admin_user)
    for url in ("/admin/incidents/incidenttype/", "/admin/incidents/incident/",
                f"/admin/incidents/incident/{Incident.objects.get().pk}/change/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/incidents/incident/add/").status_code == 403  # recorded on the quick entry form
