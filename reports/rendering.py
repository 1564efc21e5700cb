"""A report run as a document: HTML in the layout of Decree 30/2020/NĐ-CP (Appendix I), and the PDF WeasyPrint makes
of it.

Every number comes from the figures frozen on the run (`run.figures`, `run.more_than`, `run.breakdowns`): rendering
never computes one, so the PDF, the preview and a later re-render print the same thing. The texts — the template's
title, subtitle, headings, section bodies and closing, and the narratives staff wrote — are rendered as Django
templates with the report tags (reports.templatetags.report_tags) in an engine that knows no other tag library and
reads no file, with a context that holds no user or password. Their literal text is escaped: staff write text, not
HTML. A line break starts a new paragraph.

The font is a Times-metric serif covering Vietnamese (Liberation Serif, or Tinos), embedded from the files the
project installs (scripts/vendor_assets.py copies them into static/vendor/fonts/); rendering a PDF without them
fails with a message saying how to install them."""

import datetime
import html
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from antqcore.models import Area

from .formatting import format_date_long
from .models import ReportRun, ReportSection
from .templatetags.report_tags import RenderState

CSS_PATH = Path(settings.BASE_DIR) / "static" / "reports" / "document" / "report.css"
VENDORED_FONTS = Path(settings.BASE_DIR) / "static" / "vendor" / "fonts" / "liberation-serif"
# Where the font may be, in order: vendored by the project, then Debian's fonts-liberation2 / fonts-liberation /
# fonts-croscore. Each entry: folder, file name pattern for the four styles, family name.
FONT_SOURCES = [
    (VENDORED_FONTS, "LiberationSerif-{}.ttf", "Liberation Serif"),
    (Path("/usr/share/fonts/truetype/liberation2"), "LiberationSerif-{}.ttf", "Liberation Serif"),
    (Path("/usr/share/fonts/truetype/liberation"), "LiberationSerif-{}.ttf", "Liberation Serif"),
    (Path("/usr/share/fonts/truetype/croscore"), "Tinos-{}.ttf", "Tinos"),
]
FONT_STYLES = {"Regular": ("normal", "normal"), "Bold": ("bold", "normal"), "Italic": ("normal", "italic"),
               "BoldItalic": ("bold", "italic")}
DEFAULT_SYMBOL = "BC-BCĐ"
BLOCK_STARTS = ("<table", "<figure", "<div")

ENGINE = Engine(dirs=[], app_dirs=False, libraries={}, builtins=["reports.templatetags.report_tags"],
                autoescape=True, debug=False)


class FontMissing(RuntimeError):
    pass


def font_files() -> tuple[str, dict[str, Path]]:
    """The document's font: its family name and its four styles {"Regular": path, ...}, from the first place that
    has all four."""
    for folder, pattern, family in FONT_SOURCES:
        files = {style: folder / pattern.format(style) for style in FONT_STYLES}
        if all(f.is_file() for f in files.values()):
            return family, files
    raise FontMissing(
        "The report font is missing: no Liberation Serif (or Tinos) in static/vendor/fonts/liberation-serif/ or in "
        "/usr/share/fonts/truetype/. Install it with `apt-get install fonts-liberation2`, then run "
        "`python scripts/vendor_assets.py` (part of `make install`)."
    )


@dataclass(frozen=True)
class RunInfo:
    """What a template's text may read of the run (never its users)."""

    kind: str
    number: str
    place: str
    issued_on: datetime.date | None
    issuer: str
    issuer_parent: str
    version: int
    stage: str


def text_context(run: ReportRun, state: RenderState) -> dict:
    area: Area = run.area
    return {
        "figures": run.figures or {},
        "more_than": set(run.more_than or ()),
        "breakdowns": run.breakdowns or {},
        "area": area,
        "area_full": f"{area.kind.lower()} {area.short_name}".strip(),
        "area_short": area.short_name,
        "period_start": run.period_start,
        "period_end": run.period_end,
        "run": RunInfo(kind=run.kind, number=run.number, place=run.place, issued_on=run.issued_on,
                       issuer=run.issuer, issuer_parent=run.issuer_parent, version=run.version, stage=run.stage),
        "report_state": state,
    }


def _render(text: str, context: dict, state: RenderState) -> str:
    source = html.escape(unicodedata.normalize("NFC", text or ""), quote=False)
    try:
        return ENGINE.from_string(source).render(Context(context))
    except TemplateSyntaxError as exc:
        if state.is_strict():
            raise
        # A broken tag in staff text shows the text as written rather than stopping the report.
        state.errors.append(str(exc))
        return source


def render_inline(text: str, context: dict, state: RenderState) -> SafeString:
    """A heading or a title: lines joined with line breaks."""
    lines = [line.strip() for line in _render(text, context, state).splitlines() if line.strip()]
    return mark_safe("<br>".join(lines))


def render_blocks(text: str, context: dict, state: RenderState) -> SafeString:
    """A body: one paragraph per line; tables and charts as they come."""
    out = []
    for line in _render(text, context, state).splitlines():
        line = line.strip()
        if not line:
            continue
        out.append(line if line.startswith(BLOCK_STARTS) else f"<p>{line}</p>")
    return mark_safe("".join(out))


