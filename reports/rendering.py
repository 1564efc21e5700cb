"""A report run as a document: HTML in the layout of Decree 30/2020/NĐ-CP (Appendix I), and the PDF WeasyPrint makes
of it.

Every number comes from the figures frozen on the run (`run.figures`, `run.more_than`, `run.breakdowns`): rendering
never computes one, so the PDF, the preview and a later re-render print the same thing.

The texts — the template's title, subtitle, headings, section bodies and closing, and the narratives staff wrote — are
written in a small language: the report tags and filters of reports.templatetags.report_tags and a few plain
variables (VARIABLES), nothing else. It is parsed with Django's template lexer and parser, given that library alone
(ReportTextParser): Django's own tags and filters (`safe`, `stringformat`, `include`, `load`, `for`, `lorem`...) do not
exist there, and a variable outside the list is refused when the text is parsed, so a text cannot reach an object
or loop. Keeping Django's parser rather than writing one keeps the report tags as they are and the syntax staff
know; the allow-list is in the parser, so no default can creep back in. Anything else is refused with a message
naming it, in the forms and the API before saving (check_template_text) and at generation. A text's literal text is
escaped (staff write text, not HTML), a line break starts a new paragraph, and what a text renders to is sanitised
with nh3 to the elements the report tags make; a chart's SVG, drawn by reports.charts from numbers, is put in after.
The size of each text and of the document and the time spent are capped (settings ANTQ_REPORT_TEXT_INPUT_MAX_CHARS,
ANTQ_REPORT_TEXT_MAX_CHARS, ANTQ_REPORT_DOCUMENT_MAX_CHARS, ANTQ_REPORT_RENDER_SECONDS).

The font is a serif covering Vietnamese, embedded from the files the project installs: `make install`
(scripts/vendor_assets.py) puts Liberation Serif (Times-metric, Debian's fonts-liberation2) into static/vendor/fonts/
where the system has it or root can install it, and Noto Serif from its PyPI package otherwise; the system's
Liberation Serif or Tinos are used as they are. Rendering a PDF without any of them fails with a message saying how
to install one. WeasyPrint loads those font files and nothing else
(DocumentURLFetcher): every other URL a document might name (files, the network, data: URLs) is refused and
logged."""

import dataclasses
import datetime
import functools
import html
import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.base import Lexer, Parser, Variable
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from antqcore.models import Area
from antqcore.selectors import last_day_of_old_map

from .formatting import format_date_long, format_number
from .models import PROFILE_FACTS, ReportRun, ReportSection
from .selectors import profile_facts, profile_on
from .templatetags import report_tags
from .templatetags.report_tags import RenderState, ReportRenderRefused, ReportTextError

__all__ = ["FontMissing", "ReportRenderRefused", "ReportTextError", "check_template_text", "html_to_pdf",
           "plain_text", "render_plain", "render_run_html", "render_run_pdf", "text_problems"]

logger = logging.getLogger("antq.reports")
security_logger = logging.getLogger("antq.security")

CSS_PATH = Path(settings.BASE_DIR) / "static" / "reports" / "document" / "report.css"
VENDOR_FONTS = Path(settings.BASE_DIR) / "static" / "vendor" / "fonts"
VENDORED_FONTS = VENDOR_FONTS / "liberation-serif"
# Where the font may be, in order: what `make install` vendored (Liberation Serif, or else Noto Serif from its PyPI
# package; scripts/vendor_assets.py keeps one of the two), then Debian's fonts-liberation2 / fonts-croscore (not
# fonts-liberation 1.x: it has no Vietnamese letters). Each entry: folder, file name pattern for the four styles,
# family name.
FONT_SOURCES = [
    (VENDORED_FONTS, "LiberationSerif-{}.ttf", "Liberation Serif"),
    (VENDOR_FONTS / "noto-serif", "NotoSerif-{}.ttf", "Noto Serif"),
    (Path("/usr/share/fonts/truetype/liberation2"), "LiberationSerif-{}.ttf", "Liberation Serif"),
    (Path("/usr/share/fonts/truetype/croscore"), "Tinos-{}.ttf", "Tinos"),
]
FONT_STYLES = {"Regular": ("normal", "normal"), "Bold": ("bold", "normal"), "Italic": ("normal", "italic"),
               "BoldItalic": ("bold", "italic")}
