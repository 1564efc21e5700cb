import json
from pathlib import Path

import pytest
from django.utils.translation import trans_real

PENDING = Path(__file__).resolve().parents[2] / "locale" / "pending" / "commendations.json"


@pytest.fixture(autouse=True)
def vietnamese_of_this_app():
    """The app's Vietnamese waits in locale/pending/commendations.json until it is merged into locale/vi; meanwhile
    the tests lend it to the Vietnamese catalogue, so that they read what users will read. Once merged (or the file
    gone) this adds nothing."""
    catalog = trans_real.translation("vi")._catalog
    pending = json.loads(PENDING.read_text(encoding="utf-8")) if PENDING.exists() else {}
    added = [msgid for msgid in pending if msgid not in catalog]
    for msgid in added:
        catalog[msgid] = pending[msgid]
    yield
    for msgid in added:
        catalog._catalogs[0].pop(msgid, None)
