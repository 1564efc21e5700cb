"""The document: the review of the seed's period rendered from hand-set figures, as HTML and as PDF, and what a
reader sees in it (the Decree 30/2020 layout, the seed's figures, footnotes, fonts); then the texts' rules (staff
narrative, escaping, unknown figures) on small templates of the tests' own."""

import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.html import strip_tags

from antqcore.stats import figure_get, figure_keys
from reports import rendering
from reports.demo import demo_profile_seed
from reports.models import ReportNarrative, ReportSection, ReportTemplate
from reports.rendering import FontMissing, render_run_html, render_run_pdf, text_problems
from reports.templatetags.report_tags import ReportTextError, UnknownFigureInReport
from tests.reports.seedcheck import missing_figures

from .pdf_helpers import page_fragments, pdf_fonts, pdf_reader, pdf_text, save_artifact, seed_run

pytestmark = pytest.mark.django_db
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(scope="module")
def seed_document(django_db_setup, django_db_blocker):
    """The review rendered once for the module (a PDF takes seconds); kept in test-artifacts/reports/. The shipped
    template is neutral: Bắc Giang's facts and the narrative its staff wrote are the demo's profile (as on the demo,
    where a new review of Bắc Giang starts from them)."""
    with django_db_blocker.unblock(), transaction.atomic():
        run = seed_run()
        profile = demo_profile_seed()
        ReportNarrative.objects.bulk_create([ReportNarrative(run=run, section_key=key, text=text)
                                             for key, text in profile.narratives["review"].items()])
        document = SimpleNamespace(pdf=render_run_pdf(run), html=render_run_html(run),
                                   preview=render_run_html(run, for_pdf=False))
        transaction.set_rollback(True)
    save_artifact("seed-review.pdf", document.pdf)
    save_artifact("seed-review-preview.html", document.preview.encode())
    document.reader = pdf_reader(document.pdf)
    document.pages = [page.extract_text() for page in document.reader.pages]
    document.text = pdf_text(document.pdf)
    return document


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- The seed's review -------------------------------------------------------------------------------------------

def test_the_review_prints_every_figure_of_the_seed_the_way_the_seed_writes_it(seed_document):
    assert missing_figures(seed_document.text) == []


def test_the_preview_prints_them_too(seed_document):
    assert missing_figures(strip_tags(seed_document.preview)) == []


def test_where_the_seed_disagrees_with_itself_the_review_prints_the_sum_of_the_parts(seed_document):
    text = one_line(seed_document.text)
    assert "2.337 nhân viên bảo vệ" in text and "1.658" not in text
    assert "3.944 lượt công tác PCCC" in text and "4.913" not in text
    assert "35 mô hình điểm" in text


def test_the_review_follows_the_seeds_structure(seed_document):
    text = one_line(seed_document.text)
    headings = ["Phần thứ nhất", "I. ĐẶC ĐIỂM, TÌNH HÌNH CÓ LIÊN QUAN", "II. CÔNG TÁC THAM MƯU, CHỈ ĐẠO",
                "1. Công tác tham mưu, chỉ đạo", "2. Những kết quả đạt được", "2.1. Công tác tuyên truyền",
                "2.2. Kết quả thực hiện chương trình", "2.3. Công tác phối hợp, kiểm tra",
                "2.4. Công tác xây dựng CQDNNT",
                "2.5. Công tác xây dựng, nhân rộng mô hình", "2.6. Công tác xây dựng, củng cố",
                "2.7. Công tác đấu tranh phòng, chống tội phạm", "2.8. Công tác thi đua, khen thưởng",
                "III. NHẬN XÉT, ĐÁNH GIÁ", "1. Ưu điểm", "2. Khuyết điểm, hạn chế", "3. Nguyên nhân",
                "4. Bài học kinh nghiệm", "5. Kiến nghị, đề xuất", "Phần thứ hai", "PHƯƠNG HƯỚNG, NHIỆM VỤ",
                "Trên đây là báo cáo sơ kết 05 năm", "trên địa bàn tỉnh Bắc Giang./."]
    positions = [text.find(h) for h in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions, strict=True) if p == -1]
    assert positions == sorted(positions)


def test_the_first_page_has_the_national_header_the_issuer_the_number_the_place_and_date_and_the_title(
        seed_document):
    first = one_line(seed_document.pages[0])
    for line in ["UBND TỈNH BẮC GIANG", "BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số: 125/BC-BCĐ", "Bắc Giang, ngày 30 tháng 9 năm 2019", "BÁO CÁO",
                 "Sơ kết 05 năm triển khai thực hiện Chỉ thị số 07/CT-BCA-V28"]:
        assert line in first, line


