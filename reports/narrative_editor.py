"""What the narrative editor shows of a report's texts: each tag as a chip that says in words what it prints and
what it prints for this report ([Đơn vị được chọn làm điểm phong trào: 12]), the text between the tags as it is,
each section by its heading in words, and the figures staff may insert.

The editor never changes the language: a chip carries its tag's exact source and the page puts it back on saving,
so the stored text, its checks and the PDF are those of reports.rendering. A chip's value is the tag rendered alone
by that same sandbox, with the run's frozen figures (what the PDF prints; "…" before the report is generated)."""

import re
from dataclasses import dataclass

from django.template.base import smart_split
from django.utils.text import unescape_string_literal
from django.utils.translation import gettext as _

from antqcore.stats import UnknownFigure, figure_get, figure_keys

from .models import PROFILE_FACTS, ReportRun, ReportSection
from .rendering import plain_text, render_inline, render_plain, text_context
from .templatetags.report_tags import RenderState

# Django's own split of a template into text and tags (django.template.base.tag_re), keeping each tag's source whole.
TAG = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#})", re.DOTALL)
# Tags that print a table or a chart: their chip names what they show rather than drawing it.
DRAWN = {"figure_table", "breakdown_table", "chart"}
HEADING_WORDS = 12


@dataclass(frozen=True)
class Piece:
    """Text as written, or a chip: a tag's source with what it is and what it prints."""

    text: str
    chip: bool = False
    label: str = ""
    value: str = ""
    broken: bool = False
    # A footnote: its tags ({% footnote %}, {% endfootnote %}) as one chip, and its text, edited inside it.
    opening: str = ""
    closing: str = ""
    inside: tuple["Piece", ...] = ()


def _unquote(bit: str) -> str:
    try:
        return unescape_string_literal(bit)
    except ValueError:
        return bit


def _figure_label(key: str) -> str:
    try:
        return str(figure_get(key).label)
    except UnknownFigure:
        return f"[?{key}]"


def _variable_labels() -> dict[str, str]:
    return {
        "area_full": _("Area"), "area_short": _("Area (short name)"), "local_level": _("Level below the province"),
        "period_start": _("Start of the period"), "period_end": _("End of the period"),
        "run.number": _("Number of the report"), "run.place": _("Place"), "run.issued_on": _("Date of the report"),
    }


def _describe(source: str) -> tuple[str, list[str] | None]:
    """What a tag is, in words, and for a table or a chart the figures it shows (None for a tag that prints a
    value). A tag outside the report language is "Code"."""
    inner = source[2:-2].strip()
    if source.startswith("{#"):
        return _("Note (not printed)"), None
    if source.startswith("{{"):
        name = re.split(r"[|\s]", inner, maxsplit=1)[0]
        return _variable_labels().get(name, _("Value")), None
    bits = list(smart_split(inner))
    name, args = (bits[0] if bits else ""), [_unquote(b) for b in bits[1:] if b[:1] in "\"'"]
    if name in ("fig", "label"):
        return (_figure_label(args[0]) if args else _("Figure")), None
    if name in DRAWN:
        return (_("Chart") if name == "chart" else _("Table of figures")), [a for a in args if "." in a]
    if name == "profile" and args:
        return PROFILE_FACTS.get(args[0], args[0]).capitalize(), None
    return {"period_years": _("Years of the period"), "period_name": _("The period")}.get(name, _("Code")), None


class Chips:
    """Renders the chips of one run's texts, with one context for the page."""

    def __init__(self, run: ReportRun):
        self.state = RenderState(for_pdf=True, strict=False)
        self.context = text_context(run, self.state)

    def render(self, source: str) -> tuple[str, bool]:
        """A text as this report prints it, plain, and whether it is broken (it then prints as written)."""
        before = len(self.state.problems())
        value = render_plain(source, self.context, self.state)
        return value, len(self.state.problems()) > before

    def chip(self, source: str) -> Piece:
        label, shown = _describe(source)
        if shown is not None:
            return Piece(source, chip=True, label=label, value=", ".join(_figure_label(k) for k in shown))
        value, broken = self.render(source)
        return Piece(source, chip=True, label=label, value=source if broken else value, broken=broken)

    def pieces(self, text: str) -> list[Piece]:
        """The text cut into its plain parts and its chips; a footnote is one chip from its tag to its end, its text
        in it."""
        parts = [p for p in TAG.split(text or "") if p]
        pieces, i = [], 0
        while i < len(parts):
            part = parts[i]
            if not TAG.fullmatch(part):
                pieces.append(Piece(part))
            elif part.startswith("{%") and part[2:-2].split()[:1] == ["footnote"]:
                end = next((j for j in range(i + 1, len(parts))
                            if parts[j].startswith("{%") and parts[j][2:-2].split()[:1] == ["endfootnote"]), None)
                if end is None:
                    pieces.append(self.chip(part))
                else:
                    pieces.append(Piece("", chip=True, label=_("Footnote"), opening=part, closing=parts[end],
                                        inside=tuple(self.pieces("".join(parts[i + 1:end])))))
                    i = end
            else:
                pieces.append(self.chip(part))
            i += 1
        return pieces

    def figures(self) -> list[dict]:
        """Every registered figure, as the editor offers it: its tag, its name and its value for this report,
        rendered together in one text."""
        keys = figure_keys()
        values = self.render("\n".join(f'{{% fig "{key}" %}}' for key in keys))[0].split("\n") if keys else []
        return [{"source": f'{{% fig "{key}" %}}', "label": _figure_label(key), "value": value}
                for key, value in zip(keys, values, strict=True)]

    def section_titles(self, sections: list[ReportSection]) -> dict[str, str]:
        """Each section by its heading in words; one without a heading by where it stands (after which heading)."""
        titles, last_heading = {}, ""
        for section in sections:
            heading = plain_text(render_inline(section.heading, self.context, self.state)) if section.heading else ""
            if heading:
                titles[section.key] = last_heading = heading
            elif last_heading:
                words = last_heading.split()
                short = " ".join(words[:HEADING_WORDS]) + ("…" if len(words) > HEADING_WORDS else "")
                titles[section.key] = _("Text under “%(heading)s”") % {"heading": short}
            else:
                titles[section.key] = _("Opening of the report (before the first heading)")
        return titles
