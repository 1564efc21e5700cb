"""The demo's documents, agreements and inspections after the 2019 review, up to today: every year has its inspections
in the province of that year, the district committees stop with the district police, the new Bắc Ninh's police sign
and inspect from 01/07/2025, the recent weeks have inspections, the seed review keeps its figures, and a run builds
the same records for the same day."""

import datetime

import pytest
from django.utils import timezone

from commendations.demo import commendations_demo_seed
from coordination.demo import coordination_demo_seed
from coordination.demo_today import _Builder, coordination_today_seed
from coordination.models import Agreement, Document, DocumentCitation, InspectingBody, Inspection
from tests.coordination.test_demo_figures import SEED_FIGURES
from tests.incidents.test_demo_today import figures, figures_after_the_review, seed_users_and_units

pytestmark = pytest.mark.django_db
D = datetime.date
KEYS = "inspections.standing_agency,inspections.district_committees,coordination.total"


def test_every_year_up_to_today_has_inspections_in_its_province_and_the_seed_review_keeps_its_figures(client):
    today = timezone.localdate()
    users = seed_users_and_units(today)
    commendations_demo_seed()
    coordination_demo_seed()
    created = coordination_today_seed(today)
    assert created["inspections"] > 1000 and created["agreements"] > 100 and created["documents"] > 30
    client.force_login(users["admin"])

    assert figures(client, "24", D(2014, 8, 15), D(2019, 9, 30), ",".join(SEED_FIGURES)) == SEED_FIGURES
    by_period = figures_after_the_review(client, KEYS, today)
    assert all(f["inspections.standing_agency"] > 0 and f["coordination.total"] > 0 for f in by_period.values())
    assert len({f["inspections.standing_agency"] for f in by_period.values()}) > 12
    # Agreements in force grow with the years' signatures; district committees inspect until the district police
    # ended, not after.
    assert by_period["Bắc Giang 2024"]["coordination.total"] > by_period["Bắc Giang 2020"]["coordination.total"] > 66
    assert all(by_period[f"Bắc Giang {year}"]["inspections.district_committees"] > 0 for year in range(2020, 2025))
    assert by_period["new Bắc Ninh 2025H2"]["inspections.district_committees"] == 0
    assert not Inspection.objects.filter(inspecting_body=InspectingBody.DISTRICT_COMMITTEE,
                                         inspected_on__gt=D(2025, 2, 28)).exists()

    # The new province's records on its communes, by its commune police; every record in an area of its day.
    after = Inspection.objects.filter(inspected_on__gte=D(2025, 7, 1)).select_related("area", "unit")
    assert after.exists() and all(i.area.path.startswith("N.24.") for i in after)
    local = Agreement.objects.filter(signed_on__gte=D(2025, 7, 1), police_side="local").select_related("area")
    assert local.exists() and all(a.area.level == "commune" and a.police_unit_name.startswith("Công an ")
                                  for a in local)
    assert not Agreement.objects.filter(signed_on__gt=D(2025, 2, 28), area__level="district").exists()
    later = Inspection.objects.filter(inspected_on__gt=D(2019, 10, 1)).select_related("area", "unit")
    assert all(i.area.is_valid_on(i.inspected_on) for i in later)
    assert all(i.unit.started_on is None or i.unit.started_on <= i.inspected_on for i in later)
    assert not later.filter(inspected_on__gt=today).exists()
    assert later.filter(inspected_on__gte=today - datetime.timedelta(days=21)).count() >= 3
    # The provinces' yearly plans, cited by the records of their year.
    plans = Document.objects.filter(number__contains="/KH-CAT-PV05", issued_on__year=2023)
    assert plans.count() == 2 and DocumentCitation.objects.filter(document__in=plans).exists()
    assert not Document.objects.filter(search_text="").exists()  # searchable, though bulk-created

    counts = (Document.objects.count(), Agreement.objects.count(), Inspection.objects.count())
    assert coordination_today_seed(today) == {"documents": 0, "agreements": 0, "inspections": 0, "citations": 0}
    assert (Document.objects.count(), Agreement.objects.count(), Inspection.objects.count()) == counts


def rows(builder):
    return ([(i.inspected_on, i.inspecting_body, i.unit_id, i.area_id, i.subject) for i in builder.inspections],
            [(a.number, a.signed_on, a.area_id, a.partner_name) for a in builder.agreements],
            [(d.number, d.issued_on) for d in builder.documents])


def test_the_same_day_builds_the_same_records_and_a_later_day_keeps_the_earlier_ones():
    today = D(2026, 5, 6)
    seed_users_and_units(today)
    first, again, later = _Builder(today), _Builder(today), _Builder(today + datetime.timedelta(days=45))
    for builder in (first, again, later):
        builder.build_all()
    assert rows(first) == rows(again)
    inspections, agreements, documents = rows(later)
    assert [i for i in inspections if i[0] <= today] == rows(first)[0]
    assert [a for a in agreements if a[1] <= today] == rows(first)[1]
    assert [d for d in documents if d[1] <= today] == rows(first)[2]
    assert len(inspections) > len(rows(first)[0])