def test_it_is_an_a4_page_with_the_decrees_left_margin(seed_document):
    page = seed_document.reader.pages[1]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    left = min(f.x for f in page_fragments(page))
    assert 30 * MM - 1 <= left <= 35 * MM


def test_pages_are_numbered_in_the_top_margin_from_the_second_page(seed_document):
    pages = seed_document.reader.pages
    assert len(pages) > 1
    height = float(pages[0].mediabox.height)

    def number_in_top_margin(page):
        return [f.text.strip() for f in page_fragments(page) if f.y > height - 20 * MM and f.text.strip().isdigit()]

    assert number_in_top_margin(pages[0]) == []
    for n, page in enumerate(pages[1:], start=2):
        assert number_in_top_margin(page) == [str(n)]


def report_font_named(name: str) -> bool:
    """Whether a font of the PDF is the report's font, the one `make install` provided (Liberation Serif, Noto Serif
    or Tinos): no fallback of the system slipped in."""
    return rendering.font_files()[0].replace(" ", "") in name.replace("-", "")


def test_the_fonts_are_the_report_font_embedded(seed_document):
    fonts = pdf_fonts(seed_document.reader)
    assert fonts and all(fonts.values()), fonts  # every font's TrueType program is in the file
    assert all(report_font_named(name) for name in fonts), fonts


def test_footnotes_are_real_footnotes_at_the_foot_of_a_page(seed_document):
    height = float(seed_document.reader.pages[0].mediabox.height)
    # Footnote 3 of the seed: the propaganda of the bodies, with its figures.
    page = next(p for p in seed_document.reader.pages if "trên 50 cuộc tuyên truyền" in p.extract_text())
    note = next(f for f in page_fragments(page) if "Ủy ban MTTQ tỉnh tổ chức" in f.text)
    body = [f for f in page_fragments(page) if f.y > note.y]
    assert note.y < height / 2 and len(body) > 10  # under the page's body text
    assert "Ủy ban MTTQ tỉnh tổ chức trên 50 cuộc tuyên truyền" in one_line(seed_document.text)
    assert one_line(seed_document.text).count("Kế hoạch số 90/KH-CAT-PV28") == 1  # printed once, not in the body


def test_the_document_ends_with_the_distribution_list_and_the_signature(seed_document):
    last = one_line(seed_document.pages[-1])
    for line in ["Nơi nhận:", "- Bộ Công an;", "- Lưu: VT, NC.", "Bản điện tử:", "- UBND - BCĐ huyện, thành phố.",
                 "TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND TỈNH", "Lê Ánh Dương"]:
        assert line in last, line


def test_the_preview_lists_the_footnotes_at_the_end(seed_document):
    preview = seed_document.preview
    assert preview.count('class="footnote-call"') == 5
    assert '<aside class="endnotes">' in preview
    assert preview.index("Ủy ban MTTQ tỉnh tổ chức") > preview.index("Lê Ánh Dương")


# --- The texts' rules ---------------------------------------------------------------------------------------------

def small_template(*sections) -> ReportTemplate:
    ReportTemplate.objects.filter(kind="annual", active=True).update(active=False)
    template = ReportTemplate.objects.create(kind="annual", name="Mẫu của phép thử", title="BÁO CÁO",
                                             subtitle="Kết quả {% period_name %}",
                                             closing="Trên đây là báo cáo của {{ area_full }}./.")
    for order, (key, body, narrative) in enumerate(sections):
        ReportSection.objects.create(template=template, key=key, order=order, level=2, heading=f"Mục {key}",
                                     body=body, narrative=narrative)
    return template


def small_run(*sections, **fields):
    template = small_template(*sections)
    return seed_run(template=template, kind="annual", title=template.title, subtitle=template.subtitle, **fields)


def test_a_narrative_is_the_runs_text_or_else_the_sections_default():
    run = small_run(("viet", "Lời mặc định.", True), ("khac", "Mặc định khác.", True))
    ReportNarrative.objects.create(run=run, section_key="viet", text="Ban Chỉ đạo đánh giá cao kết quả.")
    html = render_run_html(run)
    assert "Ban Chỉ đạo đánh giá cao kết quả." in html and "Lời mặc định." not in html
    assert "Mặc định khác." in html


def test_unsaved_narratives_can_be_previewed():
    run = small_run(("viet", "Lời mặc định.", True))
    ReportNarrative.objects.create(run=run, section_key="viet", text="Đã lưu.")
    assert "Bản nháp chưa lưu." in render_run_html(run, narratives={"viet": "Bản nháp chưa lưu."}, for_pdf=False)


