"""How a sheet's column is described (Column) and how a cell is read: the kinds every registry has (whole and
decimal numbers as Vietnamese write them, dates as dd/mm/yyyy, yes/no, choices by label or code). The sheet's headers
and labels are fixed Vietnamese text; the messages are translated as usual."""

import datetime
import decimal
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..text import search_key

YES, NO = "Có", "Không"
BLANKS = {"int": 0, "bool": False, "text": "", "decimal": 0}  # other kinds: None


@dataclass(frozen=True, eq=False)
class Column:
    header: str
    field: str
    kind: str = "text"  # text, int, decimal, year, date, datetime, bool, choice, id, or a registry's own kind
    required: bool = False
    labels: dict | None = None  # choice columns: code -> label written in the sheet
    help: str = ""
    width: int = 16
    default: Any = None  # what an empty cell means, when not the kind's usual blank


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour, value.minute) != (0, 0) else value.strftime(
            "%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_int(value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", text):  # 1.200 as Vietnamese write thousands
        text = re.sub(r"[.,]", "", text)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", text):
        return int(text)
    raise ValidationError(_("Give a whole number."))


def to_decimal(value) -> decimal.Decimal:
    """A number as Vietnamese write it: 1.500.000 or 1.500.000,5; a number cell as Excel stores it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return decimal.Decimal(str(value))
    text = str(value).replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text) or re.fullmatch(r"-?\d+,\d+", text):
        text = text.replace(".", "").replace(",", ".")
    try:
        return decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValidationError(_("Give a number.")) from None


def to_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(str(value).strip(), pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("Write the date as dd/mm/yyyy."))


def to_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    key = search_key(str(value))
    if key in ("co", "x", "1", "true"):
        return True
    if key in ("khong", "0", "false"):
        return False
    raise ValidationError(_("Write %(yes)s or %(no)s.") % {"yes": YES, "no": NO})


def to_choice(column: Column, text: str):
    by_key = {search_key(label): code for code, label in column.labels.items()} | {
        str(code): code for code in column.labels}
    if search_key(text) not in by_key:
        raise ValidationError(_("Unknown value “%(value)s”: see the accepted values in the guide sheet.")
                              % {"value": text})
    return by_key[search_key(text)]


def parse_common(column: Column, raw, model=None):
    """The kinds every registry has. Returns NotImplemented for a registry's own kinds. `model` (a Django model
    class) lends its field validators (lengths, e-mail) to text and number cells."""
    if is_blank(raw):
        if column.required:
            raise ValidationError(_("This column is required."))
        return column.default if column.default is not None else BLANKS.get(column.kind)
    text = display(raw).strip()
    if column.kind == "text":
        if model is not None:
            model._meta.get_field(column.field).run_validators(text)
        return text
    if column.kind in ("int", "decimal"):
        number = to_int(raw) if column.kind == "int" else to_decimal(raw)
        if number >= 0 and model is not None:  # a negative count is the registry rule's to report
            model._meta.get_field(column.field).run_validators(number)
        return number
    if column.kind == "year":
        year = to_int(raw)
        if not 1900 <= year <= 2100:
            raise ValidationError(_("Give a year such as 2025."))
        return year
    if column.kind == "date":
        return to_date(raw)
    if column.kind == "bool":
        return to_bool(raw)
    if column.kind == "choice":
        return to_choice(column, text)
    return NotImplemented
