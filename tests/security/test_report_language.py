"""Issue #12 item 1: the report texts are a closed language. Only the report tags and filters and a few plain
variables exist; Django's own (`safe`, `stringformat`, `include`, `load`, `debug`, `now`...) and any walk through an
object are refused with a message naming them, in the template editor, the narrative editor and the API, and
nothing is saved. What staff write is text: `<script>` or `<img onerror>` in a narrative is printed, in the preview
and in the PDF alike, and never becomes an element."""

import html
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from reports.models import ReportNarrative, ReportRun, RunStatus
from reports.rendering import render_run_html, render_run_pdf
from reports.services import report_run_generate
from tests.conftest import client_for
from tests.reports.pdf_helpers import pdf_reader, pdf_text
from tests.reports.web_helpers import make_run, small_template
from tests.security.report_text_helpers import (
    NARRATIVE_KEY,
    edit_narrative,
    edit_template_section,
    narrative_text,
    pdf_images,
    put_narratives,
    section_body,
)

pytestmark = pytest.mark.django_db

# A text outside the language → what the refusal must say (in Vietnamese, naming the tag, filter or variable).
REFUSED = {
    'Ký tự {{ 60|stringformat:"c"|safe }}script': "Bộ lọc |stringformat không được dùng trong văn bản báo cáo",
    "{{ area_full|safe }}": "Bộ lọc |safe không được dùng trong văn bản báo cáo",
    '{% include "reports/document/report.html" %}': "Thẻ {% include %} không được dùng trong văn bản báo cáo",
    "{% load i18n %}{% translate 'x' %}": "Thẻ {% load %} không được dùng trong văn bản báo cáo",
    "Gỡ lỗi: {% debug %}": "Thẻ {% debug %} không được dùng trong văn bản báo cáo",
    'Năm {% now "Y" %}': "Thẻ {% now %} không được dùng trong văn bản báo cáo",
    "{% if area_full %}có{% endif %}": "Thẻ {% if %} không được dùng trong văn bản báo cáo",
    "Địa bàn {{ area.name }}": "Biến {{ area.name }} không được dùng trong văn bản báo cáo",
    "{{ area.parent.organisations.all }}": "Biến {{ area.parent.organisations.all }} không được dùng",
    "{{ run.created_by.password }}": "Biến {{ run.created_by.password }} không được dùng",
    "{{ period_start.__class__.__mro__ }}": "không được dùng trong văn bản báo cáo",
    "{{ figures.clear }}": "Biến {{ figures.clear }} không được dùng",
}
HOSTILE_TEXT = '<script>alert("xss")</script> và <img src=x onerror=alert(1)> trong đoạn văn.'


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def template():
    return small_template()


@pytest.mark.parametrize("text", REFUSED)
def test_the_template_editor_refuses_a_text_outside_the_language(client, template, province_staff, text):
    before = section_body(template)
    client.force_login(province_staff)
    r = edit_template_section(client, template, text)
    assert r.status_code == 200
    page = html.unescape(r.content.decode())
    assert "Mẫu chưa được lưu" in page and REFUSED[text] in page
    assert section_body(template) == before


@pytest.mark.parametrize("text", REFUSED)
def test_the_narrative_editor_refuses_it(client, template, district_officer, text):
    run = make_run(district_officer, "222")
    before = narrative_text(run)
    client.force_login(district_officer)
    r = edit_narrative(client, run, text, regenerate=True)
    assert r.status_code == 200 and REFUSED[text] in html.unescape(r.content.decode())
    assert narrative_text(run) == before
    run.refresh_from_db()
    assert run.status == RunStatus.DONE  # not sent to be generated again


@pytest.mark.parametrize("text", REFUSED)
def test_the_api_refuses_it_and_saves_none_of_the_list(template, district_officer, text):
    run = make_run(district_officer, "222")
    before = {n.section_key: n.text for n in run.narratives.all()}
    # The refused text comes second: the first, valid, is not saved either.
    r = put_narratives(district_officer, run, "Đánh giá hợp lệ.", text)
    assert r.status_code == 400 and REFUSED[text] in str(r.json())
    assert {n.section_key: n.text for n in run.narratives.all()} == before


def test_a_new_reports_title_from_the_api_is_checked_too(template, district_officer):
    body = {"template": "quarterly", "area": "222", "period_start": "2019-07-01", "period_end": "2019-09-30",
            "title": 'BÁO CÁO {{ 60|stringformat:"c"|safe }}b{{ 62|stringformat:"c"|safe }}',
            "subtitle": "{% lorem 3 p %}"}
    r = client_for(district_officer).post("/api/v1/reports/", body, format="json")
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert "Bộ lọc |stringformat không được dùng" in str(errors["title"])
    assert "Thẻ {% lorem %} không được dùng" in str(errors["subtitle"])
    assert not ReportRun.objects.exists()