def test_each_line_of_a_text_is_a_paragraph_and_staff_text_is_not_html():
    run = small_run(("viet", "", True))
    html = render_run_html(run, narratives={"viet": "Dòng một <b>đậm</b> & <script>x()</script>\n\nDòng hai"})
    assert "<p>Dòng một &lt;b&gt;đậm&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;</p><p>Dòng hai</p>" in html


def test_a_narrative_may_cite_figures_and_the_period():
    run = small_run(("viet", "", True), period_start=rendering.datetime.date(2019, 1, 1),
                    period_end=rendering.datetime.date(2019, 12, 31))
    html = render_run_html(run, narratives={"viet": 'Có {% fig "context.units" %} CQDNNT {% period_name %}.'})
    assert "Có 1.575 CQDNNT năm 2019." in html
    assert "Kết quả năm 2019" in html and "Trên đây là báo cáo của tỉnh Bắc Giang./." in html


def test_a_figure_the_run_has_not_computed_prints_an_ellipsis():
    run = small_run(("ket-qua", 'Có {% fig "context.units" %} CQDNNT.', False), figures={}, more_than=[])
    assert "Có … CQDNNT." in render_run_html(run)


def test_a_template_naming_an_unknown_figure_fails_in_tests(settings):
    run = small_run(("ket-qua", 'Có {% fig "context.unitz" %} CQDNNT.', False))
    with pytest.raises(UnknownFigureInReport):
        render_run_html(run)


def test_in_production_an_unknown_figure_prints_its_key_and_the_preview_says_so(settings):
    settings.REPORTS_STRICT_FIGURES = False
    run = small_run(("ket-qua", 'Có {% fig "context.unitz" %} CQDNNT, {% fig "context.units" %} đơn vị.', False))
    assert "[?context.unitz] CQDNNT, 1.575 đơn vị." in strip_tags(render_run_html(run))
    preview = render_run_html(run, for_pdf=False)
    assert 'class="problems"' in preview and "context.unitz" in preview.split('class="sheet"')[0]


def test_in_production_a_broken_tag_prints_the_text_as_written(settings):
    settings.REPORTS_STRICT_FIGURES = False
    run = small_run(("viet", "", True))
    html = render_run_html(run, narratives={"viet": 'Có {% fig "context.units" CQDNNT.'})
    assert 'Có {% fig "context.units" CQDNNT.' in html


def test_text_problems_lists_unknown_figures_and_broken_tags():
    assert text_problems('Có {% fig "context.units" pad %} CQDNNT; {% footnote %}ghi chú{% endfootnote %}') == []
    assert text_problems('Có {% fig "context.unitz" %} CQDNNT.') == ["[?context.unitz]"]
    assert len(text_problems('Có {% fig "context.units" %')) == 0  # not a tag: plain text
    problems = text_problems('Có {% fug "context.units" %} CQDNNT.')
    assert len(problems) == 1 and "fug" in problems[0]


def test_a_text_reads_no_user_of_the_run(province_staff, settings):
    run = small_run(("ket-qua", "Người lập: [{{ run.created_by }}][{{ run.created_by.password }}]", False),
                    created_by=province_staff)
    with pytest.raises(ReportTextError, match=r"\{\{ run\.created_by \}\}"):
        render_run_html(run)
    settings.REPORTS_STRICT_FIGURES = False
    html = render_run_html(run)
    assert "Người lập: [{{ run.created_by }}][{{ run.created_by.password }}]" in html
    assert province_staff.password not in html and "Cán bộ" not in html


def test_the_markup_a_text_may_carry_is_cut_to_the_report_elements():
    """The report tags make a few elements; anything else that came to be in a rendered text is dropped (nh3)."""
    state = rendering.RenderState()
    clean = rendering.sanitise(
        '<p onclick="x()">Có <script>alert(1)</script><img src=x onerror=y><iframe src="/"></iframe>'
        '<a href="javascript:x()" id="fnref-1">1</a><a href="#fn-2" id="fnref-2" rel="x">2</a>'
        '<span class="footnote evil" style="color:red">ghi chú</span><table class="figures"><tr>'
        '<td class="value" onmouseover="x()">5</td></tr></table><link rel="attachment" href="file:///etc/passwd">'
        '<figure class="chart">chart-guessed-1</figure></p>', state)
    assert clean == ('<p>Có <a id="fnref-1">1</a><a href="#fn-2" id="fnref-2">2</a><span class="footnote">ghi chú'
                     '</span></p><table class="figures"><tbody><tr><td class="value">5</td></tr></tbody></table>'
                     '<figure class="chart">chart-guessed-1</figure><p></p>')


