"""Numbers, dates and periods written the Vietnamese administrative way, as the seed report writes them."""

import datetime
from decimal import Decimal

import pytest

from antqcore.stats import MoreThan
from reports.formatting import (
    format_date,
    format_date_citation,
    format_date_long,
    format_figure,
    format_number,
    format_padded,
    format_percent,
    format_period,
)


@pytest.mark.parametrize(("value", "written"), [
    (0, "0"), (7, "7"), (1575, "1.575"), (145554, "145.554"), (147000000, "147.000.000"), (-1234, "-1.234"),
    (14.66, "14,66"), (2.5, "2,5"), (3.0, "3"), (Decimal("1234.567"), "1.234,57"), (1000000.125, "1.000.000,13"),
])
def test_numbers_have_dots_for_thousands_and_a_comma_for_decimals(value, written):
    assert format_number(value) == written


def test_a_percentage_has_a_decimal_comma():
    assert format_percent(14.66) == "14,66%"
    assert format_percent(50) == "50%"


@pytest.mark.parametrize(("value", "written"), [(5, "05"), (1, "01"), (0, "00"), (9, "09"), (10, "10"),
                                                 (1575, "1.575"), (2.5, "2,5")])
def test_small_counts_are_padded_with_a_zero(value, written):
    assert format_padded(value) == written


def test_a_figure_known_only_as_more_than_says_so_with_the_seeds_word():
    assert format_figure(MoreThan(80000), True) == "trên 80.000"
    assert format_figure(3500, True, more_word="hơn") == "hơn 3.500"
    assert format_figure(3, False, pad=True) == "03"
    assert format_figure(None) == "—"


def test_amounts_can_be_written_in_millions():
    assert format_figure(147000000, True, scale="million") == "trên 147 triệu"
    assert format_figure(147500000, False, scale="million") == "147,5 triệu"


def test_dates_are_written_as_decree_30_says():
    assert format_date_long(datetime.date(2019, 9, 30)) == "ngày 30 tháng 9 năm 2019"
    assert format_date_long(datetime.date(2019, 9, 5)) == "ngày 05 tháng 9 năm 2019"
    assert format_date_long(datetime.date(2019, 1, 22)) == "ngày 22 tháng 01 năm 2019"
    assert format_date_citation(datetime.date(2018, 4, 4)) == "04/4/2018"
    assert format_date_citation(datetime.date(2019, 2, 15)) == "15/02/2019"
    assert format_date(datetime.date(2019, 9, 5)) == "05/09/2019"


@pytest.mark.parametrize(("start", "end", "name"), [
    ((2019, 1, 1), (2019, 12, 31), "năm 2019"),
    ((2019, 1, 1), (2019, 6, 30), "6 tháng đầu năm 2019"),
    ((2019, 7, 1), (2019, 12, 31), "6 tháng cuối năm 2019"),
    ((2019, 1, 1), (2019, 9, 30), "9 tháng đầu năm 2019"),
    ((2019, 7, 1), (2019, 9, 30), "quý III năm 2019"),
    ((2020, 1, 1), (2020, 3, 31), "quý I năm 2020"),
    ((2014, 8, 15), (2019, 9, 30), "từ ngày 15/8/2014 đến ngày 30/9/2019"),
    ((2018, 11, 16), (2019, 11, 15), "từ ngày 16/11/2018 đến ngày 15/11/2019"),
])
def test_a_period_is_named_as_reports_name_it(start, end, name):
    assert format_period(datetime.date(*start), datetime.date(*end)) == name
