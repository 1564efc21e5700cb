import datetime

import pytest

from antqcore.stats import figures_compute
from tests.certification.helpers import recognize, walk_to_appraised
from tests.conftest import area
from tests.units.factories import make_unit

pytestmark = pytest.mark.django_db
KEYS = ["certification.province.antt_safe", "certification.district.antt_safe", "certification.province.drug_free",
        "certification.district.drug_free", "certification.longest_streak_years",
        "certification.registered_not_recognized", "certification.coverage_percent"]


def figures(start="2014-08-15", end="2019-09-30", code="24"):
    start, end = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    return figures_compute(area=area(code, on=end), start=start, end=end, keys=KEYS)


def test_recognitions_count_once_per_unit_and_year_by_level_scheme_and_decision_date():
    a, b = make_unit("222"), make_unit("218")
    for year in (2016, 2017):
        recognize(walk_to_appraised(a, year=year), year=year, number=f"{year}/QĐ")
    recognize(walk_to_appraised(b, year=2017), level="district", year=2017, number="D17")
    recognize(walk_to_appraised(b, year=2017, scheme="drug_free"), year=2017, number="M17")
    recognize(walk_to_appraised(b, year=2019), year=2019, number="late", date=datetime.date(2019, 12, 20))
    f = figures()
    assert f["certification.province.antt_safe"] == 2  # the December 2019 decision is after the period
    assert f["certification.district.antt_safe"] == 1
    assert f["certification.province.drug_free"] == 1
    assert f["certification.district.drug_free"] == 0
    assert figures(code="222")["certification.province.antt_safe"] == 2


def test_the_longest_streak_counts_consecutive_campaign_years():
    steady, gappy = make_unit("222"), make_unit("218")
    for year in range(2012, 2018):
        recognize(walk_to_appraised(steady, year=year), year=year, number=f"S{year}",
                  date=datetime.date(year + 1, 1, 20))
    for year in (2012, 2013, 2015, 2016, 2017, 2018, 2019):
        recognize(walk_to_appraised(gappy, year=year), year=year, number=f"G{year}",
                  date=datetime.date(year, 12, 1))
    # gappy: 2015–2019 is 5 years, but the 2019 decision (01/12/2019) falls after the period.
    assert figures()["certification.longest_streak_years"] == 6
    assert figures(end="2020-06-30")["certification.longest_streak_years"] == 6
    assert figures(code="218", end="2020-06-30")["certification.longest_streak_years"] == 5


def test_registered_not_recognized_and_coverage():
    units = [make_unit("222") for _ in range(4)]
    recognize(walk_to_appraised(units[0], year=2019), year=2019, date=datetime.date(2019, 12, 1))
    walk_to_appraised(units[1], year=2019)
    f = figures(start="2019-01-01", end="2019-12-31", code="222")
    assert f["certification.registered_not_recognized"] == 1
    assert f["certification.coverage_percent"] == 25.0