DEFAULT_SYMBOL = "BC-BCĐ"
BLOCK_STARTS = ("<table", "<figure")


class FontMissing(RuntimeError):
    pass


def _font_sources() -> list[tuple[str, dict[str, Path]]]:
    """Every complete font of FONT_SOURCES, in order: (family, {"Regular": path, ...})."""
    found = []
    for folder, pattern, family in FONT_SOURCES:
        files = {style: folder / pattern.format(style) for style in FONT_STYLES}
        if all(f.is_file() for f in files.values()):
            found.append((family, files))
    return found


def font_files() -> tuple[str, dict[str, Path]]:
    """The document's font: its family name and its four styles {"Regular": path, ...}, from the first place that
    has all four."""
    found = _font_sources()
    if found:
        return found[0]
    raise FontMissing(
        "The report font is missing: no Liberation Serif or Noto Serif in static/vendor/fonts/, no Liberation Serif "
        "or Tinos in /usr/share/fonts/truetype/. Run `make install` (or `.venv/bin/python scripts/vendor_assets.py`): "
        "it copies Liberation Serif from Debian's fonts-liberation2 (`apt-get install fonts-liberation2`, which it "
        "runs where it is root) or else Noto Serif from the PyPI package fontpkg-noto-serif."
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


# --- The language of the texts -------------------------------------------------------------------------------------

DATE_PARTS = ("year", "month", "day")
DATE_VARIABLES = ("period_start", "period_end", "run.issued_on")
# Every variable a text may print, whole: plain strings, numbers and dates. `{{ period_end.year }}` is one; `{{ run }}`
# or `{{ area.name }}` are not (the run's and the area's objects never reach a text).
VARIABLES = frozenset(
    ["area_full", "area_short", "local_level"]
    + [f"run.{f.name}" for f in dataclasses.fields(RunInfo)]
    + [name for date in DATE_VARIABLES for name in (date, *(f"{date}.{part}" for part in DATE_PARTS))]
)
REPORT_LIBRARY = report_tags.register
# Django's Engine always adds its default builtins (defaulttags, defaultfilters, loader_tags); a report text is
# parsed by ReportTextParser with the report library alone, and the engine's own list is replaced as well so that
# nothing that reaches it through the engine finds them either.
ENGINE = Engine(dirs=[], app_dirs=False, libraries={}, builtins=[], autoescape=True, debug=False)
ENGINE.template_builtins = [REPORT_LIBRARY]
ENGINE.template_libraries = {}


def _named(text: str, limit: int = 60) -> str:
    """A piece of a text as a message quotes it: unescaped (the source is escaped before parsing), shortened."""
    text = html.unescape(" ".join(str(text).split()))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _allowed_tags() -> str:
    return ", ".join(f"{{% {name} %}}" for name in sorted(REPORT_LIBRARY.tags) if not name.startswith("end"))


def _allowed_filters() -> str:
    return ", ".join(f"|{name}" for name in sorted(REPORT_LIBRARY.filters))


def _allowed_variables() -> str:
    names = sorted(v for v in VARIABLES if v.rsplit(".", 1)[-1] not in DATE_PARTS)
    return _("%(names)s (a date also gives .year, .month, .day)") % {"names": ", ".join(names)}


def _variable_refused(path: str) -> ReportTextError:
    return ReportTextError(
        _("The variable %(variable)s cannot be used in a report text. Report texts use only the variables "
          "%(allowed)s.") % {"variable": f"{{{{ {_named(path, 40)} }}}}", "allowed": _allowed_variables()})


def _tag_compiler(name: str, compile_func):
    """The tag's own compiler, with its complaints put in words for staff."""

    def compile_tag(parser, token):
        try:
            return compile_func(parser, token)
        except ReportTextError:
            raise
        except TemplateSyntaxError as exc:
            raise ReportTextError(_("The tag %(tag)s is not written correctly: %(error)s")
                                  % {"tag": f"{{% {name} %}}", "error": _named(exc, 200)}) from exc

    return compile_tag


class ReportTextParser(Parser):
    """Django's template parser with the report library alone, refusing every other tag, filter and variable with a
    message that names it."""

    def __init__(self, tokens, origin=None):
        super().__init__(tokens, libraries={}, builtins=[REPORT_LIBRARY], origin=origin)
        self.tags = {name: _tag_compiler(name, func) for name, func in self.tags.items()}

    def invalid_block_tag(self, token, command, parse_until=None):
        raise self.error(token, ReportTextError(
            _("The tag %(tag)s cannot be used in a report text. Report texts use only the tags %(allowed)s.")
            % {"tag": f"{{% {_named(command, 40)} %}}", "allowed": _allowed_tags()}))

    def unclosed_block_tag(self, parse_until):
        command, token = self.command_stack.pop()
        raise self.error(token, ReportTextError(
            _("The tag %(tag)s is not closed: add %(end)s after its text.")
            % {"tag": f"{{% {command} %}}", "end": " / ".join(f"{{% {end} %}}" for end in parse_until)}))

    def find_filter(self, filter_name):
        if filter_name in self.filters:
            return self.filters[filter_name]
        raise ReportTextError(
            _("The filter %(filter)s cannot be used in a report text. Report texts use only the filters "
              "%(allowed)s.") % {"filter": f"|{_named(filter_name, 40)}", "allowed": _allowed_filters()})

    def compile_filter(self, token):
        name = re.match(r"[\w.]*", token.strip()).group()
        if any(part.startswith("_") for part in name.split(".")):  # Django refuses these too, less clearly
            raise _variable_refused(name)
        try:
            expression = super().compile_filter(token)
        except ReportTextError:
            raise
        except TemplateSyntaxError as exc:
            raise ReportTextError(_("“%(expression)s” cannot be used in a report text (%(error)s).")
                                  % {"expression": _named(token), "error": _named(exc, 200)}) from exc
        variables = [expression.var] + [arg for _func, args in expression.filters for lookup, arg in args if lookup]
        for variable in variables:
            if isinstance(variable, Variable) and variable.lookups is not None:
                path = ".".join(variable.lookups)
                if path not in VARIABLES:
                    raise _variable_refused(path)
        return expression


class ReportText(Template):
    """A text in the report language (see ReportTextParser)."""

    def __init__(self, source: str):
        super().__init__(source, engine=ENGINE)

    def compile_nodelist(self):
        return ReportTextParser(Lexer(self.source).tokenize(), origin=self.origin).parse()


def local_level(start: datetime.date, end: datetime.date) -> str:
    """The level below the province in the period, as a text names it ("Ban Chỉ đạo {{ local_level }}", "Chủ tịch UBND
    {{ local_level }}"): the districts until 30/06/2025, the communes after, both for a period across the reform."""
    last_old_day = last_day_of_old_map()
    if end <= last_old_day:
        return "cấp huyện"
    if start > last_old_day:
        return "cấp xã"
    return "cấp huyện (đến ngày " + last_old_day.strftime("%d/%m/%Y") + "), cấp xã"


def area_full(area: Area) -> str:
    """What `{{ area_full }}` prints: "tỉnh Bắc Ninh", "huyện Việt Yên"."""
    return f"{area.kind.lower()} {area.short_name}".strip()


def text_context(run: ReportRun, state: RenderState) -> dict:
    """What a run's texts are rendered with. The tags read the frozen figures; a text itself prints only VARIABLES."""
    area = run.area
    return {
        "figures": run.figures or {},
        "more_than": set(run.more_than or ()),
        "breakdowns": run.breakdowns or {},
        "area_full": area_full(area),
        "area_short": area.short_name,
        "local_level": local_level(run.period_start, run.period_end),
        "period_start": run.period_start,
        "period_end": run.period_end,
        "run": RunInfo(kind=run.kind, number=run.number, place=run.place, issued_on=run.issued_on,
                       issuer=run.issuer, issuer_parent=run.issuer_parent, version=run.version, stage=run.stage),
        # The facts {% profile %} prints: the province's profile valid on the period's end, never another's.
        "profile_facts": profile_facts(profile_on(area=area, day=run.period_end)),
        "report_state": state,
    }


def _too_long(length: int) -> str | None:
    limit = settings.ANTQ_REPORT_TEXT_INPUT_MAX_CHARS
    if length <= limit:
        return None
    return _("The text is too long: %(n)s characters, at most %(max)s.") % {"n": format_number(length),
                                                                             "max": format_number(limit)}


def _render(text: str, context: dict, state: RenderState) -> str:
    """A text rendered, or — where it breaks a rule of the language and the rendering is not strict — the text as
    written, its problem noted on the state. A document past its limits is refused (ReportRenderRefused)."""
    text = unicodedata.normalize("NFC", text or "")
    source = html.escape(text, quote=False)
    state.begin_text()
    try:
        too_long = _too_long(len(text))
        if too_long:
            raise ReportTextError(too_long)
        out = ReportText(source).render(Context(context, autoescape=True))
        state.charge(max(0, len(out) - state.text_chars))  # what the tags did not count: text, variables
        return out
    except ReportRenderRefused:
        raise
    except Exception as exc:
        if state.is_strict():
            raise
        if isinstance(exc, ReportTextError):
            message = str(exc)
        elif isinstance(exc, TemplateSyntaxError):
            message = _("The text has a tag written wrongly (%(error)s).") % {"error": _named(exc, 200)}
        else:
            logger.warning("A report text could not be rendered", exc_info=True)
            message = _("A tag of the text could not be rendered (%(error)s).") % {"error": _named(exc, 200)}
    # A broken text shows as written rather than stopping the report; the preview lists the problem.
    state.errors.append(message)
    state.fall_back(len(source))
    return source


# --- Sanitising ---------------------------------------------------------------------------------------------------

# Exactly what the report tags and the paragraphs make of a text.
CLEANER = nh3.Cleaner(
    tags={"p", "br", "span", "sup", "a", "table", "caption", "thead", "tbody", "tr", "th", "td", "figure"},
    attributes={"a": {"href", "id"}},
    allowed_classes={"span": {"footnote", "unknown-figure"}, "sup": {"footnote-call"}, "figure": {"chart"},
                     "table": {"figures", "breakdown"}, "th": {"num", "value"}, "td": {"num", "value"}},
    attribute_filter=lambda tag, name, value: (
        value if tag != "a" or re.fullmatch(r"#fn-\d+" if name == "href" else r"fnref-\d+", value) else None),
    url_schemes=set(), link_rel=None, strip_comments=True,
)


def sanitise(markup: str, state: RenderState) -> str:
    """A rendered text cut down to the report's elements (CLEANER), then its charts put back."""
    clean = CLEANER.clean(markup)
    for token in [t for t in state.charts if t in clean]:
        clean = clean.replace(f'<figure class="chart">{token}</figure>',
                              f'<figure class="chart">{state.charts[token]}</figure>')
    return clean


def plain_text(markup: str) -> str:
    """Rendered markup as a reader reads it: the elements dropped, a line break as a space, the spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", re.sub(r"<br>", " ", markup))).split())


def render_plain(text: str, context: dict, state: RenderState) -> str:
    """A text rendered as plain text, line by line (for the narrative editor's chips: what a tag prints)."""
    return "\n".join(plain_text(line) for line in _render(text, context, state).split("\n"))


def render_inline(text: str, context: dict, state: RenderState) -> SafeString:
    """A heading or a title: lines joined with line breaks."""
    lines = [line.strip() for line in _render(text, context, state).splitlines() if line.strip()]
    return mark_safe(sanitise("<br>".join(lines), state))


def render_blocks(text: str, context: dict, state: RenderState) -> SafeString:
    """A body: one paragraph per line; tables and charts as they come."""
    out = []
    for line in _render(text, context, state).splitlines():
        line = line.strip()
        if not line:
            continue
        out.append(line if line.startswith(BLOCK_STARTS) else f"<p>{line}</p>")
    return mark_safe(sanitise("".join(out), state))


def text_problems(text: str) -> list[str]:
    """What is wrong in a template text or a narrative (tags, filters or variables outside the report language,
    unknown figure keys, broken tags, a text too long or rendering too long), for a form or the API to show before
    saving. Rendered at generation, such a text prints as written (or "[?key]" for an unknown figure)."""
    from antqcore.stats import figure_keys

    too_long = _too_long(len(text or ""))
    if too_long:
        return [too_long]
    state = RenderState(for_pdf=True, strict=False)
    sample_day = datetime.date(2000, 12, 31)
    context = {"figures": dict.fromkeys(figure_keys(), 0), "more_than": set(), "breakdowns": {},
               "area_full": "tỉnh Bắc Giang", "area_short": "Bắc Giang", "local_level": "cấp huyện",
               "period_start": datetime.date(2000, 1, 1), "period_end": sample_day,
               "run": RunInfo(kind="annual", number="01/BC-BCĐ", place="Bắc Giang", issued_on=sample_day,
                              issuer="BAN CHỈ ĐẠO", issuer_parent="UBND TỈNH", version=1, stage="draft"),
               "profile_facts": dict.fromkeys(PROFILE_FACTS, "x"), "report_state": state}
    try:
        _render(text, context, state)
    except ReportRenderRefused as exc:
        return [str(exc)]
    return state.problems()


def check_template_text(text: str) -> str:
    """Refuse (ValidationError) a template text or a narrative that text_problems finds wrong."""
    problems = text_problems(text or "")
    if problems:
        raise ValidationError(_("This text cannot be used in a report: %(problems)s"),
                              params={"problems": "; ".join(problems)}, code="template_text")
    return text


# --- The document ---------------------------------------------------------------------------------------------------

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
    # The family keeps its own name, so that the PDF's fonts say what they are (Liberation Serif, Noto Serif or
    # Tinos); the stylesheet and the charts ask for each.
    family, files = font_files()
    rules = []
    for style, path in files.items():
        weight, slant = FONT_STYLES[style]
        rules.append(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                     f"font-weight: {weight}; font-style: {slant}; }}")
    return "\n".join(rules)


def _preview_font_css() -> str:
    # The browser gets the first vendored font, from the static files (a system folder is not served).
    vendored = [(family, files) for family, files in _font_sources() if files["Regular"].is_relative_to(VENDOR_FONTS)]
    if not vendored:
        return ""
    family, files = vendored[0]
    rules = []
    for style, path in files.items():
        weight, slant = FONT_STYLES[style]
        url = static(f"vendor/fonts/{path.relative_to(VENDOR_FONTS).as_posix()}")
        rules.append(f'@font-face {{ font-family: "{family}"; src: url("{url}"); font-weight: {weight}; '
                     f"font-style: {slant}; }}")
    return "\n".join(rules)


def _texts(run: ReportRun, written: dict[str, str], context: dict, state: RenderState) -> dict:
    template = run.template
    sections = []
    for section in ReportSection.objects.filter(template=template).order_by("order", "id"):
        text = written.get(section.key, section.body) if section.narrative else section.body
        sections.append({
            "key": section.key, "level": section.level, "narrative": section.narrative,
            "heading": render_inline(section.heading, context, state) if section.heading else "",
            "body": render_blocks(text, context, state),
        })
    return {
        "title": render_inline(run.title or template.title, context, state),
        "subtitle": render_inline(run.subtitle or template.subtitle, context, state),
        "sections": sections,
        "closing": render_blocks(template.closing, context, state),
        "footnotes": [mark_safe(sanitise(f, state)) for f in state.footnotes] if not state.for_pdf else [],
    }


def render_run_html(run: ReportRun, *, narratives: dict[str, str] | None = None, for_pdf: bool = True) -> str:
    """The whole document as HTML. `narratives` (section key → text) replace the run's saved ones, for a preview of
    unsaved edits; for_pdf=False gives the web preview (footnotes listed at the end, fonts from the static files).
    The PDF and the preview print the same sanitised texts. A document whose texts render past the limits raises
    ReportRenderRefused for the PDF; the preview shows the document's frame with the reason instead."""
    state = RenderState(for_pdf=for_pdf)
    context = text_context(run, state)
    written = {n.section_key: n.text for n in run.narratives.all()}
    written.update(narratives or {})
    with translation.override("vi"):
        try:
            texts = _texts(run, written, context, state)
            problems = state.problems() + state.warnings()
            if state.warnings():
                logger.warning("Report run %s prints facts its province has not given: %s", run.pk,
                               ", ".join(state.warnings()))
        except ReportRenderRefused as exc:
            if for_pdf:
                raise
            texts = {"title": "", "subtitle": "", "sections": [], "closing": "", "footnotes": []}
            problems = [str(exc)]
        document = texts | {
            "run": run,
            "for_pdf": for_pdf,
            "css": mark_safe((_font_face_css() if for_pdf else _preview_font_css()) + "\n"
                             + CSS_PATH.read_text(encoding="utf-8")),
            "issuer_parent": (run.issuer_parent or "").upper(),
            "issuer": (run.issuer or "").upper(),
            "number_line": _number_line(run),
            "date_line": _date_line(run),
            "recipients": _recipients(run),
            "signer_authority": (run.signer_authority or "").upper(),
            "signer_title": (run.signer_title or "").upper(),
            "signer_name": run.signer_name,
            "problems": problems,
        }
        out = render_to_string("reports/document/report.html", document)
    return unicodedata.normalize("NFC", out)


# --- The PDF -----------------------------------------------------------------------------------------------------

FONT_MAGIC = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"ttcf")
FONT_MAX_BYTES = 50 * 1024 * 1024


@functools.cache
def _fetcher_class():
    # WeasyPrint is imported when a PDF is drawn, not when the web process starts.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class DocumentURLFetcher(URLFetcher):
        """What WeasyPrint may load while drawing a report: the font files font_files() chose, read from where the
        project found them, and nothing else. Every other URL — another file, a path with `..` or a symlink leading
        out, http(s), data:, a relative URL — is refused and logged on "antq.security"; WeasyPrint then draws the
        document without it (no image, no attachment, no stylesheet)."""

        def __init__(self, allowed: list[Path]):
            super().__init__(allowed_protocols={"file"}, allow_redirects=False, timeout=5)
            self.allowed = {os.path.normpath(path): path for path in allowed}

        def fetch(self, url, headers=None):
            path = self._font_path(url)
            if path is None:
                security_logger.warning("Report PDF: refused to load %s", _named(url, 300))
                raise PermissionError(f"refused by the report's URL fetcher: {_named(url, 120)}")
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": "font/ttf"})

        def _font_path(self, url: str) -> Path | None:
            try:
                parts = urlsplit(url)
            except ValueError:
                return None
            if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost") or parts.query:
                return None
            raw = url2pathname(unquote(parts.path))
            if "\x00" in raw or not os.path.isabs(raw):
                return None
            path = self.allowed.get(os.path.normpath(raw))
            if path is None:
                return None
            # The file itself, not a link leading out of its folder, and a font.
            real = Path(os.path.realpath(path))
            if real.parent != Path(os.path.realpath(path.parent)) or not real.is_file():
                return None
            if real.stat().st_size > FONT_MAX_BYTES:
                return None
            with real.open("rb") as file:
                if file.read(4) not in FONT_MAGIC:
                    return None
            return real

    return DocumentURLFetcher


def document_url_fetcher():
    """The URL fetcher of a report's PDF (see DocumentURLFetcher): the document's font files only."""
    _family, files = font_files()
    return _fetcher_class()(list(files.values()))


def html_to_pdf(document_html: str) -> bytes:
    """A document's HTML drawn as PDF by WeasyPrint, loading nothing but the report's font files. No base URL: a
    relative URL in the document names nothing."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    document = HTML(string=document_html, base_url=None, url_fetcher=document_url_fetcher())
    return document.write_pdf(font_config=font_config)


def run_plain_texts(run: ReportRun) -> dict[str, str]:
    """The run's title and subtitle as a reader of the PDF reads them (rendered by the same texts' function as the
    document, then as plain text), for the outputs that are not the document: the Excel annex, the lists."""
    state = RenderState(for_pdf=True, strict=False)
    context = text_context(run, state)
    out = {}
    with translation.override("vi"):
        for name in ("title", "subtitle"):
            out[name] = plain_text(render_inline(getattr(run, name) or getattr(run.template, name), context, state))
    return out


def render_run_pdf(run: ReportRun) -> bytes:
    """The PDF of the run (A4, fonts embedded)."""
    return html_to_pdf(render_run_html(run, for_pdf=True))
