"""The tallies' figures: sums of the catalogue's indicators (and bodies) over the values whose period ends within the
window, for the areas inside the area asked; "more than" when any value summed was."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antqcore.stats import MoreThan, figure_keys, figures_compute, is_more_than
from tallies.catalogue import figure_specs
from tallies.selectors import tally_totals
from tests.conftest import area

from .helpers import catalogue, save  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
START, END = datetime.date(2014, 8, 15), datetime.date(2019, 9, 30)


def figures(code="24", start=START, end=END, keys=None):
    return figures_compute(area=area(code), start=start, end=end, keys=keys)


def test_every_tally_figure_of_the_seed_is_registered_from_the_catalogue():
    keys = {s.key for s in figure_specs()}
    assert len(keys) == 62
    assert keys <= set(figure_keys())
    assert "fire.teams_new" not in keys  # counted from the units' fire teams, not tallied


def test_a_figure_sums_its_bodies_periods_ending_within_the_window(province_staff):
    save(province_staff, "ca-222", "2014-Q2", sessions=1000)  # ends 30/06/2014: before the window
    save(province_staff, "ca-222", "2014-Q3", sessions=10)  # ends 30/09/2014: counted, though it began before
    save(province_staff, "ca-218", "2019-Q3", sessions=20)  # ends on the window's last day
    save(province_staff, "ca-218", "2019-Q4", sessions=3000)  # after
    assert figures(keys=["propaganda.sessions"]) == {"propaganda.sessions": 30}
    assert figures("222", keys=["propaganda.sessions"]) == {"propaganda.sessions": 10}
    assert figures(start=datetime.date(2019, 9, 1), keys=["propaganda.sessions"]) == {"propaganda.sessions": 20}


def test_the_same_indicator_counts_in_the_figure_of_its_bodies_only(province_staff):
    save(province_staff, "ca-222", "2019-Q3", leaflets=100)
    save(province_staff, "bcd-222", "2019-Q3", leaflets=20)
    save(province_staff, "ldld-tinh", "2019-Q3", leaflets=3)
    save(province_staff, "so-ldtbxh", "2018", leaflets=4000)
    keys = ["propaganda.leaflets", "fn3.districts.leaflets", "fn3.labour.leaflets", "fn3.molisa.leaflets"]
    assert figures(keys=keys) == dict(zip(keys, [100, 20, 3, 4000], strict=True))
    # Provincial bodies report for the province: a district's figures do not include them.
    assert figures("222", keys=keys) == dict(zip(keys, [100, 20, 0, 0], strict=True))


def test_a_figure_is_more_than_when_any_value_summed_was(province_staff):
    save(province_staff, "ca-222", "2019-Q2", participants=(30000, True))
    save(province_staff, "ca-218", "2019-Q3", participants=50000)
    value = figures(keys=["propaganda.participants"])["propaganda.participants"]
    assert value == 80000 and is_more_than(value) and value == MoreThan(80000)
    assert not is_more_than(figures("218", keys=["propaganda.participants"])["propaganda.participants"])


def test_the_fire_inspections_total_is_the_sum_of_its_parts(province_staff):
    save(province_staff, "canh-sat-pccc", "2019-07", fire_inspections_offices=3, fire_inspections_fuel=5,
         fire_inspections_other=1, fire_fines=(1500000, True))
    result = figures(keys=["fire_inspections.total", "fire_inspections.fuel", "fire_inspections.fines_vnd"])
    assert result == {"fire_inspections.total": 9, "fire_inspections.fuel": 5, "fire_inspections.fines_vnd": 1500000}
    assert is_more_than(result["fire_inspections.fines_vnd"])


def test_one_figure_or_all_of_them_cost_one_query(province_staff, settings):
    settings.ANTQ_FIGURE_CACHE = False  # the computation itself, past the figure cache (antqcore.figure_cache)
    save(province_staff, "ca-222", "2019-Q3", sessions=10)
    province = area("24")
    keys = [s.key for s in figure_specs()]
    for wanted in (keys[:1], keys):
        with CaptureQueriesContext(connection) as queries:
            result = figures_compute(area=province, start=START, end=END, keys=wanted)
        # The values' query, and the area's coverage, which a computation reads once whatever it asks.
        assert sum("tallies_tallyvalue" in q["sql"] for q in queries) == 1, wanted
        assert len(queries) == 2
    assert result["propaganda.sessions"] == 10 and len(result) == 62


def test_totals_by_indicator_count_the_bodies_that_reported(province_staff):
    save(province_staff, "ca-222", "2019-Q3", leaflets=100)
    save(province_staff, "bcd-213", "2019-Q2", leaflets=(20, True))
    [total] = tally_totals(area=area("24"), start=START, end=END)
    assert (total.indicator.code, total.total, total.more_than, total.bodies) == ("leaflets", 120, True, 2)
