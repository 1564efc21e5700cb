"""The registry's figures, each with the records it counts (or sums): the units, zones and clusters existing at the
end of the period, the zones' investment figures and enterprises, the guard forces of the units (one group: the
latest yearly record of each unit, summed field by field) and the fire teams set up or consolidated in the period."""

from django.db.models import F
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from antqcore.models import AreaLevel
from antqcore.records import register_record_links
from antqcore.stats import Column, Part, Source, register_figure, register_group

from . import selectors
from .models import FireTeam, FireTeamConsolidation, GuardForce, IndustrialZone, Unit, ZoneInvestment


def area_params(area) -> dict:
    """The `area` filter of a registry's list (a province or a district; a commune is left to the reader)."""
    return {"area": area.pk} if area.level in (AreaLevel.PROVINCE, AreaLevel.DISTRICT) else {}


def unit_list_url(area, start, end) -> str:
    return f"{reverse('units:list')}?{urlencode(area_params(area))}"


def zone_list_url(area, start, end) -> str:
    return reverse("units:zones")  # the zone list has no filters: it shows each zone's enterprises and projects


UNIT_COLUMNS = (
    Column("commune", _("Commune"), lambda u: u.commune.name),
    Column("kind", _("Kind"), lambda u: u.get_kind_display()),
    Column("started_on", _("Operating since"), lambda u: u.started_on),
)
ZONE_COLUMNS = (
    Column("area", _("Area"), lambda z: z.area.name),
    Column("established_on", _("Established on"), lambda z: z.established_on),
)
ENTERPRISE_COLUMNS = (
    Column("zone", _("Zone or cluster"), lambda u: u.zone.name),
    Column("commune", _("Commune"), lambda u: u.commune.name),
    Column("worker_count", _("Workers"), lambda u: u.worker_count),
)
UNIT_COMMUNE = "commune"

register_figure("context.units", _("Agencies, enterprises and schools"), source=Source(
    lambda area, start, end: selectors.units_existing(area=area, on=end),
    rule=_("Agencies, enterprises and schools in the registry on the period's last day (started by then, not "
           "dissolved), whose commune lies in the area."),
    area_field=UNIT_COMMUNE, list_url=unit_list_url, columns=UNIT_COLUMNS))


def _zones(kind):
    return lambda area, start, end: selectors.zones_existing(area=area, on=end, kind=kind)


register_figure("context.industrial_zones", _("Industrial zones"), source=Source(
    _zones(IndustrialZone.Kind.ZONE),
    rule=_("Industrial zones of the area established by the period's last day (or without a known date)."),
    list_url=zone_list_url, columns=ZONE_COLUMNS))
register_figure("context.industrial_clusters", _("Industrial clusters"), source=Source(
    _zones(IndustrialZone.Kind.CLUSTER),
    rule=_("Industrial clusters of the area established by the period's last day (or without a known date)."),
    list_url=zone_list_url, columns=ZONE_COLUMNS))
register_figure("context.investment_projects", _("Investment projects attracted to zones and clusters"), source=Source(
    lambda area, start, end: selectors.investments_up_to(area=area, on=end),
    rule=_("The sum of the investment projects recorded, year by year up to the year of the period's last day, for "
           "the zones and clusters of the area."),
    measure=F("projects"), area_field="zone__area", list_url=zone_list_url, columns=(
        Column("zone", _("Zone or cluster"), lambda i: i.zone.name),
        Column("year", _("Year"), lambda i: i.year),
        Column("projects", _("Investment projects"), lambda i: i.projects),
    )))


def _zone_enterprises(area, start, end):
    return selectors.zone_enterprises(area=area, on=end)


register_figure("context.enterprises_operating", _("Enterprises operating in zones and clusters"), source=Source(
    _zone_enterprises,
    rule=_("Enterprises in the registry on the period's last day that belong to an industrial zone or cluster, whose "
           "commune lies in the area."),
    area_field=UNIT_COMMUNE, list_url=zone_list_url, columns=ENTERPRISE_COLUMNS))
register_figure("context.workers", _("Workers of those enterprises"), source=Source(
    _zone_enterprises,
    rule=_("The sum of the workers of the enterprises in the registry on the period's last day that belong to an "
           "industrial zone or cluster, whose commune lies in the area."),
    measure=F("worker_count"), area_field=UNIT_COMMUNE, list_url=zone_list_url, columns=ENTERPRISE_COLUMNS))

