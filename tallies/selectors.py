"""Every read of the periodic tallies: the values the figures sum (values_in_window), the totals per indicator, the
entry grid with last period's values, the lists, and the bodies a user may write for.

Counting rule: a figure for an area and a window [start, end] sums the values whose period ENDS within the window
and whose area lies inside the area (on any map). A quarter is thus counted whole in the report whose window holds
its last day."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from antqcore.models import Area, User
from antqcore.scoping import area_in_scope, user_can_write
from antqcore.selectors import area_q
from antqcore.stats import as_number

from .models import Indicator, IndicatorCategory, ReportingBody, TallyValue
from .periods import Period


def values_in_window(area: Area, start: datetime.date, end: datetime.date) -> QuerySet[TallyValue]:
    """The values a report of `area` over [start, end] counts: the records of the catalogue's figures
    (tallies.figures), each of which sums the part of them its indicators and kinds of body pick."""
    return (TallyValue.objects.filter(area_q(area, "area"), period_end__gte=start, period_end__lte=end)
            .select_related("indicator", "body", "area", "entered_by"))


@dataclass
class IndicatorTotal:
    indicator: Indicator
    total: int | float
    more_than: bool
    bodies: int  # how many bodies reported it


def tally_totals(*, area: Area, start: datetime.date, end: datetime.date) -> list[IndicatorTotal]:
    """The total of every indicator reported for the area in the window (one grouped query), in catalogue order."""
    rows = (values_in_window(area, start, end).order_by().values("indicator")
            .annotate(total=Sum("value"), more=Count("id", filter=Q(more_than=True)),
                      bodies=Count("body", distinct=True)))
    by_indicator = {r["indicator"]: r for r in rows}
    indicators = Indicator.objects.filter(pk__in=by_indicator).order_by("order", "code")
    return [IndicatorTotal(indicator=i, total=as_number(by_indicator[i.pk]["total"]),
                           more_than=by_indicator[i.pk]["more"] > 0, bodies=by_indicator[i.pk]["bodies"])
            for i in indicators]


# --- Bodies --------------------------------------------------------------------------------------------------------

def body_list(*, active_only: bool = True) -> QuerySet[ReportingBody]:
    qs = ReportingBody.objects.select_related("area")
    return (qs.filter(active=True) if active_only else qs).order_by("kind", "name")


def body_can_write(*, user: User, body: ReportingBody) -> bool:
    """A user enters a body's values when they may write at all and the body's area is within their scope."""
    return user_can_write(user) and area_in_scope(user, body.area)


def bodies_writable(*, user: User) -> list[ReportingBody]:
    if not user_can_write(user):
        return []
    return [b for b in body_list() if area_in_scope(user, b.area)]


# --- The entry grid ------------------------------------------------------------------------------------------------

@dataclass
class GridRow:
    indicator: Indicator
    value: TallyValue | None = None
    previous: TallyValue | None = None


@dataclass
class GridGroup:
    category: str
    label: str
    rows: list[GridRow] = field(default_factory=list)


def tally_grid(*, body: ReportingBody, area: Area, period: Period) -> list[GridGroup]:
    """One row per indicator of the body's data set, grouped by category, with this period's value and the previous
    period's (two queries)."""
    indicators = list(body.indicators.filter(active=True).order_by("order", "code"))
    previous = period.previous()
    values = TallyValue.objects.filter(body=body, area=area, period_start__in=[period.start, previous.start],
                                       period_type=period.type)
    cells = {(v.indicator_id, v.period_start): v for v in values}
    groups: dict[str, GridGroup] = {}
    labels = dict(IndicatorCategory.choices)
    for indicator in indicators:
        group = groups.setdefault(indicator.category, GridGroup(indicator.category, labels.get(indicator.category,
                                                                                                 indicator.category)))
        group.rows.append(GridRow(indicator, cells.get((indicator.pk, period.start)),
                                  cells.get((indicator.pk, previous.start))))
    return list(groups.values())


# --- Lists ---------------------------------------------------------------------------------------------------------

def tally_value_list(*, base: QuerySet[TallyValue] | None = None, body: ReportingBody | None = None,
                     indicator: Indicator | None = None, area: Area | None = None,
                     start: datetime.date | None = None, end: datetime.date | None = None,
                     period_type: str = "") -> QuerySet[TallyValue]:
    """Values by filters: `start`/`end` keep the periods ending within them, as the figures count."""
    qs = (TallyValue.objects.all() if base is None else base).select_related("indicator", "body", "area")
    if body is not None:
        qs = qs.filter(body=body)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if area is not None:
        qs = qs.filter(area_q(area, "area"))
    if start is not None:
        qs = qs.filter(period_end__gte=start)
    if end is not None:
        qs = qs.filter(period_end__lte=end)
    if period_type:
        qs = qs.filter(period_type=period_type)
    return qs.order_by("-period_end", "body__name", "indicator__order", "indicator__code")
