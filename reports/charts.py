"""Charts drawn on the server as SVG, in pure Python: the PDF embeds them inline (WeasyPrint renders SVG) and the
dashboard puts the same markup in its pages. No JavaScript and nothing loaded from elsewhere, so a chart looks the
same on a closed network, in a browser and on paper.

Numbers on the charts are written the Vietnamese way (1.575; 14,66)."""

import math
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

from .formatting import format_number

FONT = "'Liberation Serif', Tinos, 'Noto Serif', 'Times New Roman', serif"
COLOURS = ["#1f4e79", "#c0504d", "#4f8a3c", "#e38a1b", "#6b4c9a", "#2a8c8c"]
GRID = "#d0d0d0"
INK = "#222222"


def _num(value) -> float:
    return float(value) if value is not None else 0.0


# Labels under the bars: the font size, the width of a character at that size (generous: capitals and Vietnamese
# marks), the angle of a label turned to fit, and the longest label drawn (a longer one ends with "…"; the bar's
# title and link keep it whole).
LABEL_SIZE = 10
LABEL_CHAR_WIDTH = 6.0
LABEL_ANGLE = 40
LABEL_MAX_CHARS = 22


def nice_ticks(top: float, count: int = 4, *, whole: bool = False) -> list[float]:
    """Round axis ticks from 0 to at least `top`: 0, 250, 500, 750, 1.000 rather than 0, 243, 486... With `whole`
    (counts), every tick is a whole number: 0, 1, 2 rather than 0, 0,5, 1, 1,5, 2 (and no 2,5)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10)
                if m * magnitude >= raw and (not whole or float(m * magnitude).is_integer()))
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def _text(x: float, y: float, content: str, *, size: float = 11, anchor: str = "middle", weight: str = "normal",
          rotate: float | None = None, fill: str = INK) -> str:
    transform = f' transform="rotate({rotate:g} {x:.1f} {y:.1f})"' if rotate else ""
    bold = ' font-weight="bold"' if weight != "normal" else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" fill="{fill}"{bold}'
            f'{transform}>{escape(content)}</text>')


def _frame(width: int, height: int, title: str, font_family: str, body: list[str]) -> str:
    label = quoteattr(title or "Biểu đồ")
    # A picture is one image to a screen reader; a chart whose bars are links is a group, so that its links stay
    # reachable (an image's children are presentational).
    role = "group" if any(part.startswith("<a ") for part in body) else "img"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="{role}" aria-label={label} '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family={quoteattr(font_family)}>']
    parts.append(f"<title>{escape(title or 'Biểu đồ')}</title>")
    if title:
        parts.append(_text(width / 2, 18, title, size=13, weight="bold"))
    parts.extend(body)
    parts.append("</svg>")
    return "".join(parts)


def _no_data(width: int, height: int, title: str, font_family: str) -> str:
    return _frame(width, height, title, font_family, [_text(width / 2, height / 2, "Không có số liệu", size=12)])


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX_CHARS else label[:LABEL_MAX_CHARS - 1].rstrip() + "…"


def _whole(numbers: Sequence[float]) -> bool:
    return all(float(n).is_integer() for n in numbers)


class _Plot:
    """The plot area and its y axis, shared by both kinds of chart. Labels turned to fit get the room they need
    below the axis and, for the first ones, left of it, so that the PDF cuts none of them."""

    def __init__(self, width: int, height: int, labels: Sequence[str], top_value: float, has_title: bool,
                 value_format: Callable[[float], str], legend_rows: int = 0, whole: bool = False):
        longest = max((len(_short(str(lab))) for lab in labels), default=0)
        self.rotate = len(labels) > 6 or longest > 10
        self.ticks = nice_ticks(top_value, whole=whole)
        tick_width = max(len(value_format(t)) for t in self.ticks) * 6.5
        self.left = 12 + tick_width
        self.right = width - 14
        bottom = 22 + legend_rows * 16
        if self.rotate:
            run = longest * LABEL_CHAR_WIDTH
            bottom += run * math.sin(math.radians(LABEL_ANGLE))
            # The first label ends under the first slot's centre and runs down to the left from there.
            first_centre = (self.right - self.left) / max(len(labels), 1) / 2
            self.left = max(self.left, run * math.cos(math.radians(LABEL_ANGLE)) - first_centre + 8)
        self.top = (34 if has_title else 14) + 8
        self.bottom = height - bottom
        self.width, self.height = width, height
        self.value_format = value_format

    def y(self, value: float) -> float:
        span = self.ticks[-1] or 1
        return self.bottom - (self.bottom - self.top) * (value / span)

    def axes(self) -> list[str]:
        out = []
        for tick in self.ticks:
            y = self.y(tick)
            out.append(f'<line x1="{self.left:.1f}" y1="{y:.1f}" x2="{self.right:.1f}" y2="{y:.1f}" '
                       f'stroke="{GRID}" stroke-width="0.6"/>')
            out.append(_text(self.left - 5, y + 4, self.value_format(tick), size=10, anchor="end"))
        out.append(f'<line x1="{self.left:.1f}" y1="{self.bottom:.1f}" x2="{self.right:.1f}" y2="{self.bottom:.1f}" '
                   f'stroke="{INK}" stroke-width="0.8"/>')
        return out

    def label(self, x: float, text: str) -> str:
        if self.rotate:
            return _text(x, self.bottom + 12, _short(text), size=LABEL_SIZE, anchor="end", rotate=-LABEL_ANGLE)
        return _text(x, self.bottom + 15, _short(text), size=LABEL_SIZE)


def _linked(elements: list[str], href: str | None, label: str) -> list[str]:
    """SVG elements wrapped in a link (a bar to the records behind it, on a page; a PDF has no links)."""
    if not href:
        return elements
    return [f"<a href={quoteattr(href)} aria-label={quoteattr(label)}><title>{escape(label)}</title>",
            *elements, "</a>"]


def bar_chart_svg(labels: Sequence[str], values: Sequence, *, title: str = "", width: int = 640, height: int = 300,
                  colour: str = COLOURS[0], value_format: Callable = format_number, font_family: str = FONT,
                  links: Sequence[str | None] | None = None) -> str:
    """Vertical bars, one per label, each with its value written above it; with `links`, each bar opens its own."""
    labels = [str(lab) for lab in labels]
    numbers = [_num(v) for v in values]
    if not labels or len(labels) != len(numbers):
        return _no_data(width, height, title, font_family)
    plot = _Plot(width, height, labels, max(max(numbers), 0), bool(title), value_format, whole=_whole(numbers))
    body = plot.axes()
    slot = (plot.right - plot.left) / len(labels)
    bar = min(slot * 0.64, 60)
    for i, (label, value) in enumerate(zip(labels, numbers, strict=True)):
        centre = plot.left + slot * (i + 0.5)
        y = plot.y(max(value, 0))
        shown = value_format(values[i] if values[i] is not None else 0)
        body += _linked([f'<rect x="{centre - bar / 2:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                         f'height="{max(plot.bottom - y, 0):.1f}" fill="{colour}"/>',
                         _text(centre, y - 4, shown, size=10)],
                        links[i] if links else None, f"{label}: {shown}")
        body.append(plot.label(centre, label))
    return _frame(width, height, title, font_family, body)


def line_chart_svg(labels: Sequence[str], series: Sequence | dict[str, Sequence], *, title: str = "",
                   width: int = 640, height: int = 300, value_format: Callable = format_number,
                   font_family: str = FONT, links: dict[str, Sequence[str | None]] | None = None) -> str:
    """Lines over the labels (years, quarters): one series as a list of values, or several as {name: values} with a
    legend under the chart; with `links` ({name: one address per label}), each point opens its own."""
    labels = [str(lab) for lab in labels]
    named = dict(series) if isinstance(series, dict) else {"": series}
    lines = {name: [_num(v) for v in values] for name, values in named.items()}
    if not labels or not lines or any(len(v) != len(labels) for v in lines.values()):
        return _no_data(width, height, title, font_family)
    legend = [name for name in lines if name]
    top_value = max(max(v) for v in lines.values())
    plot = _Plot(width, height, labels, max(top_value, 0), bool(title), value_format, legend_rows=len(legend),
                 whole=all(_whole(v) for v in lines.values()))
    body = plot.axes()
    slot = (plot.right - plot.left) / len(labels)
    xs = [plot.left + slot * (i + 0.5) for i in range(len(labels))]
    for x, label in zip(xs, labels, strict=True):
        body.append(plot.label(x, label))
    for n, (name, values) in enumerate(lines.items()):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x:.1f},{plot.y(max(v, 0)):.1f}" for x, v in zip(xs, values, strict=True))
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        hrefs = (links or {}).get(name) or [None] * len(labels)
        for x, v, label, href in zip(xs, values, labels, hrefs, strict=True):
            y = plot.y(max(v, 0))
            point = f"{name} {label}: {value_format(v)}".strip()
            body += _linked([f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{5 if href else 3}" fill="{colour}"/>'], href,
                            point)
            if len(lines) == 1:
                body.append(_text(x, y - 6, value_format(v), size=10))
    for n, name in enumerate(legend):
        y = height - 8 - (len(legend) - 1 - n) * 16
        colour = COLOURS[n % len(COLOURS)]
        body.append(f'<rect x="{plot.left:.1f}" y="{y - 9:.1f}" width="14" height="8" fill="{colour}"/>')
        body.append(_text(plot.left + 20, y, name, size=10, anchor="start"))
    return _frame(width, height, title, font_family, body)
