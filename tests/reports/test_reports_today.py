"""Reports of today (#15 part 6): the annual report 2025, the six-month report of 2026 and the 5-year review
2021–2025 of the new Bắc Ninh (code 24 on the map after 01/07/2025), generated from the demo data as a worker would,
with every figure their templates print found in the PDF as the statistics registry computes it for the same area and
period (antqcore.stats.figures_compute), like the 2019 review is checked against the seed. After the reform the
province has no districts: the breakdowns go by commune, and the periods that began before it also by former province.
"""

import datetime
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from antqcore.demo import demo_accounts_seed, demo_seeders
from antqcore.models import Area, Role, User
from antqcore.stats import figures_compute, is_more_than
from reports.formatting import format_figure
from reports.models import ReportRun, ReportTemplate
from reports.services import report_run_generate
from tests.conftest import client_for
from tests.reports.seedcheck import normalise

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
D = datetime.date
FIG = re.compile(r'{%\s*fig\s+"(?P<key>[^"]+)"(?P<rest>[^%]*)%}(?P<after>\s*(?:\w+|[^\w\s{])?)')
TABLE = re.compile(r'{%\s*figure_table\s+(?P<keys>(?:"[^"]+"\s*)+)')
OPTION = re.compile(r'(\w+)="([^"]*)"')


def printed_figures(template: ReportTemplate, figures: dict) -> Counter:
    """What each {% fig %} of the template prints, with the word that follows it in the text ("05 vụ", "14,66%"), and
    each value of its figure tables: every phrase as many times as the template prints it."""
    texts = [template.title, template.subtitle, template.closing] + [s.body for s in template.sections.all()]
    phrases: Counter = Counter()
    for text in texts:
        for m in FIG.finditer(text or ""):
            key, rest = m["key"], m["rest"]
            flags, options = set(OPTION.sub("", rest).split()), dict(OPTION.findall(rest))
            value = figures[key]
            more = is_more_than(value) and "exact" not in flags
            if "percent" in flags:
                shown = format_figure(value, more, more_word=options.get("more", "trên")) + "%"
            else:
                shown = format_figure(value, more, "pad" in flags, more_word=options.get("more", "trên"),
                                      scale=options.get("scale"))
            after = " ".join(m["after"].split()) if m["after"].strip() not in ("", "%") else ""
            glue = " " if m["after"][:1].isspace() else ""
            phrases[f"{shown}{glue}{after}".strip()] += 1
        for m in TABLE.finditer(text or ""):
            for key in re.findall(r'"([^"]+)"', m["keys"]):
                phrases[format_figure(figures[key], is_more_than(figures[key]))] += 1
    return phrases


def missing(text: str, phrases: Counter) -> list[str]:
    text = normalise(text)
    def found(phrase: str) -> int:
        # A whole number: not inside a longer one (1.575 in 11.575, 14 in 14,66), and a whole word after it.
        after = r"(?![\w,]|\.\d)" if phrase[-1].isdigit() else r"(?!\w)"
        return len(re.findall(r"(?<![\d.,])" + re.escape(phrase) + after, text))

    return [phrase for phrase, n in phrases.items() if found(phrase) < n]


# What the demo of today records every year from 2020 to now (units/certification/models, incidents/commendations/
# tallies/coordination): each of these is above zero in each report of today.
KEYS_OF_TODAY = ["context.units", "context.workers", "guards.total", "incidents.thefts", "incidents.violations",
                 "commendations.collective", "certification.province.antt_safe", "models.self_managed",
                 "coordination.total", "inspections.standing_agency"]


def zeros(figures: dict, tallies: bool = True) -> list[str]:
    """The figures of KEYS_OF_TODAY at zero, and "propaganda" when no tally of propaganda was entered at all."""
    missing = [key for key in KEYS_OF_TODAY if not figures[key]]
    if tallies and not any(v for k, v in figures.items() if k.startswith("propaganda.")):
        missing.append("propaganda")
    return missing


@pytest.fixture
def demo(db):
    """The demo data as `make run` seeds it (the accounts, then every registry's seeder in order)."""
    demo_accounts_seed()
    for _name, seeder in demo_seeders():
        seeder()
    return User.objects.create_user("bacninh-test", password="x", role=Role.PROVINCE_STAFF,
                                    scope_area=Area.objects.get(path="N.24"))


