"""Numbers and dates written the Vietnamese administrative way, as the seed report writes them.

Thousands are separated by "." and decimals by "," (1.575; 145.554; 14,66%); small counts are padded with a leading
zero where the document pads them ("06 khu công nghiệp", "03 bị can"); a figure known only as "more than N" is
written "trên N" (or "hơn N"). Dates follow Decree 30/2020: "ngày 05 tháng 9 năm 2019" — the day under 10 and the
months January and February with a leading zero."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

THOUSANDS = "."
DECIMAL = ","
MORE_THAN_WORD = "trên"
# Scales for large amounts ("trên 147 triệu đồng").
SCALES = {"thousand": (Decimal(1_000), "nghìn"), "million": (Decimal(1_000_000), "triệu"),
          "billion": (Decimal(1_000_000_000), "tỷ")}


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return THOUSANDS.join(groups)


def format_number(value: int | float | Decimal, decimals: int = 2) -> str:
    """1575 → "1.575"; 14.66 → "14,66"; 2.50 → "2,5": at most `decimals` decimals, trailing zeros dropped."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    return sign + _group(whole) + (DECIMAL + fraction if fraction else "")


def format_percent(value: int | float | Decimal, decimals: int = 2) -> str:
    """14.66 → "14,66%"."""
    return format_number(value, decimals) + "%"


def format_padded(value: int | float | Decimal) -> str:
    """Counts under 10 with a leading zero, as official documents write them: 5 → "05"; 1575 → "1.575"."""
    number = Decimal(str(value))
    if number == number.to_integral_value() and 0 <= number < 10:
        return f"{int(number):02d}"
    return format_number(value)


def format_figure(value, more_than: bool = False, pad: bool = False, *, more_word: str = MORE_THAN_WORD,
                  scale: str | None = None) -> str:
    """A figure as a report prints it: 80000 known as "more than" → "trên 80.000"; 3 padded → "03";
    147000000 "more than" in millions → "trên 147 triệu"."""
    if value is None:
        return "—"
    suffix = ""
    if scale:
        divisor, word = SCALES[scale]
        value = Decimal(str(value)) / divisor
        suffix = " " + word
    text = format_padded(value) if pad else format_number(value)
    return (f"{more_word} " if more_than else "") + text + suffix


def format_date(day: datetime.date) -> str:
    """dd/mm/yyyy: 30/09/2019."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _day_month(day: datetime.date) -> tuple[str, str]:
    return f"{day.day:02d}", (f"{day.month:02d}" if day.month < 3 else str(day.month))


def format_date_long(day: datetime.date) -> str:
    """The place-and-date line's form (Decree 30/2020): "ngày 05 tháng 9 năm 2019", "ngày 22 tháng 01 năm 2019"."""
    d, m = _day_month(day)
    return f"ngày {d} tháng {m} năm {day.year}"


def format_date_citation(day: datetime.date) -> str:
    """The form used when citing a document in the text: "04/4/2018", "22/01/2019"."""
    d, m = _day_month(day)
    return f"{d}/{m}/{day.year}"


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def format_period(start: datetime.date, end: datetime.date) -> str:
    """How a report names its period: "năm 2019", "6 tháng đầu năm 2019", "9 tháng đầu năm 2019", "quý III năm 2019",
    else "từ ngày 15/8/2014 đến ngày 30/9/2019"."""
    whole_months = start.day == 1 and end == _month_end(end.year, end.month) and start.year == end.year
    if whole_months:
        first, last = start.month, end.month
        if (first, last) == (1, 12):
            return f"năm {end.year}"
        if (first, last) == (1, 6):
            return f"6 tháng đầu năm {end.year}"
        if (first, last) == (7, 12):
            return f"6 tháng cuối năm {end.year}"
        if (first, last) == (1, 9):
            return f"9 tháng đầu năm {end.year}"
        if last - first == 2 and first % 3 == 1:
            return f"quý {['I', 'II', 'III', 'IV'][first // 3]} năm {end.year}"
    return f"từ ngày {format_date_citation(start)} đến ngày {format_date_citation(end)}"
