"""Figures of the coordination app (seed sections 2.2 and 2.3). Coordination: the agreements in force at the end of the
period, counted where they are signed (the province for the provincial police, the district or commune of a local
police unit). Inspections: the inspections of units made in the period, by inspecting body. Each picks its number
from one aggregate of selectors/records.py."""

from django.utils.translation import gettext_lazy as _

from antqcore.stats import register_figure

from . import selectors

COORDINATION_LABELS = {
    "total": _("Coordination regulations, programmes and plans in force"),
    "provincial_police": _("Coordination agreements in force signed by the provincial police"),
    "local_police": _("Coordination agreements in force signed by local police units"),
}
INSPECTION_LABELS = {
    "district_committees": _("Inspections and guidance of units by the district steering committees"),
    "standing_agency": _("Inspections of units by the standing agency (provincial police)"),
    "inter_agency": _("Inspections of units by inter-agency teams"),
}


def _coordination(key: str):
    def figure(area, start, end) -> int:
        return selectors.agreement_figures(area=area, day=end)[key]

    return figure


def _inspections(key: str):
    def figure(area, start, end) -> int:
        return selectors.inspection_figures(area=area, start=start, end=end)[key]

    return figure


for _key, _label in COORDINATION_LABELS.items():
    register_figure(f"coordination.{_key}", _label)(_coordination(_key))
for _key, _label in INSPECTION_LABELS.items():
    register_figure(f"inspections.{_key}", _label)(_inspections(_key))
