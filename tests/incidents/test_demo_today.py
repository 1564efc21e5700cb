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


def figures(client, code: str, start: datetime.date, end: datetime.date) -> dict[str, int]:
    r = client.get(STATS, {"area": code, "from": start.isoformat(), "to": end.isoformat(), "keys": KEYS})
    assert r.status_code == 200, r.content
    return r.json()["figures"]


def test_every_year_up_to_today_has_incidents_in_its_province_and_the_seed_review_keeps_its_figures(client):
    today = timezone.localdate()
    users = {u.username: u for u in demo_accounts_seed()}
    units_demo_seed()
    units_today_seed(today)
    incidents_demo_seed()
    created = incidents_today_seed(today)["incidents"]
    assert created > 2000
    client.force_login(users["admin"])

    # Bắc Giang's review of 2014–2019 is untouched.
    r = client.get(STATS, {"area": "24", "from": "2014-08-15", "to": "2019-09-30", "keys": ",".join(SEED_FIGURES)})
    assert r.json()["figures"] == SEED_FIGURES
    # Every year after it, in the old Bắc Giang until the reform, then in the new Bắc Ninh (code 24 on both maps).
    for year in range(2020, 2025):
        old = figures(client, "24", D(year, 1, 1), D(year, 12, 31))
        assert old["incidents.thefts"] > 0 and old["incidents.violations"] > 0, year
    # The old Bắc Ninh from 2014 on (it had no records before this demo).
    yearly = [figures(client, "27", D(year, 1, 1), D(year, 12, 31))["incidents.thefts"] for year in range(2015, 2025)]
    assert all(n > 0 for n in yearly) and len(set(yearly)) > 5  # not the same every year
    first_half = figures(client, "24", D(2025, 1, 1), D(2025, 6, 30))
    second_half = figures(client, "24", D(2025, 7, 1), D(2025, 12, 31))
    assert first_half["incidents.thefts"] > 0 and second_half["incidents.thefts"] > 0
    assert figures(client, "24", D(today.year, 1, 1), today)["incidents.thefts"] > 0

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
    assert not Incident.objects.filter(occurred_at__date__gt=today).exists()
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
    units_demo_seed()
    today = D(2026, 3, 18)
    units_today_seed(today)
    first = rows(incidents_build(today))
    assert first == rows(incidents_build(today))
    later = rows(incidents_build(today + datetime.timedelta(days=10)))
    assert [r for r in later if timezone.localdate(r[1]) <= today] == first
    assert len(later) > len(first)
