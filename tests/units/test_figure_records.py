"""Every figure of the units registry is what its records make: for random units, zones, guard forces and fire teams,
figures_compute gives, for every key, the value figure_from_records computes from figure_records (their number for
a count)."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antqcore.stats import figure_from_records, figure_get, figure_records, figures_compute
from tests.conftest import area
from tests.units.factories import commune_of, make_unit
from units.models import IndustrialZone
from units.services import fire_team_consolidate, fire_team_save, guard_force_save, unit_delete, zone_investment_save

pytestmark = pytest.mark.django_db
D = datetime.date
KEYS = ["context.units", "context.industrial_zones", "context.industrial_clusters", "context.investment_projects",
        "context.enterprises_operating", "context.workers", "guards.total", "guards.official", "guards.long_term",
        "guards.short_term", "guards.bodyguards", "fire.teams_new", "fire.teams_consolidated"]
SUBTYPE = {"agency": "state_agency", "enterprise": "private_enterprise", "school": "upper_secondary"}
DISTRICTS = ("222", "218")
days = st.dates(D(2012, 1, 1), D(2021, 12, 31))

units = st.lists(st.fixed_dictionaries({
    "district": st.sampled_from(DISTRICTS), "commune": st.integers(0, 1),
    "kind": st.sampled_from(sorted(SUBTYPE)), "started": st.none() | days, "dissolved": st.none() | days,
    "in_zone": st.booleans(), "workers": st.integers(0, 900), "deleted": st.integers(0, 9).map(lambda n: n == 0),
    "guards": st.lists(st.tuples(st.integers(2012, 2021), *[st.integers(0, 30)] * 4), max_size=3,
                       unique_by=lambda g: g[0]),
    "fire_team": st.none() | days, "consolidations": st.lists(st.integers(0, 1500), max_size=3),
}), max_size=6)
zones = st.lists(st.tuples(st.none() | days, st.lists(st.tuples(st.integers(2012, 2021), st.integers(0, 40)),
                                                        max_size=3, unique_by=lambda i: i[0])), min_size=2, max_size=2)
periods = st.tuples(days, st.integers(0, 2500))


def build(unit_specs, zone_specs):
    """The registry's records, through its services; the zone of 222 is a zone, the one of 218 a cluster."""
    made_zones = {}
    for district, kind, (established, investments) in zip(DISTRICTS, IndustrialZone.Kind, zone_specs, strict=True):
        zone = IndustrialZone.objects.create(name=f"KCN {district}", kind=kind, area=commune_of(district),
                                             established_on=established)
        for year, projects in investments:
            zone_investment_save(zone=zone, year=year, projects=projects, actor=None)
        made_zones[district] = zone
    for spec in unit_specs:
        started, dissolved = spec["started"], spec["dissolved"]
        if started and dissolved and dissolved < started:
            started, dissolved = dissolved, started
        unit = make_unit(spec["district"], commune=commune_of(spec["district"], spec["commune"]), kind=spec["kind"],
                         subtype=SUBTYPE[spec["kind"]], started_on=started, dissolved_on=dissolved,
                         status="dissolved" if dissolved else "active", worker_count=spec["workers"],
                         zone=made_zones[spec["district"]] if spec["in_zone"] else None)
        for year, *counts in spec["guards"]:
            guard_force_save(unit=unit, year=year, actor=None, data=dict(zip(
                ("official_staff", "long_term", "short_term", "bodyguards"), counts, strict=True)))
        if spec["fire_team"]:
            fire_team_save(unit=unit, established_on=spec["fire_team"], members=10, actor=None)
            for offset in spec["consolidations"]:
                fire_team_consolidate(unit=unit, date=spec["fire_team"] + datetime.timedelta(days=offset),
                                      members=12, actor=None)
        if spec["deleted"]:
            unit_delete(unit=unit, actor=None)


def assert_figures_are_their_records(start, end):
    for code in ("24", "222", "218"):
        where = area(code, on=end)
        computed = figures_compute(area=where, start=start, end=end, keys=KEYS)
        for key in KEYS:
            from_records = figure_from_records(key, area=where, start=start, end=end)
            assert computed[key] == from_records, (key, code)
            source = figure_get(key).source
            records = figure_records(key, area=where, start=start, end=end)
            if source.measure is None and source.derive is None:
                assert records.count() == computed[key], (key, code)
            else:  # a sum: of a field, or of the four kinds of guards (GuardForce.total)
                assert sum(r.total if key == "guards.total" else getattr(r, source.measure.name) for r in records) == (
                    computed[key]), (key, code)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(unit_specs=units, zone_specs=zones, period=periods)
def test_every_units_figure_is_what_its_records_make(unit_specs, zone_specs, period):
    start = period[0]
    end = min(start + datetime.timedelta(days=period[1]), D(2021, 12, 31))
    with transaction.atomic():
        build(unit_specs, zone_specs)
        assert_figures_are_their_records(start, end)
        transaction.set_rollback(True)


def test_a_figure_s_records_are_the_units_of_its_area_and_period():
    inside = make_unit("222", started_on=D(2015, 1, 1))
    elsewhere = make_unit("218", started_on=D(2015, 1, 1))
    later = make_unit("222", started_on=D(2020, 1, 1))
    start, end = D(2014, 8, 15), D(2019, 9, 30)
    records = figure_records("context.units", area=area("222", on=end), start=start, end=end)
    assert inside in records
    assert elsewhere not in records and later not in records
    for unit, established in ((inside, D(2016, 5, 1)), (later, D(2020, 2, 1))):
        fire_team_save(unit=unit, established_on=established, members=8, actor=None)
    teams = figure_records("fire.teams_new", area=area("24", on=end), start=start, end=end)
    assert [t.unit for t in teams] == [inside]
