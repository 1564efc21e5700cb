"""Every read of the incident registry: the lists, the counts by type and the registry's figures (the quick entry
form's units and areas come from the shared lookups, antqcore.lookups)."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from antqcore.history import record_history
from antqcore.models import Area, User
from antqcore.scoping import scope_q
from antqcore.selectors import area_q
from units.models import Unit

from .models import Incident, IncidentType


def period_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start 00:00, the day after end 00:00) in local time: a range on occurred_at that its index serves, where
    occurred_at__date would compute a date for every row."""
    tz = timezone.get_current_timezone()
    return (datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz))


def incident_types(*, active_only: bool = False) -> QuerySet[IncidentType]:
    qs = IncidentType.objects.all()
    return qs.filter(active=True) if active_only else qs


def incidents_visible(*, user: User) -> QuerySet[Incident]:
    """The live incidents of the user's scope, for the pages that are not a scoped view (a unit's tab, an import)."""
    return Incident.objects.alive().filter(scope_q(user, "area"))


def incident_list(*, base: QuerySet[Incident] | None = None, type_code: str = "", area: Area | None = None,
                  unit: Unit | None = None, start: datetime.date | None = None, end: datetime.date | None = None,
                  serious: bool | None = None, verified: bool | None = None, search: str = "") -> QuerySet[Incident]:
    qs = (Incident.objects.all() if base is None else base).alive().select_related(
        "type", "area__parent", "unit")
    if type_code:
        qs = qs.filter(type__code=type_code)
    if area is not None:
        qs = qs.filter(area_q(area, "area"))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if start is not None:
        qs = qs.filter(occurred_at__gte=period_bounds(start, start)[0])
    if end is not None:
        qs = qs.filter(occurred_at__lt=period_bounds(end, end)[1])
    if serious is not None:
        qs = qs.filter(serious=serious)
    if verified is not None:
        qs = qs.filter(verified=verified)
    if search:
        qs = qs.filter(description__icontains=search)
    return qs.order_by("-occurred_at", "-id")


def incident_counts_by_type(*, incidents: QuerySet[Incident]) -> list[dict]:
    """How many of `incidents` are of each type, in the taxonomy's order (one aggregate query)."""
    return list(incidents.order_by().values("type__code", "type__name", "type__order")
                .annotate(n=Count("id")).order_by("type__order", "type__name"))


# --- Figures -------------------------------------------------------------------------------------------------------

def _of(code: str) -> Q:
    return Q(type__code=code)


def incidents_in_period(area: Area, start: datetime.date, end: datetime.date) -> QuerySet[Incident]:
    """The live incidents whose date lies in [start, end] and whose area lies in `area` on any map: what the
    registry's figures count (incidents.figures)."""
    low, high = period_bounds(start, end)
    return (Incident.objects.alive().filter(area_q(area, "area"), occurred_at__gte=low, occurred_at__lt=high)
            .select_related("type", "area", "unit"))


# --- History -------------------------------------------------------------------------------------------------------

def incident_history(incident: Incident) -> list[dict]:
    """Each saved version of the incident, in words (antqcore.history), marked when it deleted the incident."""
    entries = record_history(incident, excluded_fields=("serious", "created_by"))
    for entry in entries:
        entry["deleted"] = entry["record"].deleted_at is not None
    return entries
