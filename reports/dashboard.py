"""The home page's dashboard: for the user's scope area and a chosen year, the key figures, a few of them year by
year and district by district (drawn by reports.charts), and what is late.

Every number shown is a figure of the statistics registry, computed by `figures_compute` exactly as reports print
it; the dashboard adds no figure of its own, only the lists of what is missing (units not registered for the
campaign, reports not written). The cost is bounded: one `figures_compute` for the year, one per year of the chart
and one per district.

It opens on the current year, where what is late is what is late today (the campaign under way, the models on paper
only today, the reports due by today); another year may be chosen. A period where nothing was recorded says "no data
yet" instead of a row of zeros, and a chart with nothing to draw is not drawn."""

import datetime
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from antqcore.compute_cache import compute_cache
from antqcore.figure_cache import value_through_cache
from antqcore.models import Area, AreaLevel
from antqcore.records import figure_records_url
from antqcore.scoping import paths_q
from antqcore.selectors import area_q
from antqcore.stats import figure_get, figures_compute, is_more_than

from .charts import FONT, bar_chart_svg, line_chart_svg
from .formatting import format_figure
from .models import ReportKind, ReportRun, RunStatus
from .services import last_complete_period

# What the year's cards show, in this order.
KEY_FIGURES = [
    "context.units",
    "context.districts",
    "context.communes",
    "certification.province.antt_safe",
    "certification.district.antt_safe",
    "models.self_managed",
    "models.formalistic",
    "incidents.violations",
    "incidents.strikes",
    "commendations.collective",
    "commendations.individual",
    "propaganda.sessions",
]
# Charted over the last YEARS_CHARTED years, and district by district for a province.
YEAR_RECOGNITIONS = ["certification.province.antt_safe", "certification.district.antt_safe"]
YEAR_FIGURES = YEAR_RECOGNITIONS + ["incidents.violations", "commendations.collective"]
DISTRICT_FIGURES = ["context.units", "certification.district.antt_safe", "incidents.violations"]
YEARS_CHARTED = 5
YEARS_OFFERED = 12
CONTEXT_PREFIX = "context."  # the areas and units in place, which exist whether or not anything was recorded


def last_day(area: Area, today: datetime.date) -> datetime.date:
    """The last day the dashboard looks at: today, or the last day of an area of the old map."""
    return min(today, area.valid_to) if area.valid_to else today


