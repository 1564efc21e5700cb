"""Shared fixtures and helpers of the tallies' tests."""

from decimal import Decimal

import pytest

from tallies.catalogue import catalogue_load
from tallies.models import ReportingBody
from tallies.periods import period_parse
from tallies.services import Cell, tally_save


@pytest.fixture
def catalogue(db):
    """The shipped catalogue with its bodies: the migration ran before the test areas were loaded, so it could
    create the indicators only."""
    return load_catalogue()


def load_catalogue():
    return catalogue_load()


def body(code: str) -> ReportingBody:
    return ReportingBody.objects.select_related("area").get(code=code)


def save(user, body_code: str, period_key: str, **values):
    """Saves a grid: values as numbers, or (number, more_than) pairs, or None to clear."""
    period = period_parse(period_key)
    cells = {}
    for code, value in values.items():
        if value is None:
            cells[code] = Cell(None)
        elif isinstance(value, tuple):
            cells[code] = Cell(Decimal(value[0]), value[1])
        else:
            cells[code] = Cell(Decimal(value))
    return tally_save(body=body(body_code), period_type=period.type, period_start=period.start, values=cells,
                      actor=user)
