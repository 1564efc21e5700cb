import datetime

import pytest
from django.core.exceptions import ValidationError

from tallies.periods import Period, period_for_type, period_parse, periods_between


@pytest.mark.parametrize(("text", "key"), [
    ("2019-Q3", "2019-Q3"), ("Quý 3/2019", "2019-Q3"), ("quy III/2019", "2019-Q3"), ("Q3/2019", "2019-Q3"),
    ("Tháng 7/2019", "2019-07"), ("Tháng 07/2019", "2019-07"), ("07/2019", "2019-07"), ("2019-07", "2019-07"),
    ("Năm 2019", "2019"), ("2019", "2019"),
])
def test_periods_are_read_as_people_write_them(text, key):
    assert period_parse(text).key == key


@pytest.mark.parametrize("text", ["Quý 5/2019", "Tháng 13/2019", "2019-Q", "mùa hè"])
def test_a_period_that_does_not_exist_is_refused_with_examples(text):
    with pytest.raises(ValidationError) as caught:
        period_parse(text)
    assert "Quý 3/2019" in caught.value.messages[0]


def test_a_period_has_its_dates_label_and_neighbours():
    quarter = Period(2019, 3, "quarter")
    assert (quarter.start, quarter.end) == (datetime.date(2019, 7, 1), datetime.date(2019, 9, 30))
    assert (quarter.label, quarter.sheet_label) == ("Quý 3/2019", "Quý 3/2019")
    assert quarter.previous().key == "2019-Q2" and Period(2019, 1, "quarter").previous().key == "2018-Q4"
    february = Period(2020, 2, "month")
    assert (february.end, february.label) == (datetime.date(2020, 2, 29), "Tháng 02/2020")
    assert Period(2019, 1, "year").label == "Năm 2019"


def test_a_url_period_of_another_type_becomes_the_bodys_type():
    today = datetime.date(2019, 11, 5)
    assert period_for_type("month", "2019-Q3", today=today).key == "2019-07"
    assert period_for_type("year", "2019-Q3", today=today).key == "2019"
    assert period_for_type("quarter", None, today=today).key == "2019-Q4"
    assert period_for_type("quarter", "rubbish", today=today).key == "2019-Q4"


def test_periods_between_lists_newest_first():
    keys = [p.key for p in periods_between("quarter", datetime.date(2014, 8, 15), datetime.date(2015, 2, 1))]
    assert keys == ["2015-Q1", "2014-Q4", "2014-Q3"]
