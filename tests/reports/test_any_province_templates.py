"""Issue #16 part 2: the shipped templates name no province. Every shipped template (review, annual, six-month,
quarterly) is rendered for three provinces of both maps — the new Bắc Ninh (N.24), the old Hà Tĩnh (L.42) and the
new Thái Nguyên (N.19) — as a new province gets them (`province_setup`'s reports step: an empty profile), with the
narrative a new report of theirs starts from; the document and its annex name no other province of the 63 + 34, and
the facts the province has not given print as "[chưa khai báo: …]", never Bắc Giang's."""

import datetime
import html
import io
import re
from types import SimpleNamespace

import pytest
from django.db import transaction
from openpyxl import load_workbook

from antqcore.areas_source import read_area_source
from antqcore.selectors import area_resolve
from antqcore.services import areas_load
from reports.annex import annex_xlsx
from reports.demo import BAC_GIANG, reports_demo_seed
from reports.models import ReportKind
from reports.province_setup import reports_province_setup
from reports.rendering import render_run_html
from reports.services import report_run_create

pytestmark = pytest.mark.django_db
D = datetime.date
# (official code, a day of its map): the province as its reports name it, and each type's period.
PROVINCES = {"N.24": ("24", D(2026, 6, 30), "Bắc Ninh"), "L.42": ("42", D(2019, 9, 30), "Hà Tĩnh"),
             "N.19": ("19", D(2026, 6, 30), "Thái Nguyên")}
PERIODS = {
    "L.42": {"review": (D(2014, 8, 15), D(2019, 9, 30)), "annual": (D(2018, 1, 1), D(2018, 12, 31)),
             "half-year": (D(2019, 1, 1), D(2019, 6, 30)), "quarterly": (D(2019, 7, 1), D(2019, 9, 30))},
    "new": {"review": (D(2025, 7, 1), D(2026, 6, 30)), "annual": (D(2025, 7, 1), D(2025, 12, 31)),
            "half-year": (D(2026, 1, 1), D(2026, 6, 30)), "quarterly": (D(2025, 10, 1), D(2025, 12, 31))},
}


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def province_names() -> dict[str, set[str]]:
    """Every province of both maps (63 + 34): its path → its names ("Bắc Giang", "Tỉnh Bắc Giang")."""
    rows = [r for r in read_area_source().rows if r.level == "province"]
    assert len([r for r in rows if r.era == "legacy"]) == 63 and len([r for r in rows if r.era != "legacy"]) == 34
    return {r.path: {r.short_name, r.name} for r in rows}


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker):
    """Every shipped template's document and annex texts for each of the three provinces (rendered once)."""
    out = {}
    with django_db_blocker.unblock(), transaction.atomic():
        areas_load(province_codes={"42", "19"})
        reports_demo_seed()  # Bắc Giang's profile and narrative are in the database, as on the demo
        for path, (code, day, _name) in PROVINCES.items():
            province = area_resolve(code=code, on=day)
            assert province.path == path
            reports_province_setup(province=province, dry_run=False)
            for kind in ReportKind.values:
                start, end = PERIODS["L.42" if path == "L.42" else "new"][kind]
                run = report_run_create(actor=None, scheduled=True, template_kind=kind, area=code,
                                        period_start=start, period_end=end)
                book = load_workbook(io.BytesIO(annex_xlsx(run)))
                annex = " ".join(str(v) for row in book["Thông tin"].iter_rows(values_only=True) for v in row if v)
                out[path, kind] = SimpleNamespace(text=_text(render_run_html(run)), annex=annex)
        transaction.set_rollback(True)
    return out


# Names that contain a province's name and are no province: the Youth Union bears Hồ Chí Minh's name.
NOT_PLACES = re.compile(r"(cộng sản|TNCS) Hồ Chí Minh", flags=re.I)


def _named(names: set[str], text: str) -> list[str]:
    # A name as a word, capitalised as a name ("Hòa Bình" is a province; “Diễn biến hòa bình” is not).
    text = NOT_PLACES.sub("…", text)
    return [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)]


