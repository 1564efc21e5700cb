"""The issue's "done when": with the demo data of Bắc Giang, POST /api/v1/reports/ for the seed's 5-year review
(15/08/2014 – 30/09/2019), poll until it is done, download the PDF, and find in its text every figure of
seed-figures.csv written the way the seed writes it. The generation runs in-process, as a worker would run it."""

import datetime
import io
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from antqcore.demo import demo_accounts_seed, demo_seeders
from antqcore.stats import registries_read
from reports.models import ReportRun
from reports.services import report_run_generate
from tests.api_listing_checks import assert_every_list_is_drfs
from tests.conftest import client_for
from tests.figure_cache_checks import (
    assert_cached_figures_are_the_figures,
    assert_writes_invalidate_exactly_their_readers,
)
from tests.figure_records_checks import assert_every_figure_is_its_records
from tests.reports.seedcheck import missing_figures, seed_figures

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/"
ARTIFACT = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports" / "seed-review-via-api.pdf"


def test_the_seed_review_of_bac_giang_prints_every_seed_figure(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path)
    users = {user.username: user for user in demo_accounts_seed()}
    for _name, seeder in demo_seeders():
        seeder()
    tinh = client_for(users["tinh"])

    r = tinh.post(URL, {"template": "review", "area": "24", "period_start": "2014-08-15",
                        "period_end": "2019-09-30", "number": "125/BC-BCĐ", "signer_name": "Lê Ánh Dương"},
                  format="json")
    assert r.status_code == 202, r.json()
    run_id, url = r.json()["id"], r.json()["url"]

    started = time.monotonic()
    assert report_run_generate(run_id=run_id) == "done"  # what the worker does with the queued message
    seconds = time.monotonic() - started
    body = tinh.get(url).json()
    while body["status"] not in ("done", "failed"):
        time.sleep(0.2)
        body = tinh.get(url).json()
    assert (body["status"], body["progress"], body["error"]) == ("done", 100, "")
    assert seconds < 60

    r = tinh.get(body["pdf"])
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    content = b"".join(r.streaming_content)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_bytes(content)
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert missing_figures(text) == []
    assert "Số: 125/BC-BCĐ" in text and "Lê Ánh Dương" in text and len(reader.pages) > 5

    # The annex holds the same figures and the breakdowns by district and by year.
    r = tinh.get(body["xlsx"])
    assert r.status_code == 200
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    figures = {row[0]: row[2] for row in book["Số liệu"].iter_rows(min_row=2, values_only=True)}
    assert (figures["context.units"], figures["context.districts"], figures["incidents.strikes"]) == (1575, 10, 83)
    assert len(list(book["Theo địa bàn"].iter_rows(min_row=2))) == 10
    assert [row[0] for row in book["Theo năm"].iter_rows(min_row=2, values_only=True)] == list(range(2014, 2020))

    # Issue #18's "done when": every figure of the period is what its records make (their number, or the sum of
    # their values), and the report kept those records.
    run = ReportRun.objects.get(pk=run_id)
    figures = assert_every_figure_is_its_records(area=run.area, start=run.period_start, end=run.period_end,
                                                 kept=run.records)
    assert {row["key"] for row in seed_figures()} <= set(figures) and figures == run.figures

    # Issue #20's "done when", on the demo's records: the cached figures are the figures, over the seed's period and
    # a later one, and a write to each registry recomputes exactly the figures that read it.
    checked = assert_writes_invalidate_exactly_their_readers(monkeypatch, area=run.area, start=run.period_start,
                                                             end=run.period_end)
    assert set(checked) == set(registries_read())
    assert_cached_figures_are_the_figures(area=run.area, start=datetime.date(2020, 1, 1),
                                          end=datetime.date(2024, 12, 31))

    # Issue #20 part 2, on records of every registry: each list of the API writes DRF's own JSON, for the province's
    # staff and a district officer.
    filled = assert_every_list_is_drfs(monkeypatch, [users["tinh"], users["vietyen"]])
    assert {"/api/v1/units/", "/api/v1/incidents/", "/api/v1/commendations/", "/api/v1/models/",
            "/api/v1/activities/values/", "/api/v1/certification/participations/"} <= set(filled)
