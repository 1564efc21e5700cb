"""Every write to the units registry."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from antqcore.models import AreaLevel, User
from antqcore.scoping import Ref, ensure_area_in_scope, reference_errors
from antqcore.services import Conflict

from .models import (
    SUBTYPES_BY_KIND,
    FireTeam,
    FireTeamConsolidation,
    GuardForce,
    Unit,
    UnitStatus,
    UnitSubtype,
    ZoneInvestment,
    search_key,
)

UNIT_FIELDS = [
    "name", "kind", "subtype", "investor_country", "tax_code", "commune", "address", "managing_level",
    "managing_body", "staff_count", "worker_count", "student_count", "headcount_year", "has_party_organisation",
    "zone", "status", "started_on", "dissolved_on", "contact_person", "phone", "email",
]
COUNT_FIELDS = ["staff_count", "worker_count", "student_count"]


class StaleVersion(Conflict):
    """The unit changed since the caller read it: `current_version` is where it stands now."""

    def __init__(self, current_version: int, message: str = ""):
        super().__init__(message or _("The unit was changed by someone else (now at version %(v)s).")
                         % {"v": current_version})
        self.current_version = current_version


def unit_check_rules(*, data: dict[str, Any], instance: Unit | None = None, actor: User | None = None) -> None:
    """The registry's rules, for forms, imports and the API alike. Raises ValidationError by field. With `actor`, the
    zone must be one of the actor's scope (a zone the unit already has may stay)."""
    errors: dict[str, str] = reference_errors(actor, {"zone": Ref(data.get("zone"), "area")}, model=Unit,
                                              instance=instance)
    kind, subtype = data.get("kind"), data.get("subtype")
    if kind and subtype and subtype not in SUBTYPES_BY_KIND.get(kind, set()):
        errors["subtype"] = _("This subtype does not belong to the chosen kind.")
    if subtype == UnitSubtype.FDI_ENTERPRISE and not (data.get("investor_country") or "").strip():
        errors["investor_country"] = _("Give the investor country of a foreign-invested enterprise.")
    for field in COUNT_FIELDS:
        if data.get(field) is not None and data[field] < 0:
            errors[field] = _("A count cannot be negative.")
    commune = data.get("commune")
    if commune is not None and commune.level != AreaLevel.COMMUNE:
        errors["commune"] = _("Choose a commune, ward or township.")
    status, dissolved_on = data.get("status"), data.get("dissolved_on")
    if status == UnitStatus.DISSOLVED and not dissolved_on:
        errors["dissolved_on"] = _("Give the date the unit was dissolved.")
    if dissolved_on and status != UnitStatus.DISSOLVED:
        errors["status"] = _("A unit with a dissolution date must have the status 'dissolved'.")
    started_on = data.get("started_on")
    if started_on and dissolved_on and dissolved_on < started_on:
        errors["dissolved_on"] = _("The unit cannot be dissolved before it started.")

    others = Unit.objects.alive()
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    tax_code = (data.get("tax_code") or "").strip()
    if tax_code:
        existing = others.filter(tax_code=tax_code).first()
        if existing:
            errors["tax_code"] = _("Tax code %(code)s is already used by “%(name)s” (no. %(id)s).") % {
                "code": tax_code, "name": existing.name, "id": existing.pk}
    if data.get("name") and commune is not None:
        existing = others.filter(commune=commune, name_key=search_key(data["name"])).first()
        if existing:
            errors["name"] = _("“%(name)s” (no. %(id)s) already exists in %(commune)s.") % {
                "name": existing.name, "id": existing.pk, "commune": commune.name}
    if errors:
        raise ValidationError(errors)


def unit_build(*, data: dict[str, Any]) -> Unit:
    """An unsaved unit with its derived fields filled, rules NOT checked: for bulk loads whose rows were
    already checked (imports, demo data), which then use bulk_create."""
    unit = Unit(**{k: v for k, v in data.items() if k in UNIT_FIELDS})
    _fill_derived(unit)
    return unit


def _fill_derived(unit: Unit) -> None:
    unit.tax_code = (unit.tax_code or "").strip()
    unit.name = " ".join(unit.name.split())
    unit.name_key = search_key(unit.name)
    unit.search_text = search_key(" ".join([unit.name, unit.tax_code, unit.address, unit.investor_country]))


def _ensure_in_scope(actor: User | None, commune) -> None:
    """A write that would put a unit, or touch one, outside the actor's scope is refused (403). None is the system
    (demo data, tests), which is not scoped."""
    if actor is not None and commune is not None:
        ensure_area_in_scope(actor, commune)


