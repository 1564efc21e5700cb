"""Every write of the incident registry. Web forms, the API, the Excel import and the admin all come through here,
so the rules, the scope and the "serious" flag are applied in one place."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antqcore.models import Area, AreaLevel, User
from antqcore.scoping import Ref, area_ended_text, ended_before, ensure_area_in_scope, references_check
from units.selectors import unit_area_on

from .models import PEOPLE_FIELDS, Incident, IncidentType

INCIDENT_FIELDS = [
    "type", "occurred_at", "unit", "area", "description", *PEOPLE_FIELDS, "deaths", "injuries", "damage_vnd",
    "reported", "verified", "prosecuted", "defendants", "fined", "fine_vnd", "from_public_tip",
]
# A phone's clock may run a little ahead of the server's: "now" on the phone is not the future.
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)
COUNT_FIELDS = [*PEOPLE_FIELDS, "deaths", "injuries", "damage_vnd", "defendants", "fine_vnd"]


def _overlap(area: Area, other: Area) -> bool:
    """Whether two areas share ground on any map: one lies inside the other, directly or through the areas merged
    into it."""
    mine, theirs = area.coverage_paths(), other.coverage_paths()
    return any(q == p or q.startswith(p + ".") or p.startswith(q + ".") for p in mine for q in theirs)


def incident_check_rules(*, data: dict[str, Any]) -> None:
    """The registry's rules on one incident's data, every problem at once, in words the user can act on."""
    errors: dict[str, str] = {}
    for field in COUNT_FIELDS:
        if (data.get(field) or 0) < 0:
            errors[field] = _("A count or an amount cannot be negative.")
    if data.get("prosecuted"):
        if (data.get("defendants") or 0) < 1 and "defendants" not in errors:
            errors["defendants"] = _("A prosecuted case has at least one defendant: give their number.")
    elif data.get("defendants"):
        errors["defendants"] = _("Defendants are counted only when the case was prosecuted.")
    if data.get("fine_vnd") and not data.get("fined") and "fine_vnd" not in errors:
        errors["fine_vnd"] = _("A fine amount is given only when an administrative fine was imposed.")
    occurred_at = data.get("occurred_at")
    if occurred_at is not None and occurred_at > timezone.now() + CLOCK_TOLERANCE:
        errors["occurred_at"] = _("The date and time cannot be in the future.")
    area, unit = data.get("area"), data.get("unit")
    if area is not None and area.level == AreaLevel.PROVINCE:
        errors["area"] = _("Choose the commune or district where it happened, not the province.")
    elif area is not None and occurred_at is not None and not area.is_valid_on(day := timezone.localdate(occurred_at)):
        errors["area"] = _("%(area)s did not exist on %(date)s: choose the area as it was then.") % {
            "area": area.name, "date": day.strftime("%d/%m/%Y")}
        if ended_before(area, day):
            errors["area"] += f" {area_ended_text(area, on=day)}."
    elif area is not None and unit is not None and not _overlap(area, unit.commune):
        errors["area"] = _("The unit %(unit)s is in %(commune)s, not in %(area)s.") % {
            "unit": unit.name, "commune": unit.commune.name, "area": area.name}
    elif area is None and unit is None:
        errors["area"] = _("Choose the unit or the area where it happened.")
    elif area is None and occurred_at is not None:  # without a date, the date's own error says enough
        errors["area"] = _("Choose the area where it happened: the unit's commune did not exist on that date.")
    if errors:
        raise ValidationError(errors)


def incident_fill_defaults(*, data: dict[str, Any]) -> dict[str, Any]:
    """The data with the area filled from the unit when it is not given (the unit's commune as it was then)."""
    data = dict(data)
    if data.get("area") is None and data.get("unit") is not None and data.get("occurred_at") is not None:
        data["area"] = unit_area_on(data["unit"], timezone.localdate(data["occurred_at"]))
    return data


def _check_scope(actor: User, data: dict[str, Any], current: Incident | None = None) -> None:
    """An area outside the actor's scope is refused (403); the unit must be one of the actor's scope and the type one
    still in use (400 on the field), though what the incident already names may stay."""
    if data.get("area") is not None:
        ensure_area_in_scope(actor, data["area"])
    references_check(actor, {"unit": Ref(data.get("unit"), "commune"), "type": Ref(data.get("type"), shared=True)},
                     model=Incident, instance=current)


def _apply(incident: Incident, data: dict[str, Any]) -> None:
    for field in INCIDENT_FIELDS:
        if field in data:
            setattr(incident, field, data[field])
    incident.serious = incident.type.is_serious(incident)


@transaction.atomic
def incident_create(*, data: dict[str, Any], actor: User) -> Incident:
    """Record an incident. The actor must be allowed to write in its area (and its unit's); the area defaults to
    the unit's commune as it was on the day."""
    data = incident_fill_defaults(data=data)
    _check_scope(actor, data)
    incident_check_rules(data=data)
    ensure_area_in_scope(actor, data.get("area"))
    incident = Incident(created_by=actor if actor.is_authenticated else None)
    _apply(incident, data)
    incident.save()
    return incident


@transaction.atomic
def incident_update(*, incident: Incident, data: dict[str, Any], actor: User) -> Incident:
    """Change an incident; fields absent from `data` keep their values. Leaving the unit and the area empty puts the
    incident in the unit's commune again."""
    ensure_area_in_scope(actor, incident.area)
    merged = {f: getattr(incident, f) for f in INCIDENT_FIELDS} | {k: v for k, v in data.items()
                                                                    if k in INCIDENT_FIELDS}
    merged = incident_fill_defaults(data=merged)
    _check_scope(actor, merged, current=incident)
    incident_check_rules(data=merged)
    ensure_area_in_scope(actor, merged.get("area"))
    _apply(incident, merged)
    incident.save()
    return incident


@transaction.atomic
def incident_delete(*, incident: Incident, actor: User) -> None:
    """Soft delete: the incident leaves the lists, the figures and the cross-check; the row and its history stay."""
    ensure_area_in_scope(actor, incident.area)
    if incident.deleted_at is not None:
        raise ValidationError(_("This incident was already deleted."))
    incident.deleted_at = timezone.now()
    incident.save(update_fields=["deleted_at"])


def incident_type_rules_apply(*, incident_type: IncidentType) -> int:
    """After a type's seriousness rules changed: recompute the flag of all its incidents in one UPDATE (no history
    row: the flag is derived, the rules' change is in the type's history). Returns the rows updated."""
    return Incident.objects.filter(type=incident_type).update(serious=incident_type.serious_expression())