GUARD_FIELDS = ("official_staff", "long_term", "short_term", "bodyguards")
GUARD_PARTS = {
    "guards.total": Part(
        _("Security guards in units"),
        _("The sum of all the guards (official staff, long-term and short-term contracts, bodyguards and hired "
          "guards) of the latest yearly guard-force record, up to the year of the period's last day, of each unit "
          "in the registry on that day whose commune lies in the area."),
        measure=sum((F(f) for f in GUARD_FIELDS[1:]), F(GUARD_FIELDS[0]))),
    "guards.official": Part(
        _("Guards on the official staff"),
        _("The sum of the guards on the official staff of the latest yearly guard-force record, up to the year of "
          "the period's last day, of each unit in the registry on that day whose commune lies in the area."),
        measure=F("official_staff")),
    "guards.long_term": Part(
        _("Guards on long-term contracts"),
        _("The sum of the guards on long-term contracts of the latest yearly guard-force record, up to the year of "
          "the period's last day, of each unit in the registry on that day whose commune lies in the area."),
        measure=F("long_term")),
    "guards.short_term": Part(
        _("Guards on short-term contracts"),
        _("The sum of the guards on short-term contracts of the latest yearly guard-force record, up to the year of "
          "the period's last day, of each unit in the registry on that day whose commune lies in the area."),
        measure=F("short_term")),
    "guards.bodyguards": Part(
        _("Bodyguards and hired guards"),
        _("The sum of the bodyguards and hired guards of the latest yearly guard-force record, up to the year of the "
          "period's last day, of each unit in the registry on that day whose commune lies in the area."),
        measure=F("bodyguards")),
}
register_group(GUARD_PARTS, base=lambda area, start, end: selectors.guard_forces_latest(area=area, on=end),
               area_field="unit__commune", columns=(
                   Column("year", _("Year"), lambda g: g.year),
                   Column("official_staff", _("Official staff"), lambda g: g.official_staff),
                   Column("contracts", _("Long-term and short-term contracts"), lambda g: g.long_term + g.short_term),
                   Column("bodyguards", _("Bodyguards and hired guards"), lambda g: g.bodyguards),
               ))

register_figure("fire.teams_new", _("Unit fire teams newly established"), source=Source(
    lambda area, start, end: selectors.fire_teams_established(area=area, start=start, end=end),
    rule=_("Fire teams of units of the registry established in the period, whose unit's commune lies in the area."),
    area_field="unit__commune", columns=(
        Column("commune", _("Commune"), lambda t: t.unit.commune.name),
        Column("established_on", _("Established on"), lambda t: t.established_on),
        Column("members", _("Members"), lambda t: t.members),
    )))
register_figure("fire.teams_consolidated", _("Unit fire teams consolidated"), source=Source(
    lambda area, start, end: selectors.fire_team_consolidations(area=area, start=start, end=end),
    rule=_("Consolidations of the fire teams of units of the registry made in the period (a team consolidated twice "
           "counts twice), whose unit's commune lies in the area."),
    area_field="team__unit__commune", columns=(
        Column("unit", _("Unit"), lambda c: c.team.unit.name),
        Column("date", _("Date"), lambda c: c.date),
        Column("members", _("Members after"), lambda c: c.members),
    )))


def _unit_page(attr):
    """The page of the unit a record belongs to (guard forces and fire teams have no page of their own)."""
    return lambda record: reverse("units:detail", kwargs={"pk": attr(record)})


def _unit_api(attr):
    return lambda record: reverse("api:unit-detail", kwargs={"pk": attr(record)})


register_record_links(Unit, web="units:detail", api="api:unit-detail")
register_record_links(IndustrialZone, web=lambda z: reverse("units:zones"), api="api:industrial-zone-detail")
register_record_links(ZoneInvestment, web=lambda i: reverse("units:zones"),
                      api=lambda i: reverse("api:industrial-zone-detail", kwargs={"pk": i.zone_id}))
register_record_links(GuardForce, web=_unit_page(lambda g: g.unit_id), api=_unit_api(lambda g: g.unit_id))
register_record_links(FireTeam, web=_unit_page(lambda t: t.unit_id), api=_unit_api(lambda t: t.unit_id))
register_record_links(FireTeamConsolidation, web=_unit_page(lambda c: c.team.unit_id),
                      api=_unit_api(lambda c: c.team.unit_id))
