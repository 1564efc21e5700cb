"""The tags a report template's text is written with. A section's text is rendered as a Django template with the
context {figures, more_than, area, period_start, period_end, run} (see reports.rendering):

    {% fig "context.units" %}                      1.575
    {% fig "context.industrial_zones" pad %}       06
    {% fig "propaganda.participants" %}            trên 80.000   (a figure known only as "more than")
    {% fig "fn3.labour.documents" more="hơn" %}    hơn 3.500     (the seed's word where it says "hơn")
    {% fig "fire_inspections.fines_vnd" scale="million" %}   trên 147 triệu
    {% fig "certification.coverage_percent" percent %}       14,66%
    {% label "context.units" %}                    the figure's name
    {% figure_table "guards.official" "guards.long_term" title="..." %}   a table: label / value
    {% breakdown_table "by_area" "context.units" "incidents.violations" %}   one row per district (commune after the
                                                                              reform); "by_former": per former province
    {% chart "by_year" "incidents.thefts" %}       an SVG chart from the run's breakdowns (kind="line" for lines)
    {% footnote %}...{% endfootnote %}             a real footnote at the foot of the page
    {% period_years %}                             the period in whole years, padded: 05
    {% period_name %}                              năm 2019, 6 tháng đầu năm 2019, quý III năm 2019...
    {% profile "area_km2" %}                       a fact of the province's profile valid on the period's end
                                                   (reports.models.PROFILE_FACTS); "[chưa khai báo: diện tích]"
                                                   where the province has not given it
    {% profile "review_directive_short" "upper" %} the same in capitals (for a heading): CÔNG VĂN SỐ 1010/UBND-NC

    {{ period_end.year|add:1 }}                    the year after the period (see reports.rendering for the variables)

A key the statistics registry does not know prints "[?key]" (so that a typo in a template does not stop a report; the
preview shows it in red and `reports.rendering.text_problems` lists it), and raises where
settings.REPORTS_STRICT_FIGURES is set (the test settings). A known figure the run has not computed prints "…".

These tags and filters are the whole language of a report text: reports.rendering parses the texts with this library
alone. What a text renders to is counted as it is produced (RenderState.charge), so that no text and no document
grows past the limits of the settings or renders for longer than allowed.
"""

import html
import secrets
import time
from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _

from antqcore.stats import UnknownFigure, figure_get

from .. import charts
from ..formatting import (
    SCALES,
    format_date,
    format_date_citation,
    format_date_long,
    format_figure,
    format_number,
    format_padded,
    format_period,
)

register = template.Library()

FLAGS = {"fig": {"pad", "percent", "exact"}, "label": set(), "figure_table": {"pad"}, "breakdown_table": set(),
         "chart": set()}
OPTIONS = {"fig": {"more", "scale"}, "label": set(), "figure_table": {"title"}, "breakdown_table": {"title"},
           "chart": {"kind", "title"}}
# A known figure the run has not computed (a run still queued, or a figure registered after it was generated).
NOT_COMPUTED = "…"
# The run's breakdowns (reports.selectors.breakdowns_compute): the areas one level down on the run's map ("by_area":
# districts before the reform, communes after it; "by_district" is its older name), the areas the run's area took
# over ("by_former": the former provinces, for a period across the reform; nothing otherwise), and the calendar years.
DIMENSIONS = {"by_year": "by_year", "by_area": "by_area", "by_district": "by_area", "by_former": "by_former"}
# A chart shows this many areas at most: the largest, and the rest summed in one bar.
CHART_MAX_BARS = 15


class UnknownFigureInReport(UnknownFigure):
    """A template names a figure the run does not have (strict mode only)."""


class ReportTextError(template.TemplateSyntaxError):
    """One text cannot be used: a tag, filter or variable outside the report language, a tag written wrongly, or a
    text longer than the limits. The message is for the staff who wrote it. Where it is met while drawing a report
    (not in strict mode) the text is printed as written and the preview lists the message."""


class ReportRenderRefused(Exception):
    """The document as a whole is refused: its texts render past ANTQ_REPORT_DOCUMENT_MAX_CHARS or take longer than
    ANTQ_REPORT_RENDER_SECONDS. The message is for the report's readers."""


def _chars(n: int) -> str:
    return format_number(n)