def _claim_version(unit: Unit, expected_version: int | None, message: str = "") -> int:
    """Bump the unit's version by a conditional UPDATE from the version the writer read (by default the one in hand),
    so that of two concurrent writers only one wins; the other gets StaleVersion. Returns the version claimed."""
    version = unit.version if expected_version is None else expected_version
    claimed = Unit.objects.filter(pk=unit.pk, version=version, deleted_at__isnull=True).update(
        version=F("version") + 1
    )
    if not claimed:
        current = Unit.objects.filter(pk=unit.pk).values_list("version", flat=True).first() or 0
        raise StaleVersion(current, message and message % {"v": current})
    return version


@transaction.atomic
def unit_create(*, data: dict[str, Any], actor: User | None) -> Unit:
    """A new unit. `actor` is who records it: the unit's commune and zone must lie in their scope; None is the system
    (demo data, tests)."""
    _ensure_in_scope(actor, data.get("commune"))
    unit_check_rules(data=data, actor=actor)
    unit = unit_build(data=data)
    unit.save()
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, data: dict[str, Any], expected_version: int | None = None,
                actor: User | None) -> Unit:
    """Apply `data` to `unit`. With `expected_version`, refuse (StaleVersion) if someone saved in between. The unit,
    where it is and where it would go must lie in the actor's scope."""
    merged = {f: getattr(unit, f) for f in UNIT_FIELDS} | {k: v for k, v in data.items() if k in UNIT_FIELDS}
    _ensure_in_scope(actor, merged["commune"])
    _ensure_in_scope(actor, unit.commune)
    unit_check_rules(data=merged, instance=unit, actor=actor)
    version = _claim_version(unit, expected_version, _("The unit was changed by someone else (now at version %(v)s). "
                                                      "Read it again and re-apply your change."))
    for field, value in merged.items():
        setattr(unit, field, value)
    unit.version = version + 1
    _fill_derived(unit)
    unit.save()
    return unit


@transaction.atomic
def unit_delete(*, unit: Unit, expected_version: int | None = None, actor: User | None) -> None:
    """Soft delete: the unit leaves the registry and its lists, its history and past figures stay."""
    _ensure_in_scope(actor, unit.commune)
    _claim_version(unit, expected_version)
    unit.refresh_from_db()
    unit.deleted_at = timezone.now()
    unit.save(update_fields=["deleted_at"])


def guard_force_save(*, unit: Unit, year: int, data: dict[str, Any], actor: User | None) -> GuardForce:
    _ensure_in_scope(actor, unit.commune)
    counts = ["official_staff", "long_term", "short_term", "bodyguards", "trained"]
    errors = {f: _("A count cannot be negative.") for f in counts if (data.get(f) or 0) < 0}
    total = sum(data.get(f) or 0 for f in counts[:4])
    if not errors and (data.get("trained") or 0) > total:
        errors["trained"] = _("More guards trained than there are guards.")
    if errors:
        raise ValidationError(errors)
    force, _created = GuardForce.objects.update_or_create(unit=unit, year=year, defaults=data)
    return force


def fire_team_save(*, unit: Unit, established_on, members: int, actor: User | None) -> FireTeam:
    _ensure_in_scope(actor, unit.commune)
    if members < 0:
        raise ValidationError({"members": _("A count cannot be negative.")})
    team, _created = FireTeam.objects.update_or_create(
        unit=unit, defaults={"established_on": established_on, "members": members}
    )
    return team


def fire_team_consolidate(*, unit: Unit, date, members: int, note: str = "",
                          actor: User | None) -> FireTeamConsolidation:
    """A consolidation of the unit's fire team; a unit without a recorded team is refused (record the team first)."""
    _ensure_in_scope(actor, unit.commune)
    team = FireTeam.objects.filter(unit=unit).first()
    if team is None:
        raise ValidationError(_("Record the fire team first."))
    if date < team.established_on:
        raise ValidationError({"date": _("A team cannot be consolidated before it was established.")})
    if members < 0:
        raise ValidationError({"members": _("A count cannot be negative.")})
    consolidation = FireTeamConsolidation.objects.create(team=team, date=date, members=members, note=note)
    FireTeam.objects.filter(pk=team.pk).update(members=members)
    return consolidation


def zone_investment_save(*, zone, year: int, projects: int, actor: User | None) -> ZoneInvestment:
    """The investment projects a zone or cluster attracted in a year (one record a year: saving again replaces it).
    The zone must lie in the actor's scope."""
    if actor is not None:
        ensure_area_in_scope(actor, zone.area)
    if projects < 0:
        raise ValidationError({"projects": _("A count cannot be negative.")})
    investment, _created = ZoneInvestment.objects.update_or_create(zone=zone, year=year,
                                                                   defaults={"projects": projects})
    return investment
