"""Every coordination and inspection figure is the number of its records (#18): for random agreements and
inspections, the value of each group's one aggregate equals the count of the records the figure lists; an agreement
in force on the period's last day is listed, one ended before it is not; an inspection made in the period is
listed, one made the day after is not."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antqcore.stats import figure_keys, figure_records
from coordination.models import InspectingBody
from tests.conftest import area
from tests.figure_records_checks import assert_figures_are_their_records
from tests.units.factories import make_unit

from .factories import D, make_agreement, make_inspection, make_provincial_agreement

pytestmark = pytest.mark.django_db
START, END = D(2014, 8, 15), D(2019, 9, 30)
KEYS = [key for key in figure_keys() if key.startswith(("coordination.", "inspections."))]
DAYS = (END - START).days

agreements = st.lists(st.fixed_dictionaries({
    "provincial": st.booleans(), "district": st.sampled_from(["222", "218"]),
    "signed": st.integers(-400, DAYS + 60), "lasted": st.none() | st.integers(0, 2000)}), max_size=6)
inspections = st.lists(st.fixed_dictionaries({
    "body": st.sampled_from(InspectingBody.values), "district": st.sampled_from(["222", "218"]),
    "day": st.integers(-60, DAYS + 60)}), max_size=6)


def after(days: int) -> datetime.date:
    return START + datetime.timedelta(days=days)


def agreement(units, *, provincial, district, signed, lasted):
    ended = {} if lasted is None else {"status": "expired", "ended_on": after(signed + lasted)}
    if provincial:
        return make_provincial_agreement(signed_on=after(signed), **ended)
    return make_agreement(units[district], signed_on=after(signed), **ended)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(agreement_rows=agreements, inspection_rows=inspections, day=st.integers(0, DAYS))
def test_every_coordination_and_inspection_figure_is_the_number_of_its_records(agreement_rows, inspection_rows, day):
    units = {code: make_unit(code, started_on=D(2010, 1, 1)) for code in ("222", "218")}
    for row in agreement_rows:
        agreement(units, **row)
    for row in inspection_rows:
        make_inspection(units[row["district"]], inspecting_body=row["body"], inspected_on=after(row["day"]))
    in_force = agreement(units, provincial=False, district="222", signed=day, lasted=None)
    ended = agreement(units, provincial=False, district="222", signed=day - 1, lasted=DAYS - day)  # ends on END
    inspected = make_inspection(units["222"], inspecting_body="standing_agency", inspected_on=after(day))
    later = make_inspection(units["222"], inspecting_body="standing_agency", inspected_on=END + datetime.timedelta(1))
    for where in (area("24"), area("222"), area("218"), area("24", D(2025, 9, 1))):
        assert_figures_are_their_records(KEYS, area=where, start=START, end=END)
    local = figure_records("coordination.local_police", area=area("222"), start=START, end=END)
    assert local.filter(pk=in_force.pk).exists() and not local.filter(pk=ended.pk).exists()
    assert not figure_records("coordination.provincial_police", area=area("24"), start=START,
                              end=END).filter(pk=in_force.pk).exists()
    standing = figure_records("inspections.standing_agency", area=area("222"), start=START, end=END)
    assert standing.filter(pk=inspected.pk).exists() and not standing.filter(pk=later.pk).exists()
