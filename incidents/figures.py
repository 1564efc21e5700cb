"""The registry's figures. All nine count (or sum) the live incidents whose date lies in the period and whose area
lies in the area on any map (selectors.incidents_in_period); each keeps the part of them its filter picks. They are
registered as one group (antqcore.stats.register_group): inside one computation a single aggregate query gives the
nine numbers, and a figure's records are the same incidents filtered by its part."""

from functools import reduce
from operator import or_

from django.db.models import F, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from antqcore.models import AreaLevel
from antqcore.records import register_record_links
from antqcore.stats import Column, Part, register_group

from .models import MEMBER_FIELDS, PEOPLE_FIELDS, Incident
from .selectors import incidents_in_period

MEMBERS = reduce(or_, (Q(**{f"{field}__gt": 0}) for field in MEMBER_FIELDS))
PEOPLE = sum((F(f) for f in PEOPLE_FIELDS[1:]), F(PEOPLE_FIELDS[0]))


def _of(code: str) -> Q:
    return Q(type__code=code)


PARTS = {
    "incidents.strikes": Part(
        _("Strikes and work slowdowns"),
        _("Incidents of type “strike” whose date lies in the period, in the area as it was that day."), _of("strike")),
    "incidents.fires": Part(
        _("Fires and explosions"),
        _("Incidents of type “fire or explosion” whose date lies in the period, in the area as it was that day."),
        _of("fire")),
    "incidents.thefts": Part(
        _("Property thefts"),
        _("Incidents of type “theft” whose date lies in the period, in the area as it was that day."), _of("theft")),
    "incidents.violations": Part(
        _("Law violations in agencies, enterprises and schools"),
        _("Incidents of type “law violation” whose date lies in the period, in the area as it was that day."),
        _of("violation")),
    "incidents.violations_by_members": Part(
        _("Law violations involving cadres, civil servants, public employees, workers or students"),
        _("Incidents of type “law violation” involving at least one cadre, public employee, worker or student, whose "
          "date lies in the period, in the area as it was that day."), _of("violation") & MEMBERS),
    "enforcement.cases_verified": Part(
        _("Security and order cases verified"),
        _("Incidents marked verified, whose date lies in the period, in the area as it was that day."),
        Q(verified=True)),
    "enforcement.defendants_prosecuted": Part(
        _("Defendants proposed for prosecution"),
        _("The sum of the defendants of the incidents proposed for prosecution, whose date lies in the period, in the "
          "area as it was that day."), Q(prosecuted=True), measure="defendants"),
    "enforcement.economic_cases": Part(
        _("Economic, smuggling and corruption cases"),
        _("Incidents of type “economic, smuggling or corruption case” whose date lies in the period, in the area as "
          "it was that day."), _of("economic")),
    "enforcement.economic_subjects": Part(
        _("People involved in economic, smuggling and corruption cases"),
        _("The sum of the people involved (members of units and outsiders) in the incidents of type “economic, "
          "smuggling or corruption case” whose date lies in the period, in the area as it was that day."),
        _of("economic"), measure=PEOPLE),
}
# The incident list's own filters for a figure (incidents.forms.IncidentFilterForm); the parts it cannot express
# (members involved, prosecuted) are left to the reader.
LIST_FILTERS = {"incidents.strikes": {"type": "strike"}, "incidents.fires": {"type": "fire"},
                "incidents.thefts": {"type": "theft"}, "incidents.violations": {"type": "violation"},
                "incidents.violations_by_members": {"type": "violation"},
                "enforcement.cases_verified": {"verified": "1"},
                "enforcement.economic_cases": {"type": "economic"},
                "enforcement.economic_subjects": {"type": "economic"}}


def list_url(key, area, start, end) -> str:
    params = {**LIST_FILTERS.get(key, {}), "date_from": start.isoformat(), "date_to": end.isoformat()}
    if area.level in (AreaLevel.PROVINCE, AreaLevel.DISTRICT):
        params["area"] = area.pk
    return f"{reverse('incidents:list')}?{urlencode(params)}"


COLUMNS = (
    Column("occurred_at", _("Date"), lambda i: i.occurred_at.date()),
    Column("type", _("Type"), lambda i: i.type.name),
    Column("area", _("Area"), lambda i: i.area.name),
    Column("unit", _("Unit"), lambda i: i.unit.name if i.unit_id else ""),
)

register_group(PARTS, base=incidents_in_period, area_field="area", list_url=list_url, columns=COLUMNS)
register_record_links(Incident, web="incidents:detail", api="api:incident-detail")
