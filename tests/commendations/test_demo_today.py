"""The demo's commendations after the 2019 review, up to today: every year has its decisions in the province of that
year, district Chairmen until the districts ended and commune Chairmen after, the current year's recent weeks have
some, the seed review keeps its figures, and a run builds the same commendations for the same day."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from commendations.demo import commendations_demo_seed
from commendations.demo_today import _Builder, commendations_today_seed
from commendations.models import AwardForm, Commendation, Grantor
from tests.commendations.test_demo_figures import SEED_FIGURES
from tests.incidents.test_demo_today import figures, figures_after_the_review, seed_users_and_units

pytestmark = pytest.mark.django_db
D = datetime.date
KEYS = "commendations.collective,commendations.individual"


def test_every_year_up_to_today_has_commendations_in_its_province_and_the_seed_review_keeps_its_figures(client):
    today = timezone.localdate()
    users = seed_users_and_units(today)
    commendations_demo_seed()
    created = commendations_today_seed(today)["commendations"]
    assert created > 1500
    client.force_login(users["admin"])

    assert figures(client, "24", D(2014, 8, 15), D(2019, 9, 30), ",".join(SEED_FIGURES)) == SEED_FIGURES
    by_period = figures_after_the_review(client, KEYS, today)
    # Decisions come at the year's reviews (January), in August and every few weeks: the current year has them once
    # its reviews are past.
    current = by_period.pop(f"new Bắc Ninh {today.year}")
    assert all(f["commendations.individual"] > 0 and f["commendations.collective"] > 0
               for f in by_period.values()), by_period
    assert len({f["commendations.individual"] for f in by_period.values()}) > 12
    assert current["commendations.individual"] > 0 or today.month < 3

    # District Chairmen until the districts ended, commune Chairmen of the new communes after; the new province's
    # commendations lie in its communes (or the province), in an area of their day.
    later = Commendation.objects.filter(decision_date__gt=D(2020, 8, 14)).select_related("area")
    assert not later.filter(grantor=Grantor.DISTRICT_CHAIRMAN, decision_date__gt=D(2025, 6, 30)).exists()
    assert later.filter(grantor=Grantor.DISTRICT_CHAIRMAN, area__path__startswith="L.27.").exists()
    assert later.filter(grantor=Grantor.COMMUNE_CHAIRMAN, area__path__startswith="N.24.").exists()
    assert all(c.area.path.startswith("N.24") for c in later.filter(decision_date__gte=D(2025, 7, 1)))
    assert all(c.area.is_valid_on(c.decision_date) for c in later)
    assert not later.filter(decision_date__gt=today).exists()
    # A medal once in a lifetime, whichever year; a few exceptional achievements in recent weeks.
    assert not Commendation.objects.filter(form=AwardForm.MEDAL).values("name_key").annotate(
        n=Count("id")).filter(n__gt=1).exists()
    assert later.filter(decision_date__gte=today - datetime.timedelta(days=42)).exists()

    count = Commendation.objects.count()
    assert commendations_today_seed(today) == {"commendations": 0}
    assert Commendation.objects.count() == count


def rows(builder):
    return [(c.form, c.grantor, c.decision_date, c.decision_number, c.unit_id, c.area_id, c.person_name,
             c.citizen_id) for c in builder.rows]


def test_the_same_day_builds_the_same_commendations_and_a_later_day_keeps_the_earlier_ones():
    today = D(2026, 8, 14)
    seed_users_and_units(today)
    first, again, later = _Builder(today), _Builder(today), _Builder(today + datetime.timedelta(days=30))
    for builder in (first, again, later):
        builder.build_all()
    assert rows(first) == rows(again)
    assert [r for r in rows(later) if r[2] <= today] == rows(first)
    assert len(rows(later)) > len(rows(first))
