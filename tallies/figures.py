"""The tallies' figures, registered from the catalogue (data/catalogue.yaml, `figures`): each is the sum of the
values of its indicators, reported by the bodies of its kinds (any body when it names none), whose period ends within
the window (selectors.values_in_window). They are one group (antqcore.stats.register_group): one aggregate query gives
every figure, and a figure's records are the values its indicators and kinds pick; a value reported as "more than"
makes its figure "more than"."""

from django.db.models import Q
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from antqcore.records import register_record_links
from antqcore.stats import Column, Part, register_group

from .catalogue import FigureSpec, catalogue_data, figure_specs
from .models import BodyKind, TallyValue
from .periods import period_containing
from .selectors import values_in_window
from .services import value_display

SPECS = figure_specs()
# The indicators the figures sum: the base query keeps only them (the index on indicator and period end).
CODES = sorted({code for spec in SPECS for code in spec.indicators})
INDICATOR_NAMES = {entry["code"]: entry["name"] for entry in catalogue_data()["indicators"]}


def _spec_q(spec: FigureSpec) -> Q:
    q = Q(indicator__code__in=spec.indicators)
    if spec.kinds:
        q &= Q(body__kind__in=spec.kinds)
    return q


def _joined(items) -> str:
    return ", ".join(str(item) for item in items)


joined_lazy = lazy(_joined, str)


def _rule(spec: FigureSpec):
    """The rule in words, translated when it is read: the indicators by name, the kinds of body by their label."""
    indicators = _joined(f"“{INDICATOR_NAMES.get(code, code)}”" for code in spec.indicators)
    if not spec.kinds:
        return format_lazy(_("Sum of the values of {indicators} reported by any body, for periods ending within the "
                             "period, in the area."), indicators=indicators)
    kinds = joined_lazy([BodyKind(kind).label for kind in spec.kinds])
    return format_lazy(_("Sum of the values of {indicators} reported by the bodies of kind {kinds}, for periods "
                         "ending within the period, in the area."), indicators=indicators, kinds=kinds)


PARTS = {spec.key: Part(spec.label, _rule(spec), _spec_q(spec), measure="value") for spec in SPECS}


def values_counted(area, start, end):
    """The values a report counts, of the indicators some figure sums."""
    return values_in_window(area, start, end).filter(indicator__code__in=CODES)


def list_url(key, area, start, end) -> str:
    """The values list filtered as far as it can: the indicator when the figure sums one, the periods ending within
    the window; it has no area nor kind of body filter (it lists the user's scope)."""
    spec = next(s for s in SPECS if s.key == key)
    params = {"date_from": start.isoformat(), "date_to": end.isoformat()}
    if len(spec.indicators) == 1:
        params["indicator"] = spec.indicators[0]
    return f"{reverse('tallies:values')}?{urlencode(params)}"


def entry_page(value: TallyValue) -> str:
    """The entry grid of the value's body and period."""
    period = period_containing(value.period_type, value.period_start)
    return reverse("tallies:entry") + "?" + urlencode({"body": value.body.code, "period": period.key})


def _entered_by(value: TallyValue) -> str:
    user = value.entered_by
    return (user.get_full_name() or user.username) if user is not None else ""


COLUMNS = (
    Column("body", _("Reporting body"), lambda v: v.body.name),
    Column("indicator", _("Indicator"), lambda v: v.indicator.name),
    Column("period", _("Period"), lambda v: period_containing(v.period_type, v.period_start).label),
    Column("value", _("Value"), lambda v: value_display(v.value, v.more_than)),
    Column("entered_by", _("Entered by"), _entered_by),
    Column("updated_at", _("Updated at"), lambda v: v.updated_at),
)

register_group(PARTS, base=values_counted, area_field="area", more_than="more_than", list_url=list_url,
               columns=COLUMNS)
register_record_links(TallyValue, web=entry_page, api="api:tallies-value-detail")
