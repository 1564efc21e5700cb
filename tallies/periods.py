"""Reporting periods of the tallies: a month, a quarter or a year, written "2019-Q3" in URLs and the API, and
"Quý 3/2019", "Tháng 07/2019", "Năm 2019" on screen and in sheets (which also accept "Tháng 7/2019", "Quý III/2019",
"Q3/2019", "07/2019", "2019-07")."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from antqcore.text import search_key

from .models import PeriodType

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
PARTS = {PeriodType.MONTH: 12, PeriodType.QUARTER: 4, PeriodType.YEAR: 1}
MONTHS_IN = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.YEAR: 12}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    index: int  # the month (1-12), the quarter (1-4), or 1 for a year
    type: str

    def __post_init__(self):
        if self.type not in PARTS or not 1 <= self.index <= PARTS[self.type] or not 1900 <= self.year <= 2100:
            raise ValueError(f"No such period: {self.type} {self.index}/{self.year}")

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, (self.index - 1) * MONTHS_IN[self.type] + 1, 1)

    @property
    def end(self) -> datetime.date:
        month = self.index * MONTHS_IN[self.type]
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def key(self) -> str:
        if self.type == PeriodType.QUARTER:
            return f"{self.year}-Q{self.index}"
        if self.type == PeriodType.MONTH:
            return f"{self.year}-{self.index:02d}"
        return str(self.year)

    @property
    def label(self) -> str:
        """As the user reads it: "Quý 3/2019", "Tháng 07/2019", "Năm 2019"."""
        if self.type == PeriodType.QUARTER:
            return _("Quarter %(index)s/%(year)s") % {"index": self.index, "year": self.year}
        if self.type == PeriodType.MONTH:
            return _("Month %(index)s/%(year)s") % {"index": f"{self.index:02d}", "year": self.year}
        return _("Year %(year)s") % {"year": self.year}

    @property
    def sheet_label(self) -> str:
        """As an Excel sheet writes it, in Vietnamese whatever the interface language."""
        if self.type == PeriodType.QUARTER:
            return f"Quý {self.index}/{self.year}"
        if self.type == PeriodType.MONTH:
            return f"Tháng {self.index:02d}/{self.year}"
        return f"Năm {self.year}"

    def previous(self) -> "Period":
        if self.index > 1:
            return Period(self.year, self.index - 1, self.type)
        return Period(self.year - 1, PARTS[self.type], self.type)

    def next(self) -> "Period":
        if self.index < PARTS[self.type]:
            return Period(self.year, self.index + 1, self.type)
        return Period(self.year + 1, 1, self.type)

    def __str__(self):
        return self.label


def period_containing(period_type: str, day: datetime.date) -> Period:
    """The period of `period_type` that `day` falls in."""
    return Period(day.year, (day.month - 1) // MONTHS_IN[period_type] + 1, period_type)


def period_starting(period_type: str, start: datetime.date) -> Period:
    """The period of `period_type` beginning on `start`; a day that begins none is refused."""
    period = period_containing(period_type, start)
    if period.start != start:
        raise ValidationError(_("%(date)s is not the first day of a %(type)s.")
                              % {"date": start.strftime("%d/%m/%Y"), "type": PeriodType(period_type).label.lower()})
    return period


def period_parse(text: str) -> Period:
    """A period as people write it. Raises ValidationError with the accepted forms."""
    key = search_key(str(text)).replace(" ", "")
    patterns = [
        (r"(\d{4})-?q([1-4])", PeriodType.QUARTER, 1, 2),
        (r"(?:quy|q)([1-4]|iv|iii|ii|i)[/-](\d{4})", PeriodType.QUARTER, 2, 1),
        (r"(\d{4})-(\d{1,2})", PeriodType.MONTH, 1, 2),
        (r"(?:thang|t)?(\d{1,2})[/-](\d{4})", PeriodType.MONTH, 2, 1),
        (r"(?:nam)?(\d{4})", PeriodType.YEAR, 1, None),
    ]
    for pattern, period_type, year_group, index_group in patterns:
        match = re.fullmatch(pattern, key)
        if not match:
            continue
        index_text = match.group(index_group) if index_group else "1"
        index = ROMAN.get(index_text) or int(index_text)
        try:
            return Period(int(match.group(year_group)), index, period_type)
        except ValueError:
            break
    raise ValidationError(_("Unknown period “%(value)s”: write for example Quý 3/2019, Tháng 7/2019, Năm 2019 or "
                            "2019-Q3.") % {"value": text})


def period_for_type(period_type: str, text: str | None, *, today: datetime.date) -> Period:
    """The period of `period_type` a URL asks for: the one written, or, when it was written as another type (the
    user switched to a body reporting by month), the one of `period_type` containing its start; by default the
    period containing `today`."""
    if text:
        try:
            period = period_parse(text)
        except ValidationError:
            period = None
        if period is not None:
            return period if period.type == period_type else period_containing(period_type, period.start)
    return period_containing(period_type, today)


def periods_between(period_type: str, first: datetime.date, last: datetime.date) -> list[Period]:
    """Every period of `period_type` from the one containing `first` to the one containing `last`, newest first."""
    periods, period = [], period_containing(period_type, last)
    while period.end >= first:
        periods.append(period)
        period = period.previous()
    return periods
