"""Every figure of the certification registry is what its records make: for random campaigns and dossiers,
figures_compute gives, for every key, the value figure_from_records computes from figure_records (their number for a
count; the longest run and the coverage derived from the recognitions they rest on)."""

import datetime
import itertools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antqcore.stats import figure_from_records, figure_get, figure_records, figures_compute
from certification.services import participation_register
from tests.certification.helpers import campaign, recognize, walk_to_appraised
from tests.conftest import area
from tests.units.factories import make_unit

pytestmark = pytest.mark.django_db
D = datetime.date
KEYS = ["certification.province.antt_safe", "certification.district.antt_safe", "certification.province.drug_free",
        "certification.district.drug_free", "certification.longest_streak_years",
        "certification.registered_not_recognized", "certification.coverage_percent"]
_numbers = itertools.count(1)

dossiers = st.lists(st.tuples(st.integers(2015, 2019), st.sampled_from(["antt_safe", "drug_free"]),
                              st.sampled_from(["registered", "appraised", "province", "district"]),
                              st.integers(0, 200)), max_size=5, unique_by=lambda d: (d[0], d[1]))
units = st.lists(st.tuples(st.sampled_from(["222", "218"]), dossiers), min_size=1, max_size=4)
periods = st.tuples(st.dates(D(2014, 6, 1), D(2020, 6, 30)), st.integers(0, 1500))


def build(unit_specs):
    for district, unit_dossiers in unit_specs:
        unit = make_unit(district)
        for year, scheme, outcome, late in unit_dossiers:
            if outcome == "registered":
                participation_register(campaign=campaign(year, scheme), unit=unit, actor=None, on=D(year, 2, 1))
                continue
            appraised = walk_to_appraised(unit, year=year, scheme=scheme)
            if outcome != "appraised":
                recognize(appraised, level=outcome, date=D(year, 12, 1) + datetime.timedelta(days=late),
                          number=f"{next(_numbers)}/QĐ")


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(unit_specs=units, period=periods)
def test_every_certification_figure_is_what_its_records_make(unit_specs, period):
    start = period[0]
    end = min(start + datetime.timedelta(days=period[1]), D(2021, 6, 30))
    with transaction.atomic():
        build(unit_specs)
        for code in ("24", "222", "218"):
            where = area(code, on=end)
            computed = figures_compute(area=where, start=start, end=end, keys=KEYS)
            for key in KEYS:
                assert computed[key] == figure_from_records(key, area=where, start=start, end=end), (key, code)
                if figure_get(key).source.derive is None:
                    assert computed[key] == figure_records(key, area=where, start=start, end=end).count(), key
        transaction.set_rollback(True)


def test_the_recognitions_of_a_figure_are_those_of_its_area_and_period():
    inside, elsewhere, later = make_unit("222"), make_unit("218"), make_unit("222")
    recognize(walk_to_appraised(inside, year=2017), year=2017, number="17/QĐ")
    recognize(walk_to_appraised(elsewhere, year=2018), year=2018, number="18/QĐ")
    recognize(walk_to_appraised(later, year=2019), year=2019, number="19/QĐ", date=D(2019, 12, 20))
    start, end = D(2014, 8, 15), D(2019, 9, 30)
    records = figure_records("certification.province.antt_safe", area=area("222", on=end), start=start, end=end)
    assert [p.unit for p in records] == [inside]  # later's 2019 decision is dated after the period
    streak = figure_records("certification.longest_streak_years", area=area("24", on=end), start=start, end=end)
    assert {p.unit for p in streak} == {inside, elsewhere}
