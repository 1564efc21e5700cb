"""The demo's commendations after the 2019 review, up to today: every year has its decisions in the province of that
year, district Chairmen until the districts ended and commune Chairmen after, the current year's recent weeks have
some, the seed review keeps its figures, and a run builds the same commendations for the same day."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from antqcore.demo import demo_accounts_seed
from commendations.demo import commendations_demo_seed
from commendations.demo_today import _Builder, commendations_today_seed
from commendations.models import AwardForm, Commendation, Grantor
from tests.commendations.test_demo_figures import SEED_FIGURES
from units.demo import units_demo_seed
from units.demo_today import units_today_seed

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/"
D = datetime.date
KEYS = "commendations.collective,commendations.individual"


def figures(client, code: str, start: datetime.date, end: datetime.date) -> dict[str, int]:
    r = client.get(STATS, {"area": code, "from": start.isoformat(), "to": end.isoformat(), "keys": KEYS})
    assert r.status_code == 200, r.content
    return r.json()["figures"]


def test_every_year_up_to_today_has_commendations_in_its_province_and_the_seed_review_keeps_its_figures(client):
    today = timezone.localdate()
    users = {u.username: u for u in demo_accounts_seed()}
    units_demo_seed()
    units_today_seed(today)
    commendations_demo_seed()
    created = commendations_today_seed(today)["commendations"]
    assert created > 1500
    client.force_login(users["admin"])

    r = client.get(STATS, {"area": "24", "from": "2014-08-15", "to": "2019-09-30", "keys": ",".join(SEED_FIGURES)})
    assert r.json()["figures"] == SEED_FIGURES
    for year in range(2020, 2025):
        old = figures(client, "24", D(year, 1, 1), D(year, 12, 31))
        assert old["commendations.collective"] > 0 and old["commendations.individual"] > 0, year
    yearly = [figures(client, "27", D(year, 1, 1), D(year, 12, 31)) for year in range(2015, 2025)]
    assert all(f["commendations.individual"] > 0 for f in yearly)
    assert len({f["commendations.individual"] for f in yearly}) > 5
    assert figures(client, "24", D(2025, 1, 1), D(2025, 6, 30))["commendations.individual"] > 0
    second_half = figures(client, "24", D(2025, 7, 1), D(2025, 12, 31))
    assert second_half["commendations.collective"] > 0 and second_half["commendations.individual"] > 0
    assert figures(client, "24", D(today.year, 1, 1), today)["commendations.individual"] > 0

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
    units_demo_seed()
    today = D(2026, 8, 14)
    units_today_seed(today)
    first, again, later = _Builder(today), _Builder(today), _Builder(today + datetime.timedelta(days=30))
    for builder in (first, again, later):
        builder.build_all()
    assert rows(first) == rows(again)
    assert [r for r in rows(later) if r[2] <= today] == rows(first)
    assert len(rows(later)) > len(rows(first))
