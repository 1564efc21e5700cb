import datetime

import pytest

from antqcore.stats import figures_compute
from models_registry.models import ModelType
from models_registry.services import model_create, model_eliminate, pilot_select
from tests.conftest import area
from tests.units.factories import commune_of, make_unit

pytestmark = pytest.mark.django_db
D = datetime.date
PERIOD = (D(2014, 8, 15), D(2019, 9, 30))


def figures(keys, code="24"):
    start, end = PERIOD
    return figures_compute(area=area(code, on=end), start=start, end=end, keys=keys)


def make(type_code, **data):
    defaults = {"name": f"Mô hình {type_code}", "type": ModelType.objects.get(code=type_code),
                "area": commune_of("222"), "established_on": D(2016, 1, 1)}
    return model_create(data=defaults | data)


def test_models_maintained_at_the_end_of_the_period_by_type():
    make("self_managed")
    make("self_managed", area=commune_of("218"))
    make("self_managed", established_on=D(2019, 10, 1))  # after the period
    gone = make("self_managed")
    model_eliminate(model=gone, on=D(2018, 5, 1), reason="Hoạt động hình thức, không duy trì giao ban")
    make("border_cluster")
    f = figures(["models.self_managed", "models.border_clusters", "models.eliminated"])
    assert f == {"models.self_managed": 2, "models.border_clusters": 1, "models.eliminated": 1}
    assert figures(["models.self_managed"], code="218") == {"models.self_managed": 1}


def test_new_pilots_by_type_in_the_period():
    make("safe_unit", is_pilot=True, pilot_since=D(2018, 6, 1), pilot_plan="Công văn 1010/UBND-NC")
    make("linkage", is_pilot=True, pilot_since=D(2019, 3, 1))
    make("linkage", is_pilot=True, pilot_since=D(2013, 3, 1), established_on=D(2013, 1, 1))  # before the period
    f = figures(["models.new_pilots", "models.new_pilots.antt_safe", "models.new_pilots.linkage",
                 "models.new_pilots.self_managed"])
    assert f == {"models.new_pilots": 2, "models.new_pilots.antt_safe": 1, "models.new_pilots.linkage": 1,
                 "models.new_pilots.self_managed": 0}


def test_fdi_enterprises_in_linkage_models_and_pilot_units():
    fdi = [make_unit("222", subtype="fdi_enterprise", investor_country="Hàn Quốc") for _ in range(3)]
    local = make_unit("222")
    model_create(data={"name": "Liên kết xã Song Khê", "type": ModelType.objects.get(code="linkage"),
                       "area": commune_of("222"), "established_on": D(2017, 1, 1)}, participants=fdi + [local])
    model_create(data={"name": "Tự quản", "type": ModelType.objects.get(code="self_managed"),
                       "area": commune_of("222"), "established_on": D(2017, 1, 1)}, participants=[fdi[0]])
    pilot_select(unit=local, plan="Kế hoạch 61/KH-CAT-PV28", selected_on=D(2015, 3, 31))
    f = figures(["models.fdi_linkage_participants", "models.pilot_units_2015", "models.participants.enterprise"])
    assert f == {"models.fdi_linkage_participants": 3, "models.pilot_units_2015": 1,
                 "models.participants.enterprise": 4}
