"""Helpers of the document tests: a review run of Bắc Giang for the seed's period with the seed's figures set by hand
(the registries' own figures are tested with their demo data), and what a PDF reader sees of a page."""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from reports.models import ReportRun, ReportTemplate, RunStatus
from tests.conftest import area
from tests.reports.seedcheck import expected_value, seed_figures

SEED_START, SEED_END = datetime.date(2014, 8, 15), datetime.date(2019, 9, 30)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
SEED_RECIPIENTS = "\n".join([
    "Bộ Công an;", "Cục XDPTBVANTQ, Bộ Công an;", "TT Tỉnh ủy, TT HĐND tỉnh;", "Công an tỉnh (05b);", "Lưu: VT, NC.",
    "Bản điện tử:", "CT, các PCT UBND tỉnh;", "UBMTTQ, các sở, ban, ngành, đoàn thể tỉnh;",
    "Thành viên Ban Chỉ đạo tỉnh;", "Các CQDNNT trên địa bàn tỉnh;", "UBND - BCĐ huyện, thành phố."])


def seed_figure_values() -> tuple[dict, list[str]]:
    """The seed's figures as a run freezes them (the registries' sums where the seed disagrees with itself), and the
    keys the seed writes "trên"/"hơn"."""
    figures = {row["key"]: expected_value(row) for row in seed_figures()}
    more_than = [row["key"] for row in seed_figures() if "'trên " in row["note"] or "'hơn " in row["note"]]
    return figures, more_than


def seed_run(**fields) -> ReportRun:
    template = ReportTemplate.objects.get(kind="review", active=True)
    figures, more_than = seed_figure_values()
    values = dict(
        template=template, kind="review", area=area("24"), map_date=SEED_END, period_start=SEED_START,
        period_end=SEED_END, issuer_parent="UBND tỉnh Bắc Giang",
        issuer="Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ ANTQ",
        number="125/BC-BCĐ", place="Bắc Giang", issued_on=SEED_END, title=template.title,
        subtitle=template.subtitle, signer_authority="Trưởng ban", signer_title="Phó Chủ tịch UBND tỉnh",
        signer_name="Lê Ánh Dương", recipients=SEED_RECIPIENTS, status=RunStatus.DONE, progress=100,
        figures=figures, more_than=more_than) | fields
    return ReportRun.objects.create(**values)


@dataclass
class Fragment:
    text: str
    x: float
    y: float


def page_fragments(page) -> list[Fragment]:
    """The page's text pieces with where they start (PDF points from the bottom left)."""
    out = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            out.append(Fragment(text, cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

    page.extract_text(visitor_text=visit)
    return out


def pdf_reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def pdf_fonts(reader: PdfReader) -> dict[str, bool]:
    """Every font the pages use, also inside drawings (charts): its name → whether its TrueType program is embedded."""
    fonts = {}

    def walk(resources):
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor.get_object()
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                walk(xobject["/Resources"])

    for page in reader.pages:
        walk(page["/Resources"])
    return fonts


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader(pdf).pages)


def save_artifact(name: str, content: bytes) -> None:
    """Keep the document for a person to look at (test-artifacts/ is not committed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_bytes(content)
