"""The coordination app's figures: agreements in force at the end of the period by police side, inspections in the
period by inspecting body, each counted inside the area asked for, by one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antqcore.stats import figure_get, figures_compute
from tests.conftest import area, client_for
from tests.units.factories import make_unit

from .factories import D, make_agreement, make_inspection, make_provincial_agreement

pytestmark = pytest.mark.django_db
START, END = D(2014, 8, 15), D(2019, 9, 30)
COORDINATION = ["coordination.total", "coordination.provincial_police", "coordination.local_police"]
INSPECTIONS = ["inspections.district_committees", "inspections.standing_agency", "inspections.inter_agency"]


def test_agreements_count_when_in_force_on_the_last_day_of_the_period():
    make_provincial_agreement()  # since 2014, still in force
    viet_yen = make_unit("222")
    make_agreement(viet_yen, signed_on=END)  # signed on the last day: counts
    make_agreement(viet_yen, signed_on=D(2019, 10, 1))  # the day after: does not
    make_agreement(viet_yen, status="expired", ended_on=END)  # ended on the last day: no longer in force
    make_agreement(viet_yen, status="expired", ended_on=D(2020, 12, 31))  # expired since: counted in 2019
    make_agreement(make_unit("218"), police_unit_name="Công an huyện Lục Nam")
    figures = figures_compute(area=area("24"), start=START, end=END, keys=COORDINATION)
    assert figures == {"coordination.total": 4, "coordination.provincial_police": 1, "coordination.local_police": 3}
    # Today the one that expired in 2020 no longer counts, and the one signed after the period does.
    today = figures_compute(area=area("24"), start=START, end=D(2021, 1, 1), keys=["coordination.local_police"])
    assert today == {"coordination.local_police": 3}
    # A district counts its own police's agreements, not the province's.
    assert figures_compute(area=area("222"), start=START, end=END, keys=COORDINATION) == {
        "coordination.total": 2, "coordination.provincial_police": 0, "coordination.local_police": 2}


def test_inspections_count_in_the_period_by_inspecting_body_in_the_units_area():
    viet_yen, luc_nam = make_unit("222", started_on=D(2010, 1, 1)), make_unit("218", started_on=D(2010, 1, 1))
    make_inspection(viet_yen, inspected_on=START)
    make_inspection(viet_yen, inspected_on=END, inspecting_body="standing_agency")
    make_inspection(viet_yen, inspected_on=D(2014, 8, 14))
    make_inspection(viet_yen, inspected_on=D(2019, 10, 1), inspecting_body="standing_agency")
    make_inspection(luc_nam, inspected_on=D(2016, 5, 5), inspecting_body="inter_agency")
    make_inspection(luc_nam, inspected_on=D(2016, 5, 6), inspecting_body="standing_agency")
    assert figures_compute(area=area("24"), start=START, end=END, keys=INSPECTIONS) == {
        "inspections.district_committees": 1, "inspections.standing_agency": 2, "inspections.inter_agency": 1}
    assert figures_compute(area=area("222"), start=START, end=END, keys=INSPECTIONS) == {
        "inspections.district_committees": 1, "inspections.standing_agency": 1, "inspections.inter_agency": 0}


def test_each_figure_is_one_query_and_all_six_share_two(province_staff, settings):
    settings.ANTQ_FIGURE_CACHE = False  # the computation itself, past the figure cache (antqcore.figure_cache)
    make_provincial_agreement()
    make_inspection()
    province = area("24")
    for key in COORDINATION + INSPECTIONS:
        with CaptureQueriesContext(connection) as ctx:
            figure_get(key).func(province, START, END)
        assert len(ctx) <= 2, key  # the area's coverage, then the aggregate
        assert figure_get(key).label
    # Within one computation the three coordination figures read one aggregate, the three inspection figures another.
    with CaptureQueriesContext(connection) as ctx:
        figures_compute(area=province, start=START, end=END, keys=COORDINATION + INSPECTIONS)
    assert len(ctx) <= 3


def test_the_stats_endpoint_serves_them(province_staff):
    make_provincial_agreement()
    r = client_for(province_staff).get("/api/v1/stats/", {"area": "24", "from": "2014-08-15", "to": "2019-09-30",
                                                          "keys": ",".join(COORDINATION)})
    assert r.status_code == 200
    assert r.json()["figures"] == {"coordination.total": 1, "coordination.provincial_police": 1,
                                   "coordination.local_police": 0}
