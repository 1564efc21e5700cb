"""Every tally figure is the sum of its records (#18): for random values entered by random bodies, the value of the
catalogue group's one aggregate equals the sum of the values the figure lists, "more than" alike, in the province,
a district and the merged province of the new map; a value whose period ends in the window is listed, one whose
period ends after it is not, and the list says who entered each value."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antqcore.stats import figure_get, figure_keys, figure_records
from tallies.catalogue import figure_specs
from tallies.periods import period_containing
from tallies.services import Cell, tally_save
from tests.conftest import area
from tests.figure_records_checks import assert_figures_are_their_records

from .helpers import body as reporting_body
from .helpers import catalogue, save  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
START, END = datetime.date(2014, 8, 15), datetime.date(2019, 9, 30)
KEYS = [spec.key for spec in figure_specs()]
BODIES = ["ca-222", "ca-218", "bcd-222", "ldld-tinh", "so-ldtbxh", "canh-sat-pccc", "mttq-tinh"]

values = st.lists(st.fixed_dictionaries({
    "body": st.sampled_from(BODIES), "indicator": st.integers(0, 200),
    "day": st.integers(-200, (END - START).days + 200), "value": st.integers(0, 200_000),
    "half": st.booleans(), "more_than": st.booleans()}), max_size=10)


def enter(user, *, body, indicator, day, value, half, more_than) -> bool:
    """Saves one value; a value the catalogue's rules refuse (below another indicator's) is left out."""
    reporter = reporting_body(body)
    codes = sorted(reporter.indicators.values_list("code", flat=True))
    period = period_containing(reporter.period_type, START + datetime.timedelta(days=day))
    cell = Cell(Decimal(value) + (Decimal("0.5") if half else 0), more_than)
    try:
        tally_save(body=reporter, period_type=period.type, period_start=period.start,
                   values={codes[indicator % len(codes)]: cell}, actor=user)
    except ValidationError:
        return False
    return True


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=values)
def test_every_tally_figure_is_the_sum_of_its_records(province_staff, rows):
    for row in rows:
        enter(province_staff, **row)
    save(province_staff, "ca-222", "2019-Q3", sessions=7)  # ends on the window's last day
    save(province_staff, "ca-222", "2019-Q4", sessions=9)  # ends after it
    for where in (area("24"), area("222"), area("218"), area("24", datetime.date(2025, 9, 1))):
        assert_figures_are_their_records(KEYS, area=where, start=START, end=END, one_by_one=False)
    listed = figure_records("propaganda.sessions", area=area("222"), start=START, end=END)
    periods = {value.period_end for value in listed.filter(body__code="ca-222", indicator__code="sessions")}
    assert datetime.date(2019, 9, 30) in periods and datetime.date(2019, 12, 31) not in periods
    columns = figure_get("propaganda.sessions").source.columns
    row = {c.name: c.value(listed.get(body__code="ca-222", period_end=datetime.date(2019, 9, 30))) for c in columns}
    assert row["entered_by"] == "Cán bộ tỉnh" and row["value"] == "7" and row["body"] == "Công an thị xã Việt Yên"


def test_a_tally_figure_computed_alone_is_the_sum_of_its_records(province_staff):
    save(province_staff, "ca-218", "2019-Q2", participants=(30000, True))
    save(province_staff, "ca-222", "2019-Q3", participants=Decimal("120.5"))
    assert set(KEYS) <= set(figure_keys())
    assert_figures_are_their_records(["propaganda.participants", "propaganda.sessions"], area=area("24"),
                                     start=START, end=END)