def text_problems(text: str) -> list[str]:
    """What is wrong in a template text or a narrative (unknown figure keys, broken tags), for a form to show before
    saving; rendering such a text prints "[?key]" instead."""
    from antqcore.stats import figure_keys

    state = RenderState(for_pdf=True, strict=False)
    context = {"figures": dict.fromkeys(figure_keys(), 0), "more_than": set(), "breakdowns": {},
               "period_start": datetime.date(2000, 1, 1), "period_end": datetime.date(2000, 12, 31),
               "report_state": state}
    _render(text, context, state)
    return state.problems()


def _number_line(run: ReportRun) -> str:
    number = (run.number or "").strip()
    if not number:
        return f"Số:{' ' * 8}/{DEFAULT_SYMBOL}"
    if "/" not in number:
        number = f"{int(number):02d}" if number.isdigit() else number
        number = f"{number}/{DEFAULT_SYMBOL}"
    return f"Số: {number}"


def _date_line(run: ReportRun) -> str:
    place = run.place or run.area.short_name
    if run.issued_on:
        return f"{place}, {format_date_long(run.issued_on)}"
    # Not dated yet: the day is left blank for the signer, as on a paper draft.
    day = timezone.localdate(run.queued_at) if run.queued_at else timezone.localdate()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày{' ' * 6}tháng {month} năm {day.year}"


def _recipients(run: ReportRun) -> list[dict]:
    rows = []
    for line in (run.recipients or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.endswith(":"):
            rows.append({"label": True, "text": line})
        else:
            rows.append({"label": False, "text": line if line.startswith(("-", "–")) else f"- {line}"})
    return rows


def _font_face_css() -> str:
    # The family keeps its own name, so that the PDF's fonts say what they are (Liberation Serif or Tinos); the
    # stylesheet asks for either.
    family, files = font_files()
    rules = []
    for style, path in files.items():
        weight, slant = FONT_STYLES[style]
        rules.append(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                     f"font-weight: {weight}; font-style: {slant}; }}")
    return "\n".join(rules)


def _preview_font_css() -> str:
    if not all((VENDORED_FONTS / f"LiberationSerif-{s}.ttf").is_file() for s in FONT_STYLES):
        return ""
    rules = []
    for style, (weight, slant) in FONT_STYLES.items():
        url = static(f"vendor/fonts/liberation-serif/LiberationSerif-{style}.ttf")
        rules.append(f'@font-face {{ font-family: "Liberation Serif"; src: url("{url}"); font-weight: {weight}; '
                     f"font-style: {slant}; }}")
    return "\n".join(rules)


def render_run_html(run: ReportRun, *, narratives: dict[str, str] | None = None, for_pdf: bool = True) -> str:
    """The whole document as HTML. `narratives` (section key → text) replace the run's saved ones, for a preview of
    unsaved edits; for_pdf=False gives the web preview (footnotes listed at the end, fonts from the static files)."""
    state = RenderState(for_pdf=for_pdf)
    context = text_context(run, state)
    written = {n.section_key: n.text for n in run.narratives.all()}
    written.update(narratives or {})
    template = run.template
    with translation.override("vi"):
        sections = []
        for section in ReportSection.objects.filter(template=template).order_by("order", "id"):
            text = written.get(section.key, section.body) if section.narrative else section.body
            sections.append({
                "key": section.key, "level": section.level, "narrative": section.narrative,
                "heading": render_inline(section.heading, context, state) if section.heading else "",
                "body": render_blocks(text, context, state),
            })
        document = {
            "run": run,
            "for_pdf": for_pdf,
            "css": mark_safe((_font_face_css() if for_pdf else _preview_font_css()) + "\n"
                             + CSS_PATH.read_text(encoding="utf-8")),
            "issuer_parent": (run.issuer_parent or "").upper(),
            "issuer": (run.issuer or "").upper(),
            "number_line": _number_line(run),
            "date_line": _date_line(run),
            "title": render_inline(run.title or template.title, context, state),
            "subtitle": render_inline(run.subtitle or template.subtitle, context, state),
            "sections": sections,
            "closing": render_blocks(template.closing, context, state),
            "recipients": _recipients(run),
            "signer_authority": (run.signer_authority or "").upper(),
            "signer_title": (run.signer_title or "").upper(),
            "signer_name": run.signer_name,
            "footnotes": [mark_safe(f) for f in state.footnotes] if not for_pdf else [],
            "problems": state.problems(),
        }
        out = render_to_string("reports/document/report.html", document)
    return unicodedata.normalize("NFC", out)


def render_run_pdf(run: ReportRun) -> bytes:
    """The PDF of the run (A4, fonts embedded)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    font_config = FontConfiguration()
    # The document loads its font files and nothing from the network.
    document = HTML(string=render_run_html(run, for_pdf=True), base_url=str(settings.BASE_DIR),
                    url_fetcher=URLFetcher(allowed_protocols={"file"}))
    return document.write_pdf(font_config=font_config)