def test_the_report_tags_variables_and_filters_still_work(client, template, district_officer):
    run = make_run(district_officer, "222", figures={"context.units": 1575})
    client.force_login(district_officer)
    text = ('Đến {{ period_end|long_date }}, {{ area_full }} có {% fig "context.units" %} đơn vị; năm '
            "{{ period_end.year|add:1 }} tiếp tục{% footnote %}Số liệu {% period_name %}.{% endfootnote %}.")
    assert edit_narrative(client, run, text).status_code == 302
    preview = client.get(reverse("reports:preview", args=[run.pk])).content.decode()
    assert "Đến ngày 30 tháng 9 năm 2019, thị xã Việt Yên có 1.575 đơn vị; năm 2020 tiếp tục" in preview
    assert "Số liệu quý III năm 2019." in preview


def _section_text(document: str) -> str:
    """The narrative section's text as a reader sees it."""
    section = re.search(rf'<section[^>]*data-section="{NARRATIVE_KEY}".*?</section>', document, flags=re.S).group()
    return " ".join(html.unescape(strip_tags(section)).split())


def test_markup_in_a_narrative_is_printed_as_text_in_the_preview_and_the_pdf(client, template, district_officer):
    run = make_run(district_officer, "222")
    client.force_login(district_officer)
    assert edit_narrative(client, run, HOSTILE_TEXT).status_code == 302  # it is text: saved as written

    preview = client.get(reverse("reports:preview", args=[run.pk])).content.decode()
    sheet = preview.split('class="sheet"', 1)[1]
    assert "<script" not in sheet and "<img" not in sheet and not re.search(r"<[^>]*\sonerror", sheet)
    assert "&lt;script&gt;" in sheet and "&lt;img src=x onerror=alert(1)&gt;" in sheet

    pdf = render_run_pdf(ReportRun.objects.get(pk=run.pk))
    text = " ".join(pdf_text(pdf).split())
    assert '<script>alert("xss")</script> và <img src=x onerror=alert(1)> trong đoạn văn.' in text
    assert pdf_images(pdf_reader(pdf)) == []
    # The PDF and the preview print the same text.
    preview_text = _section_text(preview)
    assert HOSTILE_TEXT in preview_text and preview_text.split("II. ĐÁNH GIÁ", 1)[-1].strip() in text


def test_a_narrative_saved_before_the_language_was_closed_prints_as_written(client, template, district_officer,
                                                                           settings):
    run = make_run(district_officer, "222")
    lt, gt = '{{ 60|stringformat:"c"|safe }}', '{{ 62|stringformat:"c"|safe }}'
    ReportNarrative.objects.filter(run=run, section_key=NARRATIVE_KEY).update(
        text=f"{lt}script{gt}alert(1){lt}/script{gt}{lt}img src=x onerror=alert(2){gt}")
    settings.REPORTS_STRICT_FIGURES = False  # as in production
    client.force_login(district_officer)
    preview = client.get(reverse("reports:preview", args=[run.pk])).content.decode()
    assert "<script" not in preview and "<img" not in preview
    assert html.escape('{{ 60|stringformat:"c"|safe }}script', quote=False) in preview  # the text as written
    assert "Bộ lọc |stringformat không được dùng" in html.unescape(preview.split('class="sheet"')[0])


def test_in_strict_mode_generation_stops_and_says_why(template, district_officer):
    run = make_run(district_officer, "222", done=False)
    ReportNarrative.objects.filter(run=run, section_key=NARRATIVE_KEY).update(text="{% debug %}")
    with pytest.raises(Exception, match=r"\{% debug %\}"):
        render_run_html(run)
    assert report_run_generate(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "Thẻ {% debug %} không được dùng trong văn bản báo cáo" in run.error


def test_the_admin_refuses_a_text_outside_the_language(client, template, admin_user):
    section = template.sections.first()
    client.force_login(admin_user)
    url = reverse("admin:reports_reporttemplate_change", args=[template.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"kind": template.kind, "active": "on", "title": "{% lorem 1000000 w %}",
                 "sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0"})
    r = client.post(url, data)
    assert r.status_code == 200
    assert "Thẻ {% lorem %} không được dùng trong văn bản báo cáo" in html.unescape(r.content.decode())
    template.refresh_from_db()
    assert "lorem" not in template.title
    assert section.pk in set(template.sections.values_list("pk", flat=True))


def test_every_example_of_the_editor_help_panel_is_accepted(client, template, province_staff):
    from reports.rendering import check_template_text

    client.force_login(province_staff)
    page = client.get(reverse("reports:template_edit", args=[template.pk])).content.decode()
    examples = [html.unescape(code) for code in re.findall(r"<code>(\{[%{].*?[%}]\})</code>", page)]
    assert len(examples) >= 8
    for example in examples:
        check_template_text(example.replace("…", "x"))
