"""Every commendations figure is the number of its records (#18): for random registers, the value of the group's
one aggregate equals the count of the records the figure lists, in the province, a district and the merged
province of the new map; and a commendation decided in the period is listed, one decided the day before is not."""

import datetime
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antqcore.stats import figure_keys, figure_records
from commendations.models import AwardForm, Grantor, RecipientKind
from tests.conftest import area
from tests.figure_records_checks import assert_figures_are_their_records
from tests.units.factories import make_unit

from .factories import D, make_commendation

pytestmark = pytest.mark.django_db
START, END = D(2014, 8, 15), D(2019, 9, 30)
KEYS = [key for key in figure_keys() if key.startswith("commendations.")]
_people = itertools.count(1)

commendations = st.lists(st.fixed_dictionaries({
    "form": st.sampled_from(AwardForm.values), "grantor": st.sampled_from(Grantor.values),
    "recipient_kind": st.sampled_from(RecipientKind.values), "district": st.sampled_from(["222", "218"]),
    "day": st.integers(-60, (END - START).days + 60)}), max_size=8)
# A commendation each figure lists: its form, grantor and recipient.
PROBES = {"commendations.ministry_flag": ("emulation_flag", "ministry", "collective"),
          "commendations.police_director_individual": ("certificate_of_commendation", "police_director", "individual"),
          "commendations.medal_individual": ("medal", "ministry", "individual"),
          "commendations.province_merit_collective": ("certificate_of_merit", "province_chairman", "collective")}


def record(units, *, form, grantor, recipient_kind, district, day):
    if form == "medal":  # the services' rules: a medal goes to an individual, from the Minister
        grantor, recipient_kind = "ministry", "individual"
    data = {"form": form, "grantor": grantor, "recipient_kind": recipient_kind,
            "decision_date": START + datetime.timedelta(days=day)}
    if form == "other":
        data["other_form"] = "Huy hiệu"
    if grantor == "other":
        data["other_grantor"] = "Ủy ban MTTQ tỉnh"
    if recipient_kind == "individual":
        data |= {"person_name": f"Nguyễn Văn Thử {next(_people)}", "birth_year": 1980}
    return make_commendation(units[district], **data)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=commendations, probe=st.sampled_from(sorted(PROBES)), day=st.integers(0, (END - START).days))
def test_every_commendations_figure_is_the_number_of_its_records(rows, probe, day):
    units = {"222": make_unit("222"), "218": make_unit("218")}
    for row in rows:
        record(units, **row)
    form, grantor, kind = PROBES[probe]
    inside = record(units, form=form, grantor=grantor, recipient_kind=kind, district="222", day=day)
    before = record(units, form=form, grantor=grantor, recipient_kind=kind, district="222", day=-1)
    for where in (area("24"), area("222"), area("218"), area("24", D(2025, 9, 1))):
        assert_figures_are_their_records(KEYS, area=where, start=START, end=END)
    listed = figure_records(probe, area=area("222"), start=START, end=END)
    assert listed.filter(pk=inside.pk).exists()
    assert not listed.filter(pk=before.pk).exists()
    assert not figure_records(probe, area=area("218"), start=START, end=END).filter(pk=inside.pk).exists()
