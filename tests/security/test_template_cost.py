"""Issue #12 item 8: a report text cannot make the server work for nothing. `{% lorem 1000000 w %}` or loops nested
six deep are refused at once, naming the tag, by the template editor, the narrative editor and the API, and nothing
is saved; a text that would render past ANTQ_REPORT_TEXT_MAX_CHARS or is longer than
ANTQ_REPORT_TEXT_INPUT_MAX_CHARS is refused the same way; and a document whose texts render past
ANTQ_REPORT_DOCUMENT_MAX_CHARS or for longer than ANTQ_REPORT_RENDER_SECONDS fails with a message, neither hanging
the worker nor breaking the preview."""

import html
import time

import pytest
from django.urls import reverse

from antqcore.stats import figure_keys
from reports.models import RunStatus
from reports.services import report_run_generate
from tests.reports.web_helpers import make_run, small_template
from tests.security.report_text_helpers import (
    edit_narrative,
    edit_template_section,
    narrative_text,
    put_narratives,
    section_body,
)

pytestmark = pytest.mark.django_db

DIGITS = '"0123456789"'
COSTLY = {
    "{% lorem 1000000 w %}": "Thẻ {% lorem %} không được dùng trong văn bản báo cáo",
    "".join(f"{{% for x{n} in {DIGITS} %}}" for n in range(6)) + "Lặp lại." + "{% endfor %}" * 6:
        "Thẻ {% for %} không được dùng trong văn bản báo cáo",
    "{% widthratio 1000000000 1 1000000000 %}{% cycle 'a' 'b' %}": "Thẻ {% widthratio %} không được dùng",
}
FAST = 3  # seconds: a refusal is a parse, not a rendering


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def template():
    return small_template()


def wide_table(count: int = 40) -> str:
    """A text of a few hundred characters that renders a table of `count` rows."""
    return "{% figure_table " + " ".join(f'"{key}"' for key in figure_keys()[:count]) + " %}"


@pytest.mark.parametrize("text", COSTLY)
def test_the_template_editor_refuses_a_costly_text_at_once(client, template, province_staff, text):
    before = section_body(template)
    client.force_login(province_staff)
    started = time.monotonic()
    r = edit_template_section(client, template, text)
    assert time.monotonic() - started < FAST
    assert r.status_code == 200 and COSTLY[text] in html.unescape(r.content.decode())
    assert section_body(template) == before


@pytest.mark.parametrize("text", COSTLY)
def test_the_narrative_editor_refuses_it_at_once(client, template, district_officer, text):
    run = make_run(district_officer, "222")
    before = narrative_text(run)
    client.force_login(district_officer)
    started = time.monotonic()
    r = edit_narrative(client, run, text)
    assert time.monotonic() - started < FAST
    assert r.status_code == 200 and COSTLY[text] in html.unescape(r.content.decode())
    assert narrative_text(run) == before


@pytest.mark.parametrize("text", COSTLY)
def test_the_api_refuses_it_at_once(template, district_officer, text):
    run = make_run(district_officer, "222")
    before = narrative_text(run)
    started = time.monotonic()
    r = put_narratives(district_officer, run, text)
    assert time.monotonic() - started < FAST
    assert r.status_code == 400 and COSTLY[text] in str(r.json())
    assert narrative_text(run) == before


def test_a_text_that_renders_past_the_limit_is_refused(client, template, district_officer, province_staff,
                                                        settings):
    settings.ANTQ_REPORT_TEXT_MAX_CHARS = 3000
    text = wide_table()
    assert len(text) < 3000
    message = "Văn bản khi hiển thị dài quá 3.000 ký tự"
    run = make_run(district_officer, "222")
    before = narrative_text(run)

    r = put_narratives(district_officer, run, text)
    assert r.status_code == 400 and message in str(r.json())
    client.force_login(district_officer)
    assert message in html.unescape(edit_narrative(client, run, text).content.decode())
    assert narrative_text(run) == before

    client.force_login(province_staff)
    assert message in html.unescape(edit_template_section(client, template, text).content.decode())
    assert section_body(template) != text


def test_a_text_longer_than_the_limit_is_refused(client, template, district_officer, province_staff, settings):
    settings.ANTQ_REPORT_TEXT_INPUT_MAX_CHARS = 50_000
    text = ("Đánh giá kết quả. " * 2800).strip()  # 50.399 characters
    run = make_run(district_officer, "222")
    before = narrative_text(run)
    r = put_narratives(district_officer, run, text)
    assert r.status_code == 400 and "Văn bản quá dài: 50.399 ký tự, tối đa 50.000 ký tự." in str(r.json())
    assert narrative_text(run) == before

    client.force_login(province_staff)
    r = edit_template_section(client, template, text)
    assert r.status_code == 200 and "Văn bản quá dài: 50.399 ký tự" in r.content.decode()
    assert section_body(template) != text


def test_a_document_past_the_limit_fails_to_generate_with_the_reason(template, district_officer, settings):
    settings.ANTQ_REPORT_DOCUMENT_MAX_CHARS = 2000
    template.sections.filter(key="i-context").update(body=wide_table(10))  # ~1.500 characters
    template.sections.filter(key="iii-tasks").update(body=wide_table(10))
    run = make_run(district_officer, "222", done=False)
    started = time.monotonic()
    assert report_run_generate(run_id=run.pk) == "failed"
    assert time.monotonic() - started < 30
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and not run.pdf
    assert "Không tạo được báo cáo: Các văn bản của báo cáo khi hiển thị dài quá 2.000 ký tự" in run.error


def test_a_document_that_renders_too_long_fails_to_generate_with_the_reason(template, district_officer, settings):
    settings.ANTQ_REPORT_RENDER_SECONDS = 0
    run = make_run(district_officer, "222", done=False)
    assert report_run_generate(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "Không tạo được báo cáo: Các văn bản của báo cáo cần hơn 0 giây để hiển thị" in run.error


def test_the_preview_of_a_document_past_the_limit_says_why(client, template, district_officer, settings):
    template.sections.filter(key="i-context").update(body=wide_table(10))
    run = make_run(district_officer, "222")
    settings.ANTQ_REPORT_DOCUMENT_MAX_CHARS = 1000
    client.force_login(district_officer)
    r = client.get(reverse("reports:preview", args=[run.pk]))
    assert r.status_code == 200
    page = html.unescape(r.content.decode())
    assert "Các văn bản của báo cáo khi hiển thị dài quá 1.000 ký tự" in page
    assert 'class="figures"' not in page  # no section is printed half
