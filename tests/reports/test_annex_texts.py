"""Issue #16 part 5: the Excel annex prints the report's title and subtitle as the PDF prints them — its tags
rendered by the same function as the document ({% period_years %}, {% period_name %}, {{ area_full }}), never
written out."""

import html
import io
import re

import pytest
from openpyxl import load_workbook

from reports.annex import annex_xlsx
from reports.models import ReportTemplate
from reports.rendering import render_run_html
from tests.reports.pdf_helpers import seed_run

pytestmark = pytest.mark.django_db


def _document_line(document: str, css_class: str) -> str:
    """A line of the PDF's HTML (what WeasyPrint draws) as a reader reads it."""
    markup = re.search(rf'<p class="{css_class}">(.*?)</p>', document, flags=re.S).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _info(run) -> dict:
    book = load_workbook(io.BytesIO(annex_xlsx(run)))
    return {row[0]: row[1] for row in book["Thông tin"].iter_rows(values_only=True) if row and row[0]}


@pytest.mark.parametrize("kind", ["review", "annual", "half-year", "quarterly"])
def test_the_annex_prints_the_subtitle_the_pdf_prints(kind):
    template = ReportTemplate.objects.get(kind=kind, active=True)
    assert "{%" in template.subtitle or "{{" in template.subtitle  # the shipped subtitles have tags
    run = seed_run(template=template, kind=kind, title=template.title, subtitle=template.subtitle)
    info = _info(run)
    texts = [str(value) for value in info.values()]
    assert not [t for t in texts if "{%" in t or "{{" in t or "%}" in t or "}}" in t]
    document = render_run_html(run, for_pdf=True)
    assert info["Trích yếu"] == _document_line(document, "doc-subtitle")
    assert info["Báo cáo"] == _document_line(document, "doc-title")


def test_the_review_annex_names_the_period_as_the_seed_does():
    template = ReportTemplate.objects.get(kind="review", active=True)
    info = _info(seed_run(template=template, subtitle=template.subtitle))
    assert info["Trích yếu"].startswith("Sơ kết 05 năm triển khai thực hiện Chỉ thị số 07/CT-BCA-V28")


def test_a_subtitle_a_run_was_given_is_rendered_too():
    run = seed_run(subtitle="Tình hình {% period_name %} trên địa bàn {{ area_full }}")
    subtitle = _info(run)["Trích yếu"]
    assert subtitle == _document_line(render_run_html(run), "doc-subtitle")
    assert subtitle.startswith("Tình hình ") and subtitle.endswith(" trên địa bàn tỉnh Bắc Giang")
    assert "2019" in subtitle and "period_name" not in subtitle


def test_the_api_gives_the_title_and_subtitle_as_the_pdf_prints_them_beside_the_texts_as_written(province_staff):
    from tests.conftest import client_for

    template = ReportTemplate.objects.get(kind="review", active=True)
    run = seed_run(template=template, subtitle=template.subtitle)
    body = client_for(province_staff).get(f"/api/v1/reports/{run.pk}/").json()
    assert body["subtitle"] == template.subtitle  # as written, for a new version to start from
    assert body["subtitle_text"] == _info(run)["Trích yếu"] == _document_line(render_run_html(run), "doc-subtitle")
    assert "{%" not in body["subtitle_text"] and "{%" not in body["title_text"]
