"""Shared fixtures and helpers of the tallies' tests."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.translation import trans_real

from activities.catalogue import catalogue_load
from activities.models import Indicator, ReportingBody
from activities.periods import period_parse
from activities.services.tallies import Cell, tally_save
from antqcore.models import Area

PENDING = Path(__file__).resolve().parents[2] / "locale" / "pending" / "tallies.json"


@pytest.fixture
def vietnamese_of_tallies():
    """The part's Vietnamese waits in locale/pending/tallies.json until it is merged into locale/vi; meanwhile the
    tests lend it to the Vietnamese catalogue, so that they read what users will read. Once merged (or the file
    gone) this adds nothing."""
    catalog = trans_real.translation("vi")._catalog
    pending = json.loads(PENDING.read_text(encoding="utf-8")) if PENDING.exists() else {}
    added = [msgid for msgid in pending if msgid not in catalog]
    for msgid in added:
        catalog[msgid] = pending[msgid]
    yield
    for msgid in added:
        catalog._catalogs[0].pop(msgid, None)


@pytest.fixture
def catalogue(db):
    """The shipped catalogue with its bodies: the migration ran before the test areas were loaded, so it could
    create the indicators only."""
    return load_catalogue()


def load_catalogue():
    return catalogue_load(indicator_model=Indicator, body_model=ReportingBody, area_model=Area)


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
                      user=user)
