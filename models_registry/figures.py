"""The registry's figures, each with the records it counts: movement models (maintained at the end of the period,
made pilot, eliminated in it, formalistic at its end) and units (taking part in the maintained models, chosen as
pilot sites), each unit once."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from antqcore.records import register_record_links
from antqcore.stats import Column, Source, register_figure
from units.figures import area_params
from units.models import UnitKind

from . import selectors
from .models import MovementModel

MAINTAINED = {
    "models.self_managed": ("self_managed", _("Self-management models maintained"), _(
        "Self-management models of the area established by the period's last day and not eliminated by then.")),
    "models.border_clusters": ("border_cluster", _("Border security clusters"), _(
        "Border security clusters of the area established by the period's last day and not eliminated by then.")),
    "models.linked_clusters": ("linked_cluster", _("Linked security clusters"), _(
        "Linked security clusters of the area established by the period's last day and not eliminated by then.")),
    "models.area_clusters": ("area_cluster", _("Area security clusters"), _(
        "Area security clusters of the area established by the period's last day and not eliminated by then.")),
    "models.safety_belt_clusters": ("safety_belt_cluster", _("Safety-belt clusters"), _(
        "Safety-belt clusters of the area established by the period's last day and not eliminated by then.")),
}
NEW_PILOTS = {
    "models.new_pilots": ("", _("New pilot models"), _(
        "Models of the area, of any type, made pilot models in the period.")),
    "models.new_pilots.antt_safe": ("safe_unit", _("New pilot “safe unit” models"), _(
        "“Safe unit” models of the area made pilot models in the period.")),
    "models.new_pilots.self_managed": ("self_managed", _("New pilot self-management models"), _(
        "Self-management models of the area made pilot models in the period.")),
    "models.new_pilots.linkage": ("linkage", _("New pilot linkage models"), _(
        "Linkage models of the area made pilot models in the period.")),
}
PARTICIPANT_RULES = {
    UnitKind.AGENCY: _("Agencies taking part in at least one model of the area maintained at the period's last day, "
                       "each agency once."),
    UnitKind.ENTERPRISE: _("Enterprises taking part in at least one model of the area maintained at the period's "
                           "last day, each enterprise once."),
    UnitKind.SCHOOL: _("Schools taking part in at least one model of the area maintained at the period's last day, "
                       "each school once."),
}
MODEL_COLUMNS = (
    Column("type", _("Type"), lambda m: m.type.name),
    Column("area", _("Area"), lambda m: m.area.name),
    Column("established_on", _("Established on"), lambda m: m.established_on),
    Column("host_unit", _("Host unit"), lambda m: m.host_unit.name if m.host_unit_id else ""),
)
UNIT_COLUMNS = (
    Column("commune", _("Commune"), lambda u: u.commune.name),
    Column("kind", _("Kind"), lambda u: u.get_kind_display()),
    Column("subtype", _("Subtype"), lambda u: u.get_subtype_display()),
)


def model_list_url(**filters):
    """The model list with `filters` and the area; `formalistic` is judged there on today, so it is set only for a
    period that ends today or later."""
    def url(area, start, end):
        params = {k: v for k, v in filters.items()
                  if k != "formalistic" or end >= timezone.localdate()} | area_params(area)
        return f"{reverse('models_registry:list')}?{urlencode(params)}"

    return url


def _maintained(type_code):
    return lambda area, start, end: selectors.models_maintained(area=area, end=end, type_code=type_code)


def _new_pilots(type_code):
    return lambda area, start, end: selectors.new_pilots(area=area, start=start, end=end, type_code=type_code)


for _key, (_code, _label, _rule) in MAINTAINED.items():
    register_figure(_key, _label, source=Source(
        _maintained(_code), rule=_rule, list_url=model_list_url(type=_code),
        columns=MODEL_COLUMNS))
for _key, (_code, _label, _rule) in NEW_PILOTS.items():
    register_figure(_key, _label, source=Source(
        _new_pilots(_code), rule=_rule,
        list_url=model_list_url(type=_code, pilot="1") if _code else model_list_url(pilot="1"),
        columns=(*MODEL_COLUMNS[:2], Column("pilot_since", _("Pilot since"), lambda m: m.pilot_since))))

# The figures of units taking part read the units registry too (their kind, their FDI flag, their commune).
UNITS = ("units",)
# A unit counts under the area of the models it takes part in (a unit may join a model of another commune).
PARTICIPANTS_AREA = "movement_models__area"


def _participants(kind="", **kwargs):
    return lambda area, start, end: selectors.participating_units(area=area, end=end, kind=kind, **kwargs)


for _kind in UnitKind:
    register_figure(f"models.participants.{_kind.value}", _("Units taking part in models"), reads=UNITS, source=Source(
        _participants(_kind.value), rule=PARTICIPANT_RULES[_kind], area_field=PARTICIPANTS_AREA,
        list_url=model_list_url(), columns=UNIT_COLUMNS))

register_figure("models.fdi_linkage_participants", _("FDI enterprises taking part in linkage models"), reads=UNITS,
                source=Source(
    _participants(type_code="linkage", fdi_only=True), area_field=PARTICIPANTS_AREA,
    list_url=model_list_url(type="linkage"), columns=UNIT_COLUMNS,
    rule=_("Foreign-invested enterprises taking part in at least one linkage model of the area maintained at the "
           "period's last day, each enterprise once.")))
register_figure("models.pilot_units_2015", _("Units chosen as pilot sites of the movement"), reads=UNITS,
                source=Source(
    lambda area, start, end: selectors.pilot_units(area=area, start=start, end=end), area_field="commune",
    columns=UNIT_COLUMNS,
    rule=_("Units whose commune lies in the area chosen as pilot sites of the movement in the period, each unit "
           "once.")))
register_figure("models.eliminated", _("Models eliminated"), source=Source(
    lambda area, start, end: selectors.eliminated(area=area, start=start, end=end),
    rule=_("Models of the area eliminated in the period."), list_url=model_list_url(status="eliminated"),
    columns=(*MODEL_COLUMNS[:3], Column("eliminated_on", _("Eliminated on"), lambda m: m.eliminated_on))))
register_figure("models.formalistic", _("Formalistic models at the end of the period"), source=Source(
    lambda area, start, end: selectors.models_formalistic(area=area, end=end),
    rule=_("Models of the area maintained at the period's last day that were formalistic that day: no operating "
           "regulation, no launch ceremony, or no briefing or report for the registry's number of months."),
    list_url=model_list_url(formalistic="1"),
    columns=(*MODEL_COLUMNS[:3], Column("last_activity", _("Last briefing or report"), lambda m: m.last_activity))))

register_record_links(MovementModel, web="models_registry:detail", api="api:model-detail")
