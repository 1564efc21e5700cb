"""The demo's incidents after the 2019 review, up to today: every year has its incidents in the province of that year
(the old Bắc Giang and Bắc Ninh until 30/06/2025, the new Bắc Ninh since), the current year has some in its recent
weeks, the seed review keeps its figures, and a run builds the same incidents for the same day."""

import datetime

import pytest
from django.utils import timezone

from antqcore.demo import demo_accounts_seed
from incidents.demo import incidents_demo_seed
from incidents.demo_today import incidents_build, incidents_today_seed
from incidents.models import Incident
from tests.incidents.test_demo_figures import SEED_FIGURES
from units.demo import units_demo_seed
from units.demo_today import units_today_seed

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/"
D = datetime.date
KEYS = "incidents.thefts,incidents.violations,incidents.strikes"


def figures(client, code: str, start: datetime.date, end: datetime.date, keys: str) -> dict[str, int]:
    r = client.get(STATS, {"area": code, "from": start.isoformat(), "to": end.isoformat(), "keys": keys})
    assert r.status_code == 200, r.content
    return r.json()["figures"]


def figures_after_the_review(client, keys: str, today: datetime.date) -> dict[str, dict[str, int]]:
    """The figures of each year after the review in the province of that year: the old Bắc Giang (code 24 on the old
    map) 2020–2024, the old Bắc Ninh (27) from 2015 (it had no records before these demos), both in the first half
    of 2025, the new Bắc Ninh (24 on the new map) in the second half and in the current year up to today."""
    periods = {f"Bắc Giang {year}": ("24", D(year, 1, 1), D(year, 12, 31)) for year in range(2020, 2025)}
    periods |= {f"Bắc Ninh {year}": ("27", D(year, 1, 1), D(year, 12, 31)) for year in range(2015, 2025)}
    periods |= {"Bắc Giang 2025H1": ("24", D(2025, 1, 1), D(2025, 6, 30)),
                "Bắc Ninh 2025H1": ("27", D(2025, 1, 1), D(2025, 6, 30)),
                "new Bắc Ninh 2025H2": ("24", D(2025, 7, 1), D(2025, 12, 31)),
                f"new Bắc Ninh {today.year}": ("24", D(today.year, 1, 1), today)}
    return {label: figures(client, *period, keys) for label, period in periods.items()}


def seed_users_and_units(today: datetime.date) -> dict:
    """The demo accounts and the units demo of 2019 and of the years up to `today`."""
    users = {u.username: u for u in demo_accounts_seed()}
    units_demo_seed()
    units_today_seed(today)
    return users


def test_every_year_up_to_today_has_incidents_in_its_province_and_the_seed_review_keeps_its_figures(client):
    today = timezone.localdate()
    users = seed_users_and_units(today)
    incidents_demo_seed()
    created = incidents_today_seed(today)["incidents"]
    assert created > 2000
    client.force_login(users["admin"])

    # Bắc Giang's review of 2014–2019 is untouched.
    assert figures(client, "24", D(2014, 8, 15), D(2019, 9, 30), ",".join(SEED_FIGURES)) == SEED_FIGURES
    by_period = figures_after_the_review(client, KEYS, today)
    assert all(f["incidents.thefts"] > 0 and f["incidents.violations"] > 0 for f in by_period.values()), by_period
    assert len({f["incidents.thefts"] for f in by_period.values()}) > 12  # not the same every year

    # After the reform the incidents are in the new province's communes, each in an area of its day.
    after = Incident.objects.filter(occurred_at__date__gte=D(2025, 7, 1)).select_related("area")
    assert after.exists() and all(i.area.path.startswith("N.24.") for i in after)
    before = Incident.objects.filter(occurred_at__date__range=(D(2019, 10, 1), D(2025, 6, 30))).select_related("area")
    assert {i.area.path[:5] for i in before} == {"L.24.", "L.27."}
    assert all(i.area.is_valid_on(timezone.localdate(i.occurred_at)) for i in [*after, *before])
    assert after.filter(unit__isnull=False).count() > after.count() / 2
    # Units of the old Bắc Ninh have their incidents there.
    assert before.filter(unit__commune__path__startswith="L.27.").exists()
    # Nothing in the future; the recent weeks of the current year have incidents.
    assert not Incident.objects.filter(occurred_at__gt=timezone.now()).exists()
    for weeks_ago in range(1, 4):
        week_end = today - datetime.timedelta(days=7 * (weeks_ago - 1))
        week = Incident.objects.filter(occurred_at__date__range=(week_end - datetime.timedelta(days=6), week_end))
        assert week.exists(), f"no incident in the week ending {week_end}"

    # Seeding again adds nothing.
    count = Incident.objects.count()
    assert incidents_today_seed(today) == {"incidents": 0}
    assert Incident.objects.count() == count


def rows(incidents):
    return [(i.type.code, i.occurred_at, i.unit_id, i.area_id, i.workers, i.damage_vnd, i.verified, i.defendants)
            for i in incidents]


def test_the_same_day_builds_the_same_incidents_and_a_later_day_keeps_the_earlier_ones():
    today = D(2026, 3, 18)
    seed_users_and_units(today)
    first = rows(incidents_build(today))
    assert first == rows(incidents_build(today))
    later = rows(incidents_build(today + datetime.timedelta(days=10)))
    assert [r for r in later if timezone.localdate(r[1]) < today] == first
    assert len(later) > len(first)