@pytest.mark.parametrize("path", PROVINCES)
@pytest.mark.parametrize("kind", ReportKind.values)
def test_a_shipped_template_names_no_other_province(documents, path, kind):
    document = documents[path, kind]
    own = PROVINCES[path][2]
    others = {p: names for p, names in province_names().items()
              if not any(own == n or n.endswith(" " + own) for n in names)}
    found = {p: _named(names, document.text + " " + document.annex) for p, names in others.items()}
    assert {p: n for p, n in found.items() if n} == {}
    assert own in document.text  # and it names its own


@pytest.mark.parametrize("path", PROVINCES)
def test_the_review_prints_placeholders_for_the_facts_a_new_province_has_not_given(documents, path):
    text = documents[path, "review"].text
    for placeholder in ("[chưa khai báo: diện tích]", "[chưa khai báo: dân số]",
                        "[chưa khai báo: tỷ lệ dân tộc thiểu số]"):
        assert placeholder in text
    assert "3.895" not in text and "14,66%" not in text and "An ninh Bắc Giang" not in text


# A document number as the reports cite one: "1010/UBND-NC", "90/KH-CAT-PV28", "23/2012/TT-BCA", "89-TB/TU".
DOCUMENT_NUMBER = re.compile(r"\d+(?:/\d{4})?/[A-ZĐ][A-ZĐ0-9&\-]*(?:/[A-ZĐ0-9\-]+)*|\d+-[A-ZĐ]+/[A-ZĐ]+")
# Those of the ministry (Bộ Công an and its departments), which every province's review may cite.
NATIONAL = re.compile(r"BCA|/V05")


def bac_giang_documents() -> set[str]:
    """The numbers of the documents Bắc Giang's own bodies issued (its People's Committee, police, steering committee,
    departments, party committees), as its demo profile and narrative cite them."""
    numbers = set(DOCUMENT_NUMBER.findall(BAC_GIANG.read_text(encoding="utf-8")))
    return {n for n in numbers if not NATIONAL.search(n)}


def test_the_bac_giang_demo_cites_its_own_documents():
    # What the next test looks for: the directive the 2019 review answers and its police's plans are among them.
    assert {"1010/UBND-NC", "90/KH-CAT-PV28", "327/CAT-PV05", "89-TB/TU"} <= bac_giang_documents()
    assert "07/CT-BCA-V28" not in bac_giang_documents()


@pytest.mark.parametrize("path", PROVINCES)
@pytest.mark.parametrize("kind", ReportKind.values)
def test_a_shipped_template_cites_none_of_bac_giangs_documents(documents, path, kind):
    """The directive a review answers and the plans of the province's police are the province's: another province's
    report prints none of Bắc Giang's (the review's subtitle, its "Phần thứ nhất" heading and its closing print the
    province's own directive from its profile, a placeholder until it is given)."""
    document = documents[path, kind]
    cited = set(DOCUMENT_NUMBER.findall(document.text + " " + document.annex))
    assert cited & bac_giang_documents() == set()


@pytest.mark.parametrize("path", PROVINCES)
def test_the_review_names_the_directive_it_answers_from_the_profile(documents, path):
    text = documents[path, "review"].text
    assert "[chưa khai báo: văn bản của tỉnh được sơ kết cùng]" in text
    assert "[chưa khai báo: văn bản của tỉnh được sơ kết cùng (viết tắt)]" in text


def test_a_heading_prints_the_directive_in_capitals_and_a_wrong_option_is_refused(province_staff):
    from reports.rendering import text_problems
    from reports.services import province_profile_save
    from tests.conftest import area
    from tests.reports.pdf_helpers import seed_run

    province_profile_save(actor=province_staff, province=area("24"),
                          values={"review_directive_short": "Công văn số 1010/UBND-NC", "review_directive_years": "01"})
    run = seed_run(subtitle='VÀ {% profile "review_directive_years" %} NĂM TRIỂN KHAI THỰC HIỆN '
                            '{% profile "review_directive_short" "upper" %}')
    assert "VÀ 01 NĂM TRIỂN KHAI THỰC HIỆN CÔNG VĂN SỐ 1010/UBND-NC" in _text(render_run_html(run))
    assert "không có tùy chọn “hoa”" in " ".join(text_problems('{% profile "review_directive_short" "hoa" %}'))
