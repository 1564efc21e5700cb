"""The register's figures: what counts (grantor, form, recipient, the decision date in the period, the area), by one
aggregate query, and the list's counts."""

import datetime

import pytest

from antqcore.stats import figures_compute
from commendations.models import Commendation
from commendations.selectors import commendation_breakdown, commendation_counts
from tests.conftest import area, client_for
from tests.units.factories import make_unit

from .factories import D, make_commendation, make_medal

pytestmark = pytest.mark.django_db
START, END = D(2014, 8, 15), D(2019, 9, 30)
KEYS = ["collective", "individual", "ministry_flag", "province_flag", "ministry_merit_collective",
        "province_merit_collective", "province_merit_individual", "police_director_collective",
        "police_director_individual", "medal_individual"]


def commendation_figures(*, area, start, end) -> dict[str, int]:
    """The register's figures by their short keys."""
    figures = figures_compute(area=area, start=start, end=end, keys=[f"commendations.{k}" for k in KEYS])
    return {key.removeprefix("commendations."): value for key, value in figures.items()}


def person(**extra):
    return {"recipient_kind": "individual", "person_name": "Trần Thị Mai", "birth_year": 1982} | extra


@pytest.fixture
def register(db):
    viet_yen, luc_nam = make_unit("222"), make_unit("218")
    make_commendation(viet_yen, form="emulation_flag", grantor="ministry")
    make_commendation(viet_yen, form="emulation_flag", grantor="province_chairman")
    make_commendation(luc_nam, form="certificate_of_merit", grantor="ministry")
    make_commendation(viet_yen, form="certificate_of_merit", grantor="province_chairman")
    make_commendation(viet_yen, form="certificate_of_merit", grantor="province_chairman", **person())
    make_commendation(luc_nam, form="certificate_of_commendation", grantor="police_director")
    make_commendation(viet_yen, **person(person_name="Lê Văn Hùng"))
    make_commendation(luc_nam, **person(person_name="Giáp Văn Sơn"), decision_date=START)  # the first day counts
    make_medal(viet_yen)
    make_medal(luc_nam, person_name="Thân Đức Long", decision_date=END)  # the last day counts
    # Not in the seed's counts: district chairmen, decisions outside the period.
    make_commendation(viet_yen, grantor="district_chairman")
    make_commendation(viet_yen, grantor="commune_chairman", **person(person_name="Ngô Thị Hà"))
    make_commendation(luc_nam, decision_date=START - datetime.timedelta(days=1))
    make_medal(luc_nam, person_name="Hà Văn Nam", decision_date=END + datetime.timedelta(days=1))
    make_commendation(viet_yen, form="other", other_form="Huy hiệu", grantor="ministry")
    return viet_yen, luc_nam


def test_each_figure_counts_its_form_grantor_and_recipient_in_the_period(register):
    figures = commendation_figures(area=area("24"), start=START, end=END)
    assert figures == {
        "collective": 6, "individual": 3, "ministry_flag": 1, "province_flag": 1, "ministry_merit_collective": 1,
        "province_merit_collective": 1, "province_merit_individual": 1, "police_director_collective": 1,
        "police_director_individual": 2, "medal_individual": 2,
    }


def test_a_district_counts_what_is_counted_in_it(register):
    assert commendation_figures(area=area("218"), start=START, end=END) == dict.fromkeys(KEYS, 0) | {
        "collective": 2, "individual": 1, "ministry_merit_collective": 1, "police_director_collective": 1,
        "police_director_individual": 1, "medal_individual": 1}


def test_all_figures_take_one_aggregate_query(register, django_assert_num_queries, settings):
    settings.ANTQ_FIGURE_CACHE = False  # the computation itself, past the figure cache (antqcore.figure_cache)
    bac_giang = area("24")
    # One query for the areas merged into the province (none on the 2019 map), one for every figure.
    with django_assert_num_queries(2):
        commendation_figures(area=bac_giang, start=START, end=END)


def test_the_statistics_endpoint_serves_them(register, province_staff):
    r = client_for(province_staff).get("/api/v1/stats/", {"area": "24", "from": "2014-08-15", "to": "2019-09-30",
                                                         "keys": ",".join(f"commendations.{k}" for k in KEYS)})
    assert r.status_code == 200
    assert r.json()["figures"]["commendations.collective"] == 6
    assert r.json()["figures"]["commendations.medal_individual"] == 2


def test_the_merged_province_counts_the_old_provinces_commendations(register):
    # Bắc Giang merged into Bắc Ninh on 01/07/2025: a report on the new map still counts 2014–2019.
    new_province = area("24", D(2025, 9, 1))
    assert new_province.name == "Tỉnh Bắc Ninh"
    figures = figures_compute(area=new_province, start=START, end=END, keys=["commendations.collective"])
    assert figures == {"commendations.collective": 6}


def test_the_lists_counts_and_breakdown_follow_the_filtered_rows(register):
    rows = Commendation.objects.all()
    counts = commendation_counts(rows)
    assert (counts["total"], counts["collective"], counts["individual"]) == (15, 8, 7)
    assert (counts["emulation_flag"], counts["certificate_of_merit"], counts["medal"], counts["other"]) == (2, 3, 3, 1)
    assert commendation_counts(rows.filter(form="medal"))["total"] == 3
    breakdown = commendation_breakdown(rows)
    medals = [r for r in breakdown if r["form"] == "medal"]
    assert medals == [{"form": "medal", "grantor": "ministry", "recipient_kind": "individual", "n": 3,
                       "form_label": "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”",
                       "grantor_label": "Bộ Công an (Bộ trưởng)", "recipient_kind_label": "Cá nhân"}]
    assert sum(r["n"] for r in breakdown) == 15
    assert breakdown[0]["form"] == "emulation_flag"  # in the order of the forms, not alphabetically