@dataclass
class RenderState:
    """What one document's rendering accumulates: its footnotes (for the preview, which lists them at the end), the
    unknown figure keys and the broken tags it met, the charts drawn (kept aside until the texts are sanitised), and
    how much it rendered and for how long (against the limits of the settings)."""

    for_pdf: bool = True
    strict: bool | None = None
    footnotes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    missing_facts: list[str] = field(default_factory=list)  # facts of the profile a text printed as "[chưa khai báo]"
    charts: dict[str, str] = field(default_factory=dict)
    nonce: str = field(default_factory=lambda: secrets.token_hex(8))
    text_max: int = field(default_factory=lambda: settings.ANTQ_REPORT_TEXT_MAX_CHARS)
    document_max: int = field(default_factory=lambda: settings.ANTQ_REPORT_DOCUMENT_MAX_CHARS)
    seconds: float = field(default_factory=lambda: settings.ANTQ_REPORT_RENDER_SECONDS)
    started: float = field(default_factory=time.monotonic)
    text_chars: int = 0
    document_chars: int = 0
    document_before_text: int = 0

    def problems(self) -> list[str]:
        return [f"[?{key}]" for key in self.unknown] + self.errors

    def warnings(self) -> list[str]:
        """What the report prints as a placeholder for the staff to fill in (the province's missing facts)."""
        return [missing_fact_text(key) for key in self.missing_facts]

    def is_strict(self) -> bool:
        return getattr(settings, "REPORTS_STRICT_FIGURES", False) if self.strict is None else self.strict

    def begin_text(self) -> None:
        self.text_chars = 0
        self.document_before_text = self.document_chars

    def fall_back(self, chars: int) -> None:
        """The text is printed as written: that counts, instead of what it rendered before it was refused."""
        self.text_chars = chars
        self.document_chars = self.document_before_text
        self._check_document(chars)

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise ReportRenderRefused(_("The report's texts take longer than %(n)s seconds to render: shorten them "
                                        "or use fewer tables and charts.") % {"n": _chars(self.seconds)})

    def charge(self, chars: int) -> None:
        """Counts what was rendered against the limits of one text and of the document."""
        self.text_chars += chars
        self.document_chars += chars
        if self.text_chars > self.text_max:
            raise ReportTextError(_("The text renders to more than %(n)s characters: shorten it or split it.")
                                  % {"n": _chars(self.text_max)})
        self._check_document(0)

    def _check_document(self, chars: int) -> None:
        self.document_chars += chars
        if self.document_chars > self.document_max:
            raise ReportRenderRefused(_("The report's texts render to more than %(n)s characters in all: shorten "
                                        "them or use fewer tables and charts.") % {"n": _chars(self.document_max)})
        self.check_time()

    def chart_placeholder(self, svg: str) -> str:
        """A chart's SVG is drawn from numbers by reports.charts, never from staff markup: it waits outside the text
        while the text is sanitised, behind a token the text cannot guess, and is put back after."""
        self.charge(len(svg))
        token = f"chart-{self.nonce}-{len(self.charts) + 1}"
        self.charts[token] = svg
        return token


def _state(context) -> RenderState:
    state = context.get("report_state")
    if state is None:
        state = RenderState(for_pdf=False)
        context["report_state"] = state  # outside a report rendering (a web page using the tags)
    return state


def _unknown(context, key: str) -> str:
    state = _state(context)
    if state.is_strict():
        raise UnknownFigureInReport(key)
    if key not in state.unknown:
        state.unknown.append(key)
    return format_html('<span class="unknown-figure">[?{}]</span>', key)


def _value(context, key: str):
    """(found, value, more than) of a figure frozen on the run."""
    figures = context.get("figures") or {}
    if key not in figures:
        return False, None, False
    return True, figures[key], key in (context.get("more_than") or ())


def _label(key: str) -> str | None:
    try:
        return str(figure_get(key).label)
    except UnknownFigure:
        return None