def year_period(area: Area, year: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The calendar year, cut at the last day the area existed (and at today for the current year)."""
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), last_day(area, today))


def years_offered(area: Area, today: datetime.date) -> list[int]:
    last = last_day(area, today).year
    return list(range(last, last - YEARS_OFFERED, -1))


def districts_of(area: Area, on: datetime.date) -> QuerySet[Area]:
    """The district-level areas of a province on `on`, by the map of that day (those of the provinces merged into it
    for a day before the merger)."""
    if area.level != AreaLevel.PROVINCE:
        return Area.objects.none()
    return (Area.objects.valid_on(on).filter(paths_q(area.coverage_paths(), None), level=AreaLevel.DISTRICT)
            .order_by("name"))


@dataclass(frozen=True)
class FigureCard:
    key: str
    label: str
    value: int | float
    more_than: bool
    url: str = ""  # its "Nguồn số liệu" page

    @property
    def is_context(self) -> bool:
        return self.key.startswith(CONTEXT_PREFIX)

    @property
    def text(self) -> str:
        """Written as the reports write it: 1.575, trên 80.000."""
        return format_figure(self.value, more_than=self.more_than)


def key_figures(*, area: Area, start: datetime.date, end: datetime.date) -> list[FigureCard]:
    values = figures_compute(area=area, start=start, end=end, keys=KEY_FIGURES)
    return [FigureCard(key=key, label=str(figure_get(key).label), value=values[key],
                       more_than=is_more_than(values[key]),
                       url=figure_records_url(key, area=area, start=start, end=end)) for key in KEY_FIGURES]


def has_records(cards: list[FigureCard]) -> bool:
    """Whether anything was recorded for the period: a figure counting records is not zero. The areas and units
    (`context.*`) are there every year and say nothing of it; a period with no record shows "no data yet" instead of
    a row of zeros."""
    return any(card.value for card in cards if not card.is_context)


def inline_svg(svg: str) -> str:
    """A chart for an HTML page: inline SVG needs no namespace declaration, and the page then names no address
    outside the site."""
    return svg.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1)


def charts_by_year(*, area: Area, year: int, today: datetime.date) -> list[dict]:
    """The last YEARS_CHARTED years up to `year`: the recognitions of both levels as two lines, the other figures as
    bars."""
    years = list(range(year - YEARS_CHARTED + 1, year + 1))
    values = {}
    periods = {y: year_period(area, y, today) for y in years}
    for y, (start, end) in periods.items():
        values[y] = figures_compute(area=area, start=start, end=end, keys=YEAR_FIGURES)
    labels = [str(y) for y in years]

    def series(key):
        return [values[y][key] for y in years]

    def links(key):  # each year's bar or point opens the records behind it
        return [figure_records_url(key, area=area, start=periods[y][0], end=periods[y][1]) for y in years]

    recognitions = {str(figure_get(k).label): series(k) for k in YEAR_RECOGNITIONS}
    recognition_links = {str(figure_get(k).label): links(k) for k in YEAR_RECOGNITIONS}
    title = _("“An toàn về ANTT” recognitions by year")
    charts = [chart("recognitions", title, labels, recognitions,
                    lambda: line_chart_svg(labels, recognitions, title=title, links=recognition_links))]
    charts += [chart(key, str(figure_get(key).label), labels, {str(figure_get(key).label): series(key)},
                     lambda key=key: bar_chart_svg(labels, series(key), title=str(figure_get(key).label),
                                                   links=links(key)))
               for key in YEAR_FIGURES if key not in YEAR_RECOGNITIONS]
    return charts


def chart(key: str, title: str, labels: list[str], series: dict[str, list], draw) -> dict:
    """A chart of the page, and its numbers as a small table (series: {name: one value per label}), which a phone
    shows instead: a drawing scaled to a phone's width writes its numbers too small to read. One whose values are
    all zero is not drawn, since a flat line says nothing: its frame says "no data yet" over the labels it would
    have had."""
    empty = not any(v for values in series.values() for v in values)
    svg = no_data_svg(title, labels) if empty else draw()
    rows = [(label, [format_figure(values[i], is_more_than(values[i])) for values in series.values()])
            for i, label in enumerate(labels)]
    return {"key": key, "title": title, "empty": empty, "svg": inline_svg(svg), "columns": list(series),
            "rows": rows}


def no_data_svg(title: str, labels: list[str], width: int = 640, height: int = 300) -> str:
    """The frame of a chart with nothing to draw: its title, "no data yet" and the span of its labels."""
    span = f"{labels[0]} – {labels[-1]}" if len(labels) > 1 else "".join(labels)

    def text(y: int, content: str, size: int, bold: bool = False) -> str:
        weight = ' font-weight="bold"' if bold else ""
        return (f'<text x="{width / 2:g}" y="{y}" font-size="{size}" text-anchor="middle" fill="#6c757d"{weight}>'
                f"{escape(content)}</text>")

    return (f'<svg class="chart chart-empty" role="img" aria-label={quoteattr(title)} viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" font-family={quoteattr(FONT)}><title>{escape(title)}</title>'
            + text(18, title, 13, bold=True) + text(height // 2, _("No data yet"), 16)
            + text(height // 2 + 24, span, 12) + "</svg>")


def charts_by_district(*, area: Area, start: datetime.date, end: datetime.date) -> list[dict]:
    districts = list(districts_of(area, end))
    if not districts:
        return []
    values = [figures_compute(area=d, start=start, end=end, keys=DISTRICT_FIGURES) for d in districts]
    labels = [d.short_name or d.name for d in districts]
    return [chart(key, str(figure_get(key).label), labels, {str(figure_get(key).label): [v[key] for v in values]},
                  lambda key=key: bar_chart_svg(
                      labels, [v[key] for v in values], title=str(figure_get(key).label),
                      links=[figure_records_url(key, area=d, start=start, end=end) for d in districts]))
            for key in DISTRICT_FIGURES]


def units_not_registered(*, area: Area, year: int, today: datetime.date) -> dict | None:
    """Units of the area that have not registered for the year's "An toàn về ANTT" campaign: for the current year
    the campaign under way today (for an area of the old map, on its last day), for another year that year's; None
    when it was not opened (an older campaign is not shown in its place)."""
    from certification.models import ELIGIBLE_KINDS, Campaign
    from certification.selectors import ANTT_SAFE, campaign_current
    from units.models import Unit

    as_of = last_day(area, today)
    if year == as_of.year:
        campaign = campaign_current(scheme_code=ANTT_SAFE, on=as_of)
    else:
        campaign = Campaign.objects.filter(scheme__code=ANTT_SAFE, year=year).select_related("scheme").first()
    if campaign is None:
        return None
    on = min(campaign.window_end, last_day(area, today))
    units = (Unit.objects.existing_on(on).filter(area_q(area, "commune"), kind__in=ELIGIBLE_KINDS)
             .exclude(participations__campaign=campaign))
    return {"campaign": campaign, "count": units.count(), "late": today > campaign.registration_deadline,
            "url": reverse("certification:register", args=[campaign.pk])}


def last_complete_periods(area: Area, today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """The last quarter, half-year and year over by today (for an area of the old map: by its last day), i.e. the
    periodic reports that should exist."""
    after = min(today, last_day(area, today) + datetime.timedelta(days=1))
    return [(kind, *last_complete_period(kind, after))
            for kind in (ReportKind.QUARTERLY, ReportKind.HALF_YEAR, ReportKind.ANNUAL)]


def period_label(kind: str, start: datetime.date, end: datetime.date) -> str:
    if kind == ReportKind.QUARTERLY:
        return _("Quarter %(q)s/%(year)s") % {"q": ["I", "II", "III", "IV"][(start.month - 1) // 3], "year": start.year}
    if kind == ReportKind.HALF_YEAR:
        if start.month == 1:
            return _("First half of %(year)s") % {"year": start.year}
        return _("Second half of %(year)s") % {"year": start.year}
    if kind == ReportKind.ANNUAL:
        return _("Year %(year)s") % {"year": start.year}
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def reports_due(*, area: Area, today: datetime.date) -> list[dict]:
    """The periodic reports of the area for the last complete quarter, half-year and year that have no report yet
    (a failed generation does not count)."""
    periods = last_complete_periods(area, today)
    written = set(ReportRun.objects.filter(area=area, kind__in=[p[0] for p in periods],
                                           period_end__in=[p[2] for p in periods])
                  .exclude(status=RunStatus.FAILED).values_list("kind", "period_start", "period_end"))
    due = []
    for kind, start, end in periods:
        if (kind, start, end) in written:
            continue
        query = urlencode({"kind": kind, "area": area.pk, "period_start": start.isoformat(),
                           "period_end": end.isoformat()})
        due.append({"kind": kind, "kind_label": ReportKind(kind).label, "period": period_label(kind, start, end),
                    "start": start, "end": end, "url": f"{reverse('reports:create')}?{query}"})
    return due


def dashboard(*, area: Area, year: int, today: datetime.date) -> dict:
    """The panel. What the registries make of it — the cards, the charts drawn, the units not registered — is kept
    whole under the versions of every registry (antqcore.figure_cache.value_through_cache): a dashboard opened again
    with no write since is neither counted nor drawn again; any write recomputes it, and its figures not changed come
    from the figure cache. The reports due (reports are no registry) are looked up every time."""
    with compute_cache():
        place = f"{area.pk}:{year}:{today:%Y%m%d}:{get_language()}"
        panel = value_through_cache("dashboard", place=place,
                                    compute=lambda: _dashboard(area=area, year=year, today=today))
        return panel | {"late": panel["late"] | {"reports_due": reports_due(area=area, today=today)}}


def _dashboard(*, area: Area, year: int, today: datetime.date) -> dict:
    start, end = year_period(area, year, today)
    cards = key_figures(area=area, start=start, end=end)
    formalistic = next(c for c in cards if c.key == "models.formalistic")
    return {
        "year": year, "start": start, "end": end, "years": years_offered(area, today), "cards": cards,
        "has_records": has_records(cards),
        "charts_by_year": charts_by_year(area=area, year=year, today=today),
        "charts_by_district": charts_by_district(area=area, start=start, end=end),
        "late": {
            "units_not_registered": units_not_registered(area=area, year=year, today=today),
            "formalistic_models": formalistic.value,
            "formalistic_url": reverse("models_registry:list") + "?formalistic=1",
        },
    }


def chosen_year(raw: str | None, area: Area, today: datetime.date) -> int:
    """The year asked for in the query string when it is one the dashboard offers, else the latest one."""
    offered = years_offered(area, today)
    return int(raw) if raw and raw.isdigit() and int(raw) in offered else offered[0]


def dashboard_panel(request) -> dict | None:
    """The home page's panel (registered with antqcore.views.register_home_panel)."""
    area = request.user.scope_area
    if area is None:
        return None
    today = timezone.localdate()
    year = chosen_year(request.GET.get("year"), area, today)
    return {"template": "reports/_dashboard.html", **dashboard(area=area, year=year, today=today)}
