from django.utils.translation import gettext_lazy as _

from antqcore.stats import register_figure
from units.models import UnitKind

from . import selectors

MAINTAINED = {
    "models.self_managed": ("self_managed", _("Self-management models maintained")),
    "models.border_clusters": ("border_cluster", _("Border security clusters")),
    "models.linked_clusters": ("linked_cluster", _("Linked security clusters")),
    "models.area_clusters": ("area_cluster", _("Area security clusters")),
    "models.safety_belt_clusters": ("safety_belt_cluster", _("Safety-belt clusters")),
}
NEW_PILOTS = {
    "models.new_pilots": ("", _("New pilot models")),
    "models.new_pilots.antt_safe": ("safe_unit", _("New pilot “safe unit” models")),
    "models.new_pilots.self_managed": ("self_managed", _("New pilot self-management models")),
    "models.new_pilots.linkage": ("linkage", _("New pilot linkage models")),
}


def _maintained(type_code):
    return lambda area, start, end: selectors.maintained_count(area=area, end=end, type_code=type_code)


def _new_pilots(type_code):
    return lambda area, start, end: selectors.new_pilots(area=area, start=start, end=end, type_code=type_code)


def _participants(kind):
    return lambda area, start, end: selectors.participating_units(area=area, end=end, kind=kind)


for _key, (_code, _label) in MAINTAINED.items():
    register_figure(_key, _label)(_maintained(_code))
for _key, (_code, _label) in NEW_PILOTS.items():
    register_figure(_key, _label)(_new_pilots(_code))
for _kind in UnitKind:
    register_figure(f"models.participants.{_kind.value}", _("Units taking part in models"))(_participants(_kind))


@register_figure("models.fdi_linkage_participants", _("FDI enterprises taking part in linkage models"))
def fdi_linkage_participants(area, start, end):
    return selectors.participating_units(area=area, end=end, type_code="linkage", fdi_only=True)


@register_figure("models.pilot_units_2015", _("Units chosen as pilot sites of the movement"))
def pilot_units(area, start, end):
    return selectors.pilot_units(area=area, start=start, end=end)


@register_figure("models.eliminated", _("Models eliminated"))
def eliminated(area, start, end):
    return selectors.eliminated(area=area, start=start, end=end)


@register_figure("models.formalistic", _("Formalistic models at the end of the period"))
def formalistic(area, start, end):
    return selectors.formalistic_count(area=area, end=end)
