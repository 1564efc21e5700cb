"""The units demo of today: the old Bắc Ninh, units registered every week since 2020 on the map of their day, guard
forces up to the current year, and Bắc Giang's 2019 figures untouched."""

import datetime
from collections import Counter

import pytest
from django.db import transaction

from antqcore.demo import demo_accounts_seed, demo_seeders
from antqcore.models import User
from tests.units.test_demo_figures import PERIOD, SEED_FIGURES, STATS
from units.demo import units_demo_seed
from units.demo_today import units_today_seed
from units.models import FireTeamConsolidation, GuardForce, IndustrialZone, Unit, UnitStatus, UnitSubtype
from units.selectors import unit_area_on

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 4)
REFORM = D(2025, 7, 1)


@pytest.fixture
def demo_users():
    demo_accounts_seed()
    units_demo_seed()
    units_today_seed(today=TODAY)
    return {u.username: u for u in User.objects.all()}


def figures(client, user, area, start, end, keys):
    client.force_login(user)
    r = client.get(STATS, {"area": area, "from": start, "to": end, "keys": ",".join(keys)})
    assert r.status_code == 200, r.content
    return r.json()["figures"]


def test_bac_ninh_and_the_years_since_2019_without_changing_a_2019_figure(demo_users, client):
    admin = demo_users["admin"]
    # Bắc Giang's 2019 review still reads the seed's figures.
    assert figures(client, admin, "24", PERIOD["from"], PERIOD["to"], SEED_FIGURES) == SEED_FIGURES

    # The old Bắc Ninh in 2023: units, zones, guards, fire teams.
    bn = figures(client, admin, "27", "2023-01-01", "2023-12-31", SEED_FIGURES)
    assert bn["context.units"] > 400 and bn["context.industrial_zones"] == 7 and bn["context.industrial_clusters"] > 5
    assert bn["context.workers"] > 50000 and bn["guards.total"] > 500 and bn["fire.teams_consolidated"] > 20
    old_bn = Unit.objects.filter(commune__path__startswith="L.27.")
    assert old_bn.filter(subtype=UnitSubtype.FDI_ENTERPRISE).count() > 50
    assert {"agency", "school", "enterprise"} <= set(old_bn.values_list("kind", flat=True))
    assert old_bn.values("commune__parent").distinct().count() == 8

    # Units registered since 2020: on the old map until 30/06/2025, on the new Bắc Ninh's communes from 01/07/2025,
    # as many as the year brought (not the same every year), none after today.
    new = Unit.objects.filter(started_on__gte=D(2020, 1, 1))
    assert not new.filter(started_on__gt=TODAY).exists()
    assert not new.filter(started_on__lt=REFORM, commune__path__startswith="N.").exists()
    assert not new.filter(started_on__gte=REFORM).exclude(commune__path__startswith="N.24.").exists()
    assert all(u.commune.is_valid_on(u.started_on) for u in new.select_related("commune"))
    bac_giang = Counter(new.filter(commune__path__startswith="L.24.").values_list("started_on__year", flat=True))
    assert all(bac_giang[year] > 20 for year in range(2020, 2025)) and len(set(bac_giang.values())) > 3
    weeks_2026 = {u.started_on.isocalendar().week for u in new.filter(started_on__year=2026)}
    assert len(weeks_2026) > 30  # a few each week of the current year
    assert new.filter(commune__path__startswith="N.24.", managing_level="commune").exists()
    assert new.filter(status=UnitStatus.DISSOLVED, dissolved_on__lte=TODAY).exists()
    assert Unit.objects.filter(commune__path__startswith="L.24.", started_on__lt=D(2019, 1, 1),
                               dissolved_on__year__gte=2020).count() > 10

    # The new province's staff see every unit of both old provinces and the new ones.
    client.force_login(demo_users["bacninh"])
    listed = client.get("/api/v1/units/", {"page_size": 1}).json()["count"]
    assert listed == Unit.objects.alive().count() > 2500
    new_bn = figures(client, demo_users["bacninh"], "24", "2026-01-01", TODAY.isoformat(), ["context.units"])
    assert new_bn["context.units"] > 2500

    # Guard forces each year up to the current one, for both old provinces; investment projects too.
    for prefix in ("L.24.", "L.27."):
        years = set(GuardForce.objects.filter(unit__commune__path__startswith=prefix).values_list("year", flat=True))
        assert set(range(2020, 2027)) <= years
    assert FireTeamConsolidation.objects.filter(date__year=2026, date__lte=TODAY).count() > 50
    assert IndustrialZone.objects.filter(investments__year=2026).exists()


def test_an_old_unit_lies_in_its_new_commune_and_keeps_the_one_it_was_recorded_in(demo_users):
    old = Unit.objects.filter(commune__path__startswith="L.24.", started_on__lt=D(2019, 1, 1)).select_related(
        "commune").order_by("id")
    moved = [(u, unit_area_on(u, TODAY)) for u in old[:200]]
    resolved = [(u, new) for u, new in moved if new is not None]
    assert len(resolved) > 150
    assert all(new.path.startswith("N.24.") and new.is_valid_on(TODAY) for _u, new in resolved)
    assert all(u.commune.path.startswith("L.24.") for u, _new in resolved)  # not rewritten


def test_a_later_run_keeps_what_an_earlier_one_made(db):
    demo_accounts_seed()
    units_demo_seed()

    def snapshot(today):
        with transaction.atomic():
            units_today_seed(today=today)
            units = {(u.name, u.commune.path, u.started_on, u.dissolved_on) for u in
                     Unit.objects.filter(started_on__gte=D(2020, 1, 1)).select_related("commune")}
            guards = set(GuardForce.objects.filter(year__gte=2020).values_list(
                "unit__name", "year", "official_staff", "long_term", "short_term", "bodyguards"))
            transaction.set_rollback(True)
        return units, guards

    june_units, june_guards = snapshot(D(2026, 6, 30))
    again = snapshot(D(2026, 6, 30))
    december_units, december_guards = snapshot(TODAY)
    assert (june_units, june_guards) == again  # the same today, the same data
    before_july = {u[:3] for u in december_units if u[2] <= D(2026, 6, 30)}
    assert {u[:3] for u in june_units} == before_july and len(december_units) > len(june_units)
    assert june_guards < december_guards  # the guard records reported since June come on top


def test_the_units_demo_of_today_runs_after_every_2019_demo():
    names = [name for name, _seeder in demo_seeders()]
    assert all(names.index("units_today") > names.index(n) for n in ("units", "certification", "models",
                                                                       "incidents", "commendations", "coordination"))
