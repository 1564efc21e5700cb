"""Figures of the coordination app (seed sections 2.2 and 2.3), two groups (antqcore.stats.register_group), each one
aggregate query whose figures keep a part of the same records. Coordination: the agreements in force at the end of
the period (selectors.agreements_in_force), counted where they are signed (the province for the provincial police,
the district or commune of a local police unit). Inspections: the inspections of units made in the period
(selectors.inspections_in_period), by inspecting body."""

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from antqcore.models import AreaLevel
from antqcore.records import register_record_links
from antqcore.stats import Column, Part, register_group

from .models import Agreement, Inspection, PoliceSide
from .selectors import FIGURE_BODIES, agreements_in_force, inspections_in_period

COORDINATION = {
    "coordination.total": Part(
        _("Coordination regulations, programmes and plans in force"),
        _("Coordination regulations, programmes and plans in force on the last day of the period (signed by then and "
          "not ended by then), counted in the area where they were signed."), Q()),
    "coordination.provincial_police": Part(
        _("Coordination agreements in force signed by the provincial police"),
        _("Coordination agreements signed by the provincial police, in force on the last day of the period (signed "
          "by then and not ended by then), counted in the area where they were signed."),
        Q(police_side=PoliceSide.PROVINCIAL)),
    "coordination.local_police": Part(
        _("Coordination agreements in force signed by local police units"),
        _("Coordination agreements signed by a local police unit, in force on the last day of the period (signed by "
          "then and not ended by then), counted in the area where they were signed."),
        Q(police_side=PoliceSide.LOCAL)),
}
INSPECTION_LABELS = {
    "district_committees": _("Inspections and guidance of units by the district steering committees"),
    "standing_agency": _("Inspections of units by the standing agency (provincial police)"),
    "inter_agency": _("Inspections of units by inter-agency teams"),
}
INSPECTION_RULES = {
    "district_committees": _("Inspections of units by a district steering committee whose date lies in the period, "
                             "in the area of the unit inspected; a unit inspected twice counts twice."),
    "standing_agency": _("Inspections of units by the standing agency (provincial police) whose date lies in the "
                         "period, in the area of the unit inspected; a unit inspected twice counts twice."),
    "inter_agency": _("Inspections of units by an inter-agency team whose date lies in the period, in the area of "
                      "the unit inspected; a unit inspected twice counts twice."),
}
INSPECTIONS = {f"inspections.{key}": Part(label, INSPECTION_RULES[key], Q(inspecting_body=FIGURE_BODIES[key]))
               for key, label in INSPECTION_LABELS.items()}


def _area_param(area) -> dict:
    """The lists' area filter offers provinces and districts only."""
    return {"area": area.pk} if area.level in (AreaLevel.PROVINCE, AreaLevel.DISTRICT) else {}


def agreement_list_url(key, area, start, end) -> str:
    side = {"coordination.provincial_police": PoliceSide.PROVINCIAL,
            "coordination.local_police": PoliceSide.LOCAL}.get(key)
    params = {**({"police_side": str(side)} if side else {}), **_area_param(area), "in_force_on": end.isoformat()}
    return f"{reverse('coordination:agreement_list')}?{urlencode(params)}"


def inspection_list_url(key, area, start, end) -> str:
    params = {"inspecting_body": str(FIGURE_BODIES[key.removeprefix("inspections.")]), **_area_param(area),
              "start": start.isoformat(), "end": end.isoformat()}
    return f"{reverse('coordination:inspection_list')}?{urlencode(params)}"


AGREEMENT_COLUMNS = (
    Column("signed_on", _("Signed on"), lambda a: a.signed_on),
    Column("kind", _("Kind"), lambda a: a.get_kind_display()),
    Column("number", _("Number and symbol"), lambda a: a.number),
    Column("police_side", _("Police side"), lambda a: a.get_police_side_display()),
    Column("police_unit_name", _("Police unit"), lambda a: a.police_unit_name),
    Column("partner_name", _("Other party"), lambda a: a.partner_name),
    Column("ended_on", _("Ended on"), lambda a: a.ended_on or ""),
    Column("area", _("Area"), lambda a: a.area.name),
)
INSPECTION_COLUMNS = (
    Column("inspected_on", _("Date"), lambda i: i.inspected_on),
    Column("inspecting_body", _("Inspecting body"), lambda i: i.get_inspecting_body_display()),
    Column("unit", _("Unit inspected"), lambda i: i.unit.name),
    Column("subject", _("Subject"), lambda i: i.subject),
    Column("area", _("Area"), lambda i: i.area.name),
)

register_group(COORDINATION, base=agreements_in_force, area_field="area", list_url=agreement_list_url,
               columns=AGREEMENT_COLUMNS)
register_group(INSPECTIONS, base=inspections_in_period, area_field="area", list_url=inspection_list_url,
               columns=INSPECTION_COLUMNS)
register_record_links(Agreement, web="coordination:agreement_detail", api="api:coordination-agreement-detail")
register_record_links(Inspection, web="coordination:inspection_detail", api="api:coordination-inspection-detail")
