"""The registry's rules, the "serious" flag, the area as it was then, the scope and the soft delete."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.models import Incident, IncidentType
from incidents.reference_data import incident_types_data
from incidents.services import incident_delete, incident_type_rules_apply, incident_update
from tests.conftest import area
from tests.units.factories import commune_of, make_unit

from .helpers import at, make_incident

pytestmark = pytest.mark.django_db


def test_the_shipped_types_are_the_codes_certification_refers_to():
    codes = set(IncidentType.objects.values_list("code", flat=True))
    assert codes == {"strike", "fire", "theft", "violation", "criminal_case", "mass_complaint", "work_accident",
                     "environment", "economic", "secrets_leak", "illegal_gathering", "social_vice", "drug_case",
                     "school_violence"}
    assert IncidentType.objects.get(code="strike").name == "Đình công, lãn công"


def test_the_area_defaults_to_the_units_commune_and_the_recorder_is_kept(district_officer):
    unit = make_unit("222")
    incident = make_incident("strike", unit=unit, workers=120, user=district_officer)
    assert incident.area == unit.commune and incident.created_by == district_officer
    assert incident.history.count() == 1


@pytest.mark.parametrize(("data", "field"), [
    ({"workers": -1}, "workers"),
    ({"damage_vnd": -5}, "damage_vnd"),
    ({"prosecuted": True, "defendants": 0}, "defendants"),
    ({"prosecuted": False, "defendants": 2}, "defendants"),
    ({"fined": False, "fine_vnd": 1_500_000}, "fine_vnd"),
])
def test_the_rules_refuse_inconsistent_data_field_by_field(data, field):
    unit = make_unit("222")
    with pytest.raises(ValidationError) as exc:
        make_incident("violation", unit=unit, **data)
    assert field in exc.value.message_dict
    assert not Incident.objects.exists()


def test_an_incident_cannot_be_dated_in_the_future():
    with pytest.raises(ValidationError) as exc:
        make_incident(unit=make_unit("222"), occurred_at=timezone.now() + datetime.timedelta(hours=2))
    assert "occurred_at" in exc.value.message_dict
    # A phone whose clock runs a minute ahead is not "the future".
    assert make_incident(unit=make_unit("222"), occurred_at=timezone.now() + datetime.timedelta(minutes=1))


def test_the_area_must_agree_with_the_unit():
    unit = make_unit("222")
    with pytest.raises(ValidationError) as exc:
        make_incident(unit=unit, area=commune_of("218"))
    assert unit.name in exc.value.message_dict["area"][0]
    # Its district, or its own commune, agree.
    assert make_incident(unit=unit, area=area("222")).area == area("222")
    assert make_incident(unit=unit, area=unit.commune).area == unit.commune


def test_without_a_unit_the_area_is_required_and_not_the_province():
    with pytest.raises(ValidationError) as exc:
        make_incident()
    assert "area" in exc.value.message_dict
    with pytest.raises(ValidationError):
        make_incident(area=area("24"))
    assert make_incident(area=commune_of("222")).unit is None


def test_the_area_is_the_one_that_existed_on_the_day():
    # An old-map commune did not exist after 30/06/2025.
    old = commune_of("222")
    with pytest.raises(ValidationError) as exc:
        make_incident(area=old, occurred_at=at("2025-08-01"))
    assert "01/08/2025" in exc.value.message_dict["area"][0]


def test_a_unit_recorded_on_the_new_map_takes_its_predecessor_for_an_old_incident():
    old = commune_of("222")
    successor = old.successors.first()
    assert successor is not None
    unit = make_unit("222", commune=successor)
    predecessors = [a for a in successor.predecessors.all() if a.is_valid_on(datetime.date(2019, 6, 3))]
    if len(predecessors) == 1:
        assert make_incident(unit=unit).area == predecessors[0]
    else:  # several communes merged: the officer chooses
        with pytest.raises(ValidationError):
            make_incident(unit=unit)
        assert make_incident(unit=unit, area=old).area == old


def test_serious_follows_the_types_rules():
    unit = make_unit("222")
    assert not make_incident("theft", unit=unit, damage_vnd=49_000_000).serious
    assert make_incident("theft", unit=unit, damage_vnd=50_000_000).serious
    assert make_incident("fire", unit=unit, deaths=1, damage_vnd=1_000_000).serious
    assert not make_incident("fire", unit=unit, injuries=1, damage_vnd=1_000_000).serious
    assert make_incident("violation", unit=unit, workers=1, prosecuted=True, defendants=1).serious
    assert make_incident("secrets_leak", unit=unit, cadres=1).serious


def test_changing_a_types_rules_recomputes_its_incidents_in_one_update():
    unit = make_unit("222")
    small = make_incident("theft", unit=unit, damage_vnd=10_000_000)
    large = make_incident("theft", unit=unit, damage_vnd=80_000_000)
    fire = make_incident("fire", unit=unit, damage_vnd=10_000_000)
    theft = IncidentType.objects.get(code="theft")
    theft.serious_damage_vnd = 5_000_000
    theft.save()
    with CaptureQueriesContext(connection) as queries:
        assert incident_type_rules_apply(incident_type=theft) == 2
    assert len(queries) == 1 and queries[0]["sql"].startswith("UPDATE")
    assert set(Incident.objects.filter(serious=True).values_list("pk", flat=True)) == {small.pk, large.pk}
    # No rule left: nothing of the type is serious; other types are untouched.
    theft.serious_damage_vnd = None
    theft.save()
    incident_type_rules_apply(incident_type=theft)
    assert not Incident.objects.filter(serious=True).exists() and fire.serious is False


def test_the_database_and_python_agree_on_serious():
    unit = make_unit("222")
    rows = [make_incident(code, unit=unit, damage_vnd=d, injuries=i, deaths=k, workers=1)
            for code in ("fire", "theft", "work_accident", "strike") for d, i, k in
            [(0, 0, 0), (60_000_000, 0, 0), (600_000_000, 1, 0), (0, 2, 1)]]
    for incident_type in IncidentType.objects.all():
        incident_type_rules_apply(incident_type=incident_type)
    assert {i.pk: i.serious for i in rows} == dict(Incident.objects.values_list("pk", "serious"))


def test_an_officer_cannot_record_outside_the_district(district_officer):
    luc_nam = make_unit("218")
    with pytest.raises(PermissionDenied):
        make_incident(unit=luc_nam, user=district_officer)
    with pytest.raises(PermissionDenied):
        make_incident(area=commune_of("218"), user=district_officer)
    assert not Incident.objects.exists()


def test_an_update_keeps_unset_fields_and_recomputes_serious(district_officer):
    incident = make_incident("theft", unit=make_unit("222"), damage_vnd=1_000_000, user=district_officer)
    incident = incident_update(incident=incident, data={"damage_vnd": 70_000_000, "verified": True},
                               actor=district_officer)
    incident.refresh_from_db()
    assert incident.serious and incident.verified and incident.description == "Trộm cắp linh kiện điện tử"
    assert incident.history.count() == 2


def test_an_officer_cannot_change_an_incident_of_another_district(district_officer, other_district_officer):
    incident = make_incident(unit=make_unit("218"), user=other_district_officer)
    with pytest.raises(PermissionDenied):
        incident_update(incident=incident, data={"verified": True}, actor=district_officer)
    with pytest.raises(PermissionDenied):
        incident_delete(incident=incident, actor=district_officer)


def test_a_deleted_incident_keeps_its_row_and_history(district_officer):
    incident = make_incident(unit=make_unit("222"), user=district_officer)
    incident_delete(incident=incident, actor=district_officer)
    assert not Incident.objects.alive().exists()
    assert Incident.objects.get(pk=incident.pk).deleted_at is not None
    assert incident.history.count() == 2
    with pytest.raises(ValidationError):
        incident_delete(incident=incident, actor=district_officer)


def test_the_load_command_is_idempotent_and_keeps_the_admins_edits(admin_user):
    theft = IncidentType.objects.get(code="theft")
    theft.serious_damage_vnd = 20_000_000
    theft._history_user = admin_user  # as the admin saves it
    theft.save()
    IncidentType.objects.filter(code="secrets_leak").delete()
    call_command("load_incident_types", "--dry-run")
    assert not IncidentType.objects.filter(code="secrets_leak").exists()
    call_command("load_incident_types")
    call_command("load_incident_types")
    assert IncidentType.objects.count() == len(incident_types_data())
    assert IncidentType.objects.get(code="theft").serious_damage_vnd == 20_000_000
    incident = make_incident("theft", unit=make_unit("222"), damage_vnd=30_000_000)
    assert incident.serious
    call_command("load_incident_types", "--reset")
    assert IncidentType.objects.get(code="theft").serious_damage_vnd == 50_000_000
    assert not Incident.objects.get(pk=incident.pk).serious
