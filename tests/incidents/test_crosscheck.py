"""The certification council sees a unit's incidents: the registry is certification's real incident source."""

import pytest
from django.core.exceptions import ValidationError

from certification.crosscheck import incidents_for
from certification.selectors import participation_breaches
from incidents.services import incident_delete
from tests.certification.helpers import recognize, walk_to_appraised
from tests.units.factories import make_unit

from .helpers import at, make_incident, recorder

pytestmark = pytest.mark.django_db


def test_a_recorded_serious_incident_shows_up_in_the_cross_check():
    unit = make_unit("222", name="Công ty cháy kho")
    fire = make_incident("fire", unit=unit, occurred_at=at("2019-06-03"), damage_vnd=800_000_000,
                         description="Cháy kho thành phẩm")
    make_incident("fire", unit=make_unit("222"), occurred_at=at("2019-06-03"), damage_vnd=800_000_000)  # elsewhere
    make_incident("theft", unit=unit, occurred_at=at("2018-11-10"), damage_vnd=1_000_000)  # before the window
    hits = incidents_for(unit, at("2018-11-16").date(), at("2019-11-15").date())
    assert [(h.type_code, h.type_label, h.serious, h.description) for h in hits] == [
        ("fire", "Cháy, nổ", True, "Cháy kho thành phẩm")]
    assert hits[0].date.isoformat() == "2019-06-03" and hits[0].url == f"/incidents/{fire.pk}/"


def test_a_serious_fire_breaches_the_criterion_and_a_recognition_needs_a_reason():
    unit = make_unit("222", name="Công ty cháy kho")
    make_incident("fire", unit=unit, occurred_at=at("2019-06-03"), deaths=1, damage_vnd=50_000_000)
    participation = walk_to_appraised(unit)
    breaches = participation_breaches(participation=participation)
    assert [b.incident.type_code for b in breaches] == ["fire"]
    with pytest.raises(ValidationError) as exc:
        recognize(participation)
    assert "03/06/2019" in exc.value.messages[0]


def test_a_minor_fire_or_a_deleted_incident_does_not_breach_a_serious_only_criterion():
    unit = make_unit("222")
    make_incident("fire", unit=unit, occurred_at=at("2019-06-03"), damage_vnd=2_000_000)
    serious = make_incident("fire", unit=unit, occurred_at=at("2019-07-03"), damage_vnd=900_000_000)
    incident_delete(incident=serious, actor=recorder())
    participation = walk_to_appraised(unit)
    assert participation_breaches(participation=participation) == []
    assert [h.serious for h in incidents_for(unit, at("2018-11-16").date(), at("2019-11-15").date())] == [False]
