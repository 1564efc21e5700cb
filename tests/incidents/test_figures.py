"""The registry's figures: what each counts, the period's edges, the area on either map, and the number of queries
(bounded whatever the number of incidents)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antqcore.stats import figures_compute
from incidents.figures import PARTS
from incidents.services import incident_delete
from tests.conftest import area, client_for
from tests.units.factories import commune_of, make_unit

from .helpers import at, make_incident, recorder

pytestmark = pytest.mark.django_db
START, END = datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)
KEYS = list(PARTS)


def figures(area_code: str = "24", start=START, end=END, on=None) -> dict:
    return figures_compute(area=area(area_code, on or end), start=start, end=end, keys=KEYS)


def test_each_figure_counts_what_its_name_says():
    unit = make_unit("222")
    make_incident("strike", unit=unit, workers=200, verified=True)
    make_incident("fire", unit=unit, damage_vnd=20_000_000)
    make_incident("theft", unit=unit, outsiders=1, verified=True, prosecuted=True, defendants=2)
    make_incident("violation", unit=unit, workers=2)
    make_incident("violation", unit=unit, students=1, outsiders=3)
    make_incident("violation", unit=unit, outsiders=2, verified=True)  # only outsiders: not by members
    make_incident("economic", unit=unit, cadres=2, outsiders=3, prosecuted=True, defendants=1, verified=True)
    make_incident("economic", unit=unit, public_employees=1, workers=1)
    make_incident("work_accident", unit=unit, workers=1, injuries=1, verified=True)
    assert figures() == {
        "incidents.strikes": 1, "incidents.fires": 1, "incidents.thefts": 1, "incidents.violations": 3,
        "incidents.violations_by_members": 2, "enforcement.cases_verified": 5,
        "enforcement.defendants_prosecuted": 3, "enforcement.economic_cases": 2,
        "enforcement.economic_subjects": 7,
    }


def test_an_empty_area_counts_zero_everywhere():
    assert set(figures().values()) == {0}


def test_the_periods_first_and_last_days_count_in_local_time():
    unit = make_unit("222")
    for moment in [at("2018-12-31", "23:59"), at("2019-01-01", "00:00"), at("2019-12-31", "23:59"),
                   at("2020-01-01", "00:00")]:
        make_incident("theft", unit=unit, occurred_at=moment)
    assert figures()["incidents.thefts"] == 2


def test_deleted_incidents_do_not_count():
    unit = make_unit("222")
    make_incident("fire", unit=unit)
    incident_delete(incident=make_incident("fire", unit=unit), actor=recorder())
    assert figures()["incidents.fires"] == 1


def test_the_area_is_counted_with_its_subtree_and_on_the_new_map():
    make_incident("strike", unit=make_unit("222"), workers=50)
    make_incident("strike", unit=make_unit("218"), workers=50)
    make_incident("strike", area=area("218"))  # recorded on the district itself
    assert figures("24")["incidents.strikes"] == 3
    assert figures("222")["incidents.strikes"] == 1
    assert figures("218")["incidents.strikes"] == 2
    assert figures(commune_of("222").code)["incidents.strikes"] == 1
    # The 2026 province 24 (Bắc Ninh, which took in Bắc Giang) covers the 2019 incidents.
    assert figures("24", start=START, end=datetime.date(2026, 1, 31))["incidents.strikes"] == 3


def test_the_stats_endpoint_serves_the_figures(province_staff):
    make_incident("theft", unit=make_unit("222"))
    r = client_for(province_staff).get("/api/v1/stats/", {"area": "24", "from": "2019-01-01", "to": "2019-12-31",
                                                         "keys": "incidents.thefts,enforcement.cases_verified"})
    assert r.json()["figures"] == {"incidents.thefts": 1, "enforcement.cases_verified": 0}


def test_the_figures_take_a_bounded_number_of_queries(settings):
    """Inside one computation the nine figures share one aggregate query, plus one for the area's coverage: the same
    with 3 incidents as with 60."""
    settings.ANTQ_FIGURE_CACHE = False  # the computation itself, past the figure cache (antqcore.figure_cache)
    unit = make_unit("222")

    def queries() -> int:
        province = area("24")
        with CaptureQueriesContext(connection) as captured:
            figures_compute(area=province, start=START, end=END, keys=KEYS)
        return len(captured)

    for _ in range(3):
        make_incident("theft", unit=unit)
    few = queries()
    for code in ["strike", "fire", "violation", "economic"] * 15:
        make_incident(code, unit=unit, workers=1)
    assert queries() == few == 2
    with CaptureQueriesContext(connection) as captured:
        figures_compute(area=area("24"), start=START, end=END, keys=["incidents.thefts"])
    aggregates = [q["sql"] for q in captured if "incidents_incident" in q["sql"]]
    assert len(aggregates) == 1 and aggregates[0].count("COUNT(") >= 6
