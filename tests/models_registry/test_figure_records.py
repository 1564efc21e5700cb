"""Every figure of the models registry is what its records make: for random models, participants and pilot sites,
figures_compute gives, for every key, the number of the records figure_records lists (models, or units each once)."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antqcore.stats import figure_from_records, figure_keys, figure_records, figures_compute
from models_registry.models import ModelType
from models_registry.services import activity_record, model_create, model_eliminate, pilot_select
from tests.conftest import area
from tests.units.factories import commune_of, make_unit

pytestmark = pytest.mark.django_db
D = datetime.date
TYPES = ["self_managed", "border_cluster", "linked_cluster", "area_cluster", "safety_belt_cluster", "safe_unit",
         "linkage"]
SUBTYPE = {"agency": "state_agency", "enterprise": "private_enterprise", "school": "upper_secondary"}
DISTRICTS = ("222", "218")
maybe_after = st.none() | st.integers(0, 1500)

units = st.lists(st.tuples(st.sampled_from(DISTRICTS), st.sampled_from(sorted(SUBTYPE)), st.booleans()),
                 min_size=1, max_size=5)
models = st.lists(st.fixed_dictionaries({
    "type": st.sampled_from(TYPES), "district": st.sampled_from(DISTRICTS),
    "established": st.dates(D(2012, 1, 1), D(2020, 12, 31)), "regulation": maybe_after, "launch": maybe_after,
    "pilot": maybe_after, "eliminated": maybe_after, "activities": st.lists(st.integers(0, 1500), max_size=2),
    "participants": st.sets(st.integers(0, 4), max_size=3),
}), max_size=6)
pilots = st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["Kế hoạch 61", "Kế hoạch 97"]),
                            st.dates(D(2013, 1, 1), D(2020, 12, 31))), max_size=4, unique_by=lambda p: p[:2])
periods = st.tuples(st.dates(D(2013, 1, 1), D(2020, 12, 31)), st.integers(0, 2500))


def build(unit_specs, model_specs, pilot_specs):
    made = []
    for district, kind, fdi in unit_specs:
        fdi = fdi and kind == "enterprise"
        made.append(make_unit(district, kind=kind, subtype="fdi_enterprise" if fdi else SUBTYPE[kind],
                              investor_country="Hàn Quốc" if fdi else ""))
    for n, spec in enumerate(model_specs):
        established = spec["established"]

        def after(days, since=established):
            return None if days is None else since + datetime.timedelta(days=days)

        model = model_create(data={
            "name": f"Mô hình {n}", "type": ModelType.objects.get(code=spec["type"]),
            "area": commune_of(spec["district"]), "established_on": established,
            "regulation_on": after(spec["regulation"]), "launched_on": after(spec["launch"]),
            "is_pilot": spec["pilot"] is not None, "pilot_since": after(spec["pilot"]),
        }, participants=[made[i] for i in spec["participants"] if i < len(made)])
        for days in spec["activities"]:
            activity_record(model=model, kind="briefing", date=after(days))
        if spec["eliminated"] is not None:
            model_eliminate(model=model, on=after(spec["eliminated"]), reason="Không duy trì")
    for index, plan, day in pilot_specs:
        if index < len(made):
            pilot_select(unit=made[index], plan=plan, selected_on=day)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(unit_specs=units, model_specs=models, pilot_specs=pilots, period=periods)
def test_every_models_figure_is_the_number_of_its_records(unit_specs, model_specs, pilot_specs, period):
    keys = [k for k in figure_keys() if k.startswith("models.")]
    start = period[0]
    end = min(start + datetime.timedelta(days=period[1]), D(2021, 6, 30))
    with transaction.atomic():
        build(unit_specs, model_specs, pilot_specs)
        for code in ("24", "222", "218"):
            where = area(code, on=end)
            computed = figures_compute(area=where, start=start, end=end, keys=keys)
            for key in keys:
                records = figure_records(key, area=where, start=start, end=end)
                assert computed[key] == figure_from_records(key, area=where, start=start, end=end), (key, code)
                assert computed[key] == records.count() == len({r.pk for r in records}), (key, code)
        transaction.set_rollback(True)


def test_a_unit_in_two_models_counts_once_and_only_models_of_the_area_and_period_count():
    unit = make_unit("222")
    for name in ("Tự quản 1", "Tự quản 2"):
        model_create(data={"name": name, "type": ModelType.objects.get(code="self_managed"),
                           "area": commune_of("222"), "established_on": D(2016, 1, 1)}, participants=[unit])
    elsewhere = make_unit("218")
    model_create(data={"name": "Tự quản Lục Nam", "type": ModelType.objects.get(code="self_managed"),
                       "area": commune_of("218"), "established_on": D(2016, 1, 1)}, participants=[elsewhere])
    late = make_unit("222")
    model_create(data={"name": "Tự quản muộn", "type": ModelType.objects.get(code="self_managed"),
                       "area": commune_of("222"), "established_on": D(2020, 1, 1)}, participants=[late])
    start, end = D(2014, 8, 15), D(2019, 9, 30)
    records = figure_records("models.participants.enterprise", area=area("222", on=end), start=start, end=end)
    assert list(records) == [unit]