def generate(user, template: str, start: str, end: str, name: str) -> tuple[ReportRun, str, bytes]:
    staff = client_for(user)
    r = staff.post(URL, {"template": template, "area": "24", "period_start": start, "period_end": end,
                         "number": "15/BC-BCĐ"}, format="json")
    assert r.status_code == 202, r.json()
    assert report_run_generate(run_id=r.json()["id"]) == "done"
    body = staff.get(r.json()["url"]).json()
    assert (body["status"], body["error"]) == ("done", "")
    pdf = b"".join(staff.get(body["pdf"]).streaming_content)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_bytes(pdf)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return ReportRun.objects.get(pk=r.json()["id"]), text, pdf


def check_figures(run: ReportRun, text: str) -> dict:
    """The run froze the registry's figures for its area and period, and the PDF prints every one its template
    names."""
    figures = figures_compute(area=run.area, start=run.period_start, end=run.period_end)
    assert run.figures == {k: (int(v) if isinstance(v, int) else v) for k, v in figures.items()}
    assert missing(text, printed_figures(run.template, figures)) == []
    return figures


def test_the_reports_of_today_of_the_new_bac_ninh_print_the_registrys_figures(demo, settings, tmp_path):
    """One test for the three reports: the demo is seeded once."""
    settings.MEDIA_ROOT = str(tmp_path)

    # The annual report 2025: the old Bắc Giang's records (the demo's registry) count in the new province, whose
    # communes are today's; no district after the reform, so the breakdown goes by commune and by former province.
    run, text, _pdf = generate(demo, "annual", "2025-01-01", "2025-12-31", "annual-2025-bac-ninh.pdf")
    assert run.area.path == "N.24" and "tỉnh Bắc Ninh" in normalise(text)
    figures = check_figures(run, text)
    assert figures["context.communes"] == 99 and figures["context.districts"] == 0
    assert zeros(figures) == []
    by_area = run.breakdowns["by_area"]
    assert len(by_area) == 99 and all(row["name"].startswith(("Xã", "Phường")) for row in by_area)
    assert [row["name"] for row in run.breakdowns["by_former"]] == ["Tỉnh Bắc Giang", "Tỉnh Bắc Ninh"]
    former_units = sum(row["figures"]["context.units"] for row in run.breakdowns["by_former"])
    assert former_units == figures["context.units"]
    assert "huyện" not in normalise(text).lower().replace("cấp huyện (đến ngày 30/06/2025), cấp xã", "")
    assert "Ban Chỉ đạo cấp huyện (đến ngày 30/06/2025), cấp xã đã kiểm tra" in normalise(text)
    assert "Theo địa bàn tỉnh trước ngày 01/7/2025" in normalise(text)

    # The six-month report of the current year: all on the new map.
    run, text, _pdf = generate(demo, "half-year", "2026-01-01", "2026-06-30", "half-year-2026-bac-ninh.pdf")
    figures = check_figures(run, text)
    # The tallies' catalogue has no reporting body of the new province yet (its bodies are the old Bắc Giang's, which
    # report until 30/06/2025): no tally in 2026 until one is added.
    assert zeros(figures, tallies=False) == [] and figures["context.communes"] == 99
    assert "6 tháng đầu năm 2026" in normalise(text)
    assert len(run.breakdowns["by_area"]) == 99 and "by_former" not in run.breakdowns
    assert "huyện" not in normalise(text).lower()
    assert "Chủ tịch UBND cấp xã công nhận" in normalise(text)

    # The 5-year review 2021–2025, shaped like the seed's review.
    run, text, _pdf = generate(demo, "review", "2021-01-01", "2025-12-31", "review-2021-2025-bac-ninh.pdf")
    figures = check_figures(run, text)
    assert zeros(figures) == [] and figures["context.districts"] == 0
    assert [row["year"] for row in run.breakdowns["by_year"]] == [2021, 2022, 2023, 2024, 2025]
    assert len(run.breakdowns["by_area"]) == 99
