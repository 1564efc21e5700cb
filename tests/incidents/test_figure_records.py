"""Every incident figure is its records (#18): for random registers of incidents (types, days around the period, the
people involved, verification, prosecution), the value of the registry's one aggregate equals the number of the
incidents the figure lists — or the sum of their defendants or people involved — in the province, a district and the
merged province of the new map; an incident of the period is listed, one of the day before and a deleted one are not."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antqcore.stats import figure_keys, figure_records
from incidents.services import incident_delete
from tests.conftest import area
from tests.figure_records_checks import assert_figures_are_their_records
from tests.units.factories import make_unit

from .helpers import TZ, make_incident, recorder

pytestmark = pytest.mark.django_db
D = datetime.date
START, END = D(2019, 1, 1), D(2019, 12, 31)
KEYS = [key for key in figure_keys() if key.startswith(("incidents.", "enforcement."))]
TYPES = ["strike", "fire", "theft", "violation", "economic"]

incidents = st.lists(st.fixed_dictionaries({
    "type_code": st.sampled_from(TYPES), "district": st.sampled_from(["222", "218"]),
    "day": st.integers(-20, (END - START).days + 20), "minute": st.integers(0, 24 * 60 - 1),
    "verified": st.booleans(), "defendants": st.integers(0, 3),
    "people": st.lists(st.integers(0, 3), min_size=5, max_size=5)}), max_size=10)


def record(units, *, type_code, district, day, minute, verified, defendants, people):
    moment = datetime.datetime.combine(START + datetime.timedelta(days=day), datetime.time(), tzinfo=TZ)
    cadres, public_employees, workers, students, outsiders = people
    return make_incident(type_code, unit=units[district], occurred_at=moment + datetime.timedelta(minutes=minute),
                         verified=verified, prosecuted=defendants > 0, defendants=defendants, cadres=cadres,
                         public_employees=public_employees, workers=workers, students=students, outsiders=outsiders)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=incidents, day=st.integers(0, (END - START).days))
def test_every_incident_figure_is_its_records(rows, day):
    units = {"222": make_unit("222"), "218": make_unit("218")}
    for row in rows:
        record(units, **row)
    probe = {"type_code": "theft", "district": "222", "verified": True, "defendants": 1, "people": [1, 0, 0, 0, 0]}
    inside = record(units, day=day, minute=0, **probe)
    the_day_before = record(units, day=-1, minute=24 * 60 - 1, **probe)  # 31/12/2018 23:59, local time
    deleted = record(units, day=day, minute=1, **probe)
    incident_delete(incident=deleted, actor=recorder())
    for where in (area("24"), area("222"), area("218"), area("24", D(2025, 9, 1))):
        assert_figures_are_their_records(KEYS, area=where, start=START, end=END)
    for key in ("incidents.thefts", "enforcement.cases_verified", "enforcement.defendants_prosecuted"):
        listed = set(figure_records(key, area=area("222"), start=START, end=END).values_list("pk", flat=True))
        assert inside.pk in listed and the_day_before.pk not in listed and deleted.pk not in listed, key
    in_luc_nam = set(figure_records("incidents.thefts", area=area("218"), start=START, end=END)
                     .values_list("pk", flat=True))
    assert inside.pk not in in_luc_nam