class ReportTagNode(template.Node):
    def __init__(self, name: str, args, flags: set[str], options: dict):
        self.name, self.args, self.flags, self.options = name, args, flags, options

    def render(self, context):
        state = _state(context)
        state.check_time()
        args = [str(a.resolve(context)) for a in self.args]
        options = {k: v.resolve(context) for k, v in self.options.items()}
        out = getattr(self, "render_" + self.name)(context, args, options)
        state.charge(len(out))
        return out

    def _figure_text(self, context, key: str, options: dict) -> str:
        if _label(key) is None:
            return _unknown(context, key)
        found, value, more_than = _value(context, key)
        if not found:
            return NOT_COMPUTED
        more_than = more_than and "exact" not in self.flags
        more_word = options.get("more") or "trên"
        if options.get("scale") and options["scale"] not in SCALES:
            raise template.TemplateSyntaxError(f"{{% fig %}}: unknown scale {options['scale']!r} "
                                               f"({', '.join(SCALES)})")
        if "percent" in self.flags:
            return escape(format_figure(value, more_than, more_word=more_word) + "%")
        return escape(format_figure(value, more_than, "pad" in self.flags, more_word=more_word,
                                    scale=options.get("scale") or None))

    def render_fig(self, context, args, options):
        return self._figure_text(context, args[0], options)

    def render_label(self, context, args, options):
        label = _label(args[0])
        return escape(label) if label is not None else _unknown(context, args[0])

    def render_figure_table(self, context, args, options):
        rows = []
        for n, key in enumerate(args, start=1):
            label = _label(key)
            value = self._figure_text(context, key, {})
            rows.append(format_html('<tr><td class="num">{}</td><td>{}</td><td class="value">{}</td></tr>', n,
                                    label if label is not None else mark_safe(_unknown(context, key)), value))
        caption = format_html('<caption>{}</caption>', options["title"]) if options.get("title") else ""
        return format_html('<table class="figures">{}<thead><tr><th class="num">TT</th><th>Nội dung</th>'
                           '<th class="value">Số liệu</th></tr></thead><tbody>{}</tbody></table>',
                           caption, mark_safe("".join(rows)))

    def _breakdown(self, context, dimension: str, key: str) -> dict | None:
        """{district or year: value} of a figure, from the run's breakdowns; None when the run has none."""
        if dimension not in DIMENSIONS:
            raise template.TemplateSyntaxError(f"unknown breakdown {dimension!r} ({', '.join(sorted(DIMENSIONS))})")
        frozen = context.get("breakdowns") or {}
        rows = frozen.get(DIMENSIONS[dimension])
        if isinstance(rows, list):  # [{"name" | "year": ..., "figures": {key: n}}, ...], as reports.selectors freezes
            label = "year" if dimension == "by_year" else "name"
            values = {str(row[label]): row["figures"][key] for row in rows if key in row.get("figures", {})}
        else:  # {key: {name: n}}
            values = {str(k): v for k, v in ((frozen.get(dimension) or {}).get(key) or {}).items()}
        if not values:
            return None
        return dict(sorted(values.items())) if dimension == "by_year" else values

    def render_breakdown_table(self, context, args, options):
        dimension, keys = args[0], args[1:]
        columns = [(k, self._breakdown(context, dimension, k)) for k in keys]
        names = []
        for _key, values in columns:
            names.extend(n for n in (values or {}) if n not in names)
        if not names:
            return ""
        first = "Năm" if dimension == "by_year" else "Đơn vị"
        head = "".join(format_html('<th class="value">{}</th>', _label(k) or f"[?{k}]") for k in keys)
        body = []
        for name in names:
            cells = "".join(format_html('<td class="value">{}</td>',
                                        format_figure(values.get(name)) if values and name in values else "—")
                            for _k, values in columns)
            body.append(format_html("<tr><td>{}</td>{}</tr>", name, mark_safe(cells)))
        caption = format_html('<caption>{}</caption>', options["title"]) if options.get("title") else ""
        return format_html('<table class="figures breakdown">{}<thead><tr><th>{}</th>{}</tr></thead>'
                           '<tbody>{}</tbody></table>', caption, first, mark_safe(head), mark_safe("".join(body)))

    def render_chart(self, context, args, options):
        dimension, key = args[0], args[1]
        values = self._breakdown(context, dimension, key)
        if values is None:
            return ""
        if len(values) > CHART_MAX_BARS:  # a province's communes: the largest, and the others together
            ranked = sorted(values.items(), key=lambda item: -(item[1] or 0))
            rest = ranked[CHART_MAX_BARS - 1:]
            values = dict(ranked[:CHART_MAX_BARS - 1])
            values[f"{len(rest)} đơn vị khác"] = sum(v or 0 for _n, v in rest)
        title = options.get("title") or _label(key) or key
        if isinstance(title, SafeData):  # a quoted title, from the text's source, which is escaped already
            title = html.unescape(title)
        draw = charts.line_chart_svg if options.get("kind") == "line" else charts.bar_chart_svg
        svg = draw([str(k) for k in values], list(values.values()), title=str(title))
        return format_html('<figure class="chart">{}</figure>', _state(context).chart_placeholder(svg))


