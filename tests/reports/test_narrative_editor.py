"""What the narrative editor shows of a text (reports.narrative_editor): its tags as chips with their names and their
values in the report, the text between them as written, a footnote as a chip around its own text; the whole gives
back the exact text. Sections are named by their headings in words, never by their keys."""

import pytest
from django.urls import reverse

from reports.models import ReportSection
from reports.narrative_editor import Chips
from tests.reports.web_helpers import make_run, small_template

pytestmark = [pytest.mark.django_db]

TEXT = ('Có {% fig "context.units" pad %} đơn vị{% footnote %}Theo {% fig "context.units" %} hồ sơ{% endfootnote %}, '
        "sau {% period_years %} năm, {{ area_full }}; {% load static %}")


def joined(pieces) -> str:
    return "".join(p.opening + joined(p.inside) + p.closing if p.opening else p.text for p in pieces)


def test_each_tag_is_a_chip_with_its_name_and_its_value_and_the_text_comes_back_exactly(province_staff):
    small_template("quarterly")
    run = make_run(province_staff, "24", figures={"context.units": 7})
    pieces = Chips(run).pieces(TEXT)
    assert joined(pieces) == TEXT
    chips = [(p.label, p.value, p.broken) for p in pieces if p.chip and not p.opening]
    assert chips[0] == ("Cơ quan, doanh nghiệp, nhà trường", "07", False)
    assert chips[1][1] == "01" and chips[2][1] == "tỉnh Bắc Giang"
    assert chips[3][1:] == ("{% load static %}", True)  # outside the report language: shown as written, marked
    footnote = next(p for p in pieces if p.opening)
    assert [p.value for p in footnote.inside if p.chip] == ["7"] and footnote.inside[0].text == "Theo "


def test_the_figures_offered_carry_their_tag_name_and_value(province_staff):
    small_template("quarterly")
    figures = {f["source"]: f for f in Chips(make_run(province_staff, "24", figures={"context.units": 7})).figures()}
    assert figures['{% fig "context.units" %}']["value"] == "7"
    assert figures['{% fig "incidents.thefts" %}']["value"] == "…"  # not computed for this report


def test_sections_are_named_in_words_never_by_their_keys(client, province_staff):
    template = small_template("quarterly")
    ReportSection.objects.create(template=template, key="mo-dau", order=0, level=0, body="Mở đầu.", narrative=True)
    ReportSection.objects.create(template=template, key="i-nhan-xet", order=1, level=0, body="Nhận xét.",
                                 narrative=True)
    run = make_run(province_staff, "24")
    titles = Chips(run).section_titles(list(template.sections.order_by("order", "id")))
    assert "mo-dau" not in titles["mo-dau"] and "“I. TÌNH HÌNH”" in titles["i-nhan-xet"]
    client.force_login(province_staff)
    html = client.get(reverse("reports:narrative", args=[run.pk])).content.decode()
    assert titles["mo-dau"] in html and titles["i-nhan-xet"] in html
    assert "<code" not in html and ">mo-dau<" not in html