def test_the_number_and_the_date_are_left_blank_for_the_signer_until_given():
    run = small_run(("ket-qua", "Nội dung.", False), number="", issued_on=None)
    run.queued_at = run.queued_at.replace(year=2019, month=2, day=20)
    text = one_line(strip_tags(render_run_html(run)))
    assert "Số: /BC-BCĐ" in text and "Bắc Giang, ngày tháng 02 năm 2019" in text
    run.number, run.issued_on = "5", rendering.datetime.date(2019, 10, 3)
    text = one_line(strip_tags(render_run_html(run)))
    assert "Số: 05/BC-BCĐ" in text and "Bắc Giang, ngày 03 tháng 10 năm 2019" in text


def test_a_long_table_repeats_its_header_on_every_page():
    keys = figure_keys()
    run = small_run(("bang", "{% figure_table " + " ".join(f'"{k}"' for k in keys) + " %}", False))
    pages = [one_line(p.extract_text()) for p in pdf_reader(render_run_pdf(run)).pages]
    with translation.override("vi"):
        first, last = (one_line(str(figure_get(k).label))[:20] for k in (keys[0], keys[-1]))
    start = next(n for n, text in enumerate(pages) if first in text)
    end = next(n for n, text in enumerate(pages) if last in text)
    assert end > start
    assert all("TT Nội dung Số liệu" in pages[n] for n in range(start, end + 1))


def test_charts_are_drawn_from_the_runs_breakdowns_as_svg():
    breakdowns = {"keys": ["incidents.violations"], "labels": {},
                  "by_area": [{"code": "213", "name": "Thành phố Bắc Giang", "figures": {"incidents.violations": 41}},
                              {"code": "222", "name": "Huyện Việt Yên", "figures": {"incidents.violations": 1575}}],
                  "by_year": [{"year": 2019, "figures": {"incidents.violations": 7}},
                              {"year": 2018, "figures": {"incidents.violations": 9}}]}
    run = small_run(("bieu-do", '{% chart "by_district" "incidents.violations" %}\n'
                                '{% chart "by_year" "incidents.violations" kind="line" title="Theo năm" %}\n'
                                '{% chart "by_year" "incidents.thefts" %}', False), breakdowns=breakdowns)
    html = render_run_html(run)
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) == 2  # no breakdown of thefts: no chart
    district_chart = ET.fromstring(svgs[0])
    texts = [t.text for t in district_chart.iter("{http://www.w3.org/2000/svg}text")]
    assert "Huyện Việt Yên" in texts and "1.575" in texts
    years = [t.text for t in ET.fromstring(svgs[1]).iter("{http://www.w3.org/2000/svg}text")]
    assert "Theo năm" in years and years.index("2018") < years.index("2019")
    assert render_run_pdf(run).startswith(b"%PDF")


def test_without_the_font_a_pdf_is_refused_with_a_way_to_install_it(monkeypatch):
    monkeypatch.setattr(rendering, "FONT_SOURCES", [(rendering.Path("/nowhere"), "X-{}.ttf", "X")])
    run = small_run(("ket-qua", "Nội dung.", False))
    with pytest.raises(FontMissing, match="apt-get install fonts-liberation2"):
        render_run_pdf(run)


@pytest.mark.parametrize("kind", ["annual", "half-year", "quarterly"])
def test_the_periodic_templates_render_their_figures_tables_and_charts(kind):
    template = ReportTemplate.objects.get(kind=kind, active=True)
    figures = {key: n * 7 for n, key in enumerate(figure_keys(), start=1)}
    districts = [("213", "Thành phố Bắc Giang"), ("218", "Huyện Lục Nam"), ("222", "Huyện Việt Yên")]
    breakdowns = {"by_area": [{"code": code, "name": name, "figures": {k: n * 3 + i for n, k in enumerate(figures)}}
                              for i, (code, name) in enumerate(districts)], "by_year": []}
    run = seed_run(template=template, kind=kind, title=template.title, subtitle=template.subtitle, figures=figures,
                   more_than=[], breakdowns=breakdowns, period_start=rendering.datetime.date(2019, 7, 1),
                   period_end=rendering.datetime.date(2019, 9, 30))
    pdf = render_run_pdf(run)
    save_artifact(f"{kind}.pdf", pdf)
    text = one_line(pdf_text(pdf))
    assert "quý III năm 2019" in text and "Nơi nhận:" in text
    assert f"có {figures['context.units']} cơ quan, doanh nghiệp, nhà trường" in text
    assert "TT Nội dung Số liệu" in text  # the tables
    assert "Huyện Việt Yên" in text  # a chart by district
    fonts = pdf_fonts(pdf_reader(pdf))
    assert all(fonts.values()) and all(report_font_named(name) for name in fonts), fonts
    assert "…" not in text and "[?" not in text
