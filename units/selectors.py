"""Every read of the units registry, including the figures it registers."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from antqcore.models import Area
from antqcore.scoping import scope_q
from antqcore.selectors import area_q

from .models import (
    FireTeam,
    FireTeamConsolidation,
    GuardForce,
    IndustrialZone,
    Unit,
    UnitKind,
    ZoneInvestment,
    search_key,
)


def units_visible(*, user) -> QuerySet[Unit]:
    """The live units of the user's scope: those a form, an import or a picker lets the user name."""
    return Unit.objects.alive().filter(scope_q(user, "commune"))


def unit_in_scope(*, user, unit_id: str) -> Unit | None:
    """The live unit a query parameter names (`?unit=<id>` from a unit's page), when it lies in the user's scope."""
    if not unit_id.isdigit():
        return None
    return units_visible(user=user).filter(pk=unit_id).select_related("commune").first()


def unit_list(*, base: QuerySet[Unit] | None = None, search: str = "", kind: str = "", subtype: str = "",
              area: Area | None = None, zone: int | None = None, status: str = "", fdi: bool | None = None,
              updated_since: datetime.datetime | None = None) -> QuerySet[Unit]:
    qs = (Unit.objects.all() if base is None else base).alive().select_related("commune__parent", "zone")
    if search:
        for word in search_key(search).split():
            qs = qs.filter(search_text__contains=word)
    if kind:
        qs = qs.filter(kind=kind)
    if subtype:
        qs = qs.filter(subtype=subtype)
    if area is not None:
        qs = qs.filter(area_q(area, "commune"))
    if zone:
        qs = qs.filter(zone_id=zone)
    if status:
        qs = qs.filter(status=status)
    if fdi is not None:
        qs = qs.filter(subtype="fdi_enterprise") if fdi else qs.exclude(subtype="fdi_enterprise")
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    return qs.order_by("name", "id")


def zone_list(*, kind: str = "", area: Area | None = None, on: datetime.date | None = None) -> QuerySet[IndustrialZone]:
    """Zones and clusters with what they hold on `on` (default today): operating enterprises, their workers and
    the investment projects attracted up to that year, each computed by the database."""
    on = on or timezone.localdate()
    operating = Q(units__deleted_at__isnull=True, units__kind=UnitKind.ENTERPRISE) & (
        Q(units__dissolved_on__isnull=True) | Q(units__dissolved_on__gt=on))
    projects = (ZoneInvestment.objects.filter(zone=OuterRef("pk"), year__lte=on.year).values("zone")
                .annotate(n=Sum("projects")).values("n"))
    qs = IndustrialZone.objects.select_related("area").annotate(
        enterprises_operating=Count("units", filter=operating),
        workers=Coalesce(Sum("units__worker_count", filter=operating), 0),
        investment_projects=Coalesce(Subquery(projects, output_field=IntegerField()), 0),
    )
    if kind:
        qs = qs.filter(kind=kind)
    if area is not None:
        qs = qs.filter(area_q(area, "area"))
    return qs.order_by("kind", "name")


# --- Figures -------------------------------------------------------------------------------------------------------

def units_existing(*, area: Area, on: datetime.date) -> QuerySet[Unit]:
    return Unit.objects.existing_on(on).filter(area_q(area, "commune"))


def zones_existing(*, area: Area, on: datetime.date, kind: str) -> QuerySet[IndustrialZone]:
    return IndustrialZone.objects.filter(area_q(area, "area"), kind=kind).filter(
        Q(established_on__isnull=True) | Q(established_on__lte=on)
    )


def zone_enterprises(*, area: Area, on: datetime.date) -> QuerySet[Unit]:
    """Enterprises operating in the area's industrial zones and clusters on `on`."""
    return units_existing(area=area, on=on).filter(kind=UnitKind.ENTERPRISE, zone__isnull=False)


def investments_up_to(*, area: Area, on: datetime.date) -> QuerySet[ZoneInvestment]:
    """The yearly investment figures of the area's zones and clusters, for the years up to `on`'s."""
    return ZoneInvestment.objects.filter(area_q(area, "zone__area"), year__lte=on.year)


def guard_forces_latest(*, area: Area, on: datetime.date) -> QuerySet[GuardForce]:
    """The guard force of each unit existing on `on`: its latest yearly record up to that year."""
    latest_year = (
        GuardForce.objects.filter(unit=OuterRef("unit"), year__lte=on.year).order_by("-year").values("year")[:1]
    )
    return GuardForce.objects.filter(unit__in=units_existing(area=area, on=on), year__lte=on.year).filter(
        year=Subquery(latest_year, output_field=IntegerField())
    )


def fire_teams_established(*, area: Area, start: datetime.date, end: datetime.date) -> QuerySet[FireTeam]:
    return FireTeam.objects.filter(area_q(area, "unit__commune"), established_on__range=(start, end),
                                   unit__deleted_at__isnull=True)


def fire_team_consolidations(*, area: Area, start: datetime.date, end: datetime.date
                             ) -> QuerySet[FireTeamConsolidation]:
    return FireTeamConsolidation.objects.filter(
        area_q(area, "team__unit__commune"), date__range=(start, end), team__unit__deleted_at__isnull=True
    )


def unit_area_on(unit, day: datetime.date) -> Area | None:
    """The unit's commune as it was on `day`: its recorded commune if it existed then, else the one commune that
    preceded or followed it on that day's map; None where that is ambiguous (the user then chooses)."""
    commune = unit.commune
    if commune.is_valid_on(day):
        return commune
    others = [a for a in [*commune.predecessors.all(), *commune.successors.all()] if a.is_valid_on(day)]
    return others[0] if len(others) == 1 else None