def _parse(name: str):
    def compile_tag(parser, token):
        bits = token.split_contents()[1:]
        args, flags, options = [], set(), {}
        for bit in bits:
            if "=" in bit and bit.split("=", 1)[0] in OPTIONS[name]:
                option, value = bit.split("=", 1)
                options[option] = parser.compile_filter(value)
            elif bit in FLAGS[name]:
                flags.add(bit)
            elif bit[0] in "\"'" or not bit.isidentifier():
                args.append(parser.compile_filter(bit))
            else:
                raise template.TemplateSyntaxError(f"{{% {name} %}}: unknown word {bit!r}")
        needed = {"fig": 1, "label": 1, "figure_table": 1, "breakdown_table": 2, "chart": 2}[name]
        if len(args) < needed or (name in ("fig", "label") and len(args) != 1) or (name == "chart" and len(args) != 2):
            raise template.TemplateSyntaxError(f"{{% {name} %}} takes {needed} quoted argument(s)")
        return ReportTagNode(name, args, flags, options)

    compile_tag.__name__ = name
    return compile_tag


for _name in FLAGS:
    register.tag(_name, _parse(_name))


class FootnoteNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        # A footnote stays inside its paragraph: its text is one line whatever the source's line breaks.
        content = " ".join(self.nodelist.render(context).split())
        state = _state(context)
        state.charge(len(content))
        state.footnotes.append(content)
        if state.for_pdf:
            return format_html('<span class="footnote">{}</span>', mark_safe(content))
        n = len(state.footnotes)
        return format_html('<sup class="footnote-call"><a href="#fn-{}" id="fnref-{}">{}</a></sup>', n, n, n)


@register.tag
def footnote(parser, token):
    nodelist = parser.parse(("endfootnote",))
    parser.delete_first_token()
    return FootnoteNode(nodelist)


@register.simple_tag(takes_context=True)
def period_years(context):
    """The period's length in whole years, as the review's title writes it ("Sơ kết 05 năm")."""
    start, end = context.get("period_start"), context.get("period_end")
    if not (start and end):
        return ""
    return format_padded(max(round((end - start).days / 365.25), 1))


@register.simple_tag(takes_context=True)
def period_name(context):
    start, end = context.get("period_start"), context.get("period_end")
    return format_period(start, end) if start and end else ""


register.filter("long_date", lambda d: format_date_long(d) if d else "")
register.filter("short_date", lambda d: format_date(d) if d else "")
register.filter("citation_date", lambda d: format_date_citation(d) if d else "")
register.filter("number", lambda v: format_figure(v) if v not in (None, "") else "")
register.filter("padded", lambda v: format_padded(v) if v not in (None, "") else "")


@register.filter
def add(value, arg):
    """A whole number plus another ("năm {{ period_end.year|add:1 }}"); anything else is left as it is."""
    try:
        return int(value) + int(arg)
    except (TypeError, ValueError, OverflowError):
        return value


def missing_fact_text(key: str) -> str:
    from reports.models import PROFILE_FACTS

    return f"[chưa khai báo: {PROFILE_FACTS.get(key, key)}]"


@register.simple_tag(takes_context=True)
def profile(context, key, *flags):
    """A fact of the province's profile valid on the period's end ("3.895"), from the context's `profile_facts` (set
    by reports.rendering); a fact the province has not given prints "[chưa khai báo: …]" and is noted on the state.
    A key that is no fact of the profile is a mistake in the text."""
    from reports.models import PROFILE_FACTS

    key = str(key)
    flags = {str(flag) for flag in flags}
    if flags - {"upper"}:
        raise ReportTextError(f"Thẻ {{% profile %}} không có tùy chọn “{', '.join(sorted(flags - {'upper'}))}” "
                              "(chỉ có: \"upper\").")
    if key not in PROFILE_FACTS:
        raise ReportTextError(f"Thẻ {{% profile %}} không có thông tin “{key}” (các thông tin: "
                              f"{', '.join(PROFILE_FACTS)}).")
    state = _state(context)
    value = (context.get("profile_facts") or {}).get(key)
    if value:
        state.charge(len(value))
        return value.upper() if "upper" in flags else value  # a simple tag's output is escaped: the value is text
    if key not in state.missing_facts:
        state.missing_facts.append(key)
    return missing_fact_text(key)
