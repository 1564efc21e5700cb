"""Every write to the units registry."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from antqcore.models import AreaLevel, User
from antqcore.scoping import Ref, ensure_area_in_scope, reference_errors

from .models import (
    SUBTYPES_BY_KIND,
    FireTeam,
    FireTeamConsolidation,
    GuardForce,
    Unit,
    UnitStatus,
    UnitSubtype,
    search_key,
)

UNIT_FIELDS = [
    "name", "kind", "subtype", "investor_country", "tax_code", "commune", "address", "managing_level",
    "managing_body", "staff_count", "worker_count", "student_count", "headcount_year", "has_party_organisation",
    "zone", "status", "started_on", "dissolved_on", "contact_person", "phone", "email",
]
COUNT_FIELDS = ["staff_count", "worker_count", "student_count"]


class StaleVersion(Exception):
    """The record changed since the caller read it."""

    def __init__(self, current_version: int):
        super().__init__(current_version)
        self.current_version = current_version


def unit_check_rules(*, data: dict[str, Any], instance: Unit | None = None, user: User | None = None) -> None:
    """The registry's rules, for forms, imports and the API alike. Raises ValidationError by field. With `user`, the
    zone must be one of the user's scope (a zone the unit already has may stay)."""
    errors: dict[str, str] = reference_errors(user, {"zone": Ref(data.get("zone"), "area")}, model=Unit,
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


def _ensure_in_scope(user: User | None, data: dict[str, Any]) -> None:
    if user is not None and data.get("commune") is not None:
        ensure_area_in_scope(user, data["commune"])


@transaction.atomic
def unit_create(*, data: dict[str, Any], user: User | None = None) -> Unit:
    """A new unit. `user` is who records it: the unit's commune and zone must lie in their scope; None is the system
    (demo data, imports that checked their rows)."""
    _ensure_in_scope(user, data)
    unit_check_rules(data=data, user=user)
    unit = unit_build(data=data)
    unit.save()
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, data: dict[str, Any], expected_version: int | None = None,
                user: User | None = None) -> Unit:
    """Apply `data` to `unit`. With `expected_version`, refuse (StaleVersion) if someone saved in between: the
    version is bumped by a conditional UPDATE, so two concurrent writers cannot both win. `user` as in unit_create."""
    merged = {f: getattr(unit, f) for f in UNIT_FIELDS} | {k: v for k, v in data.items() if k in UNIT_FIELDS}
    _ensure_in_scope(user, merged)
    unit_check_rules(data=merged, instance=unit, user=user)
    version = unit.version if expected_version is None else expected_version
    claimed = Unit.objects.filter(pk=unit.pk, version=version, deleted_at__isnull=True).update(
        version=F("version") + 1
    )
    if not claimed:
        current = Unit.objects.filter(pk=unit.pk).values_list("version", flat=True).first() or 0
        raise StaleVersion(current)
    for field, value in merged.items():
        setattr(unit, field, value)
    unit.version = version + 1
    _fill_derived(unit)
    unit.save()
    return unit


@transaction.atomic
def unit_delete(*, unit: Unit, expected_version: int | None = None) -> None:
    """Soft delete: the unit leaves the registry and its lists, its history and past figures stay."""
    version = unit.version if expected_version is None else expected_version
    claimed = Unit.objects.filter(pk=unit.pk, version=version, deleted_at__isnull=True).update(
        version=F("version") + 1
    )
    if not claimed:
        current = Unit.objects.filter(pk=unit.pk).values_list("version", flat=True).first() or 0
        raise StaleVersion(current)
    unit.refresh_from_db()
    unit.deleted_at = timezone.now()
    unit.save(update_fields=["deleted_at"])


def guard_force_save(*, unit: Unit, year: int, data: dict[str, Any]) -> GuardForce:
    counts = ["official_staff", "long_term", "short_term", "bodyguards", "trained"]
    errors = {f: _("A count cannot be negative.") for f in counts if (data.get(f) or 0) < 0}
    total = sum(data.get(f) or 0 for f in counts[:4])
    if not errors and (data.get("trained") or 0) > total:
        errors["trained"] = _("More guards trained than there are guards.")
    if errors:
        raise ValidationError(errors)
    force, _created = GuardForce.objects.update_or_create(unit=unit, year=year, defaults=data)
    return force


def fire_team_save(*, unit: Unit, established_on, members: int) -> FireTeam:
    if members < 0:
        raise ValidationError({"members": _("A count cannot be negative.")})
    team, _created = FireTeam.objects.update_or_create(
        unit=unit, defaults={"established_on": established_on, "members": members}
    )
    return team


def fire_team_consolidate(*, team: FireTeam, date, members: int, note: str = "") -> FireTeamConsolidation:
    if date < team.established_on:
        raise ValidationError({"date": _("A team cannot be consolidated before it was established.")})
    if members < 0:
        raise ValidationError({"members": _("A count cannot be negative.")})
    consolidation = FireTeamConsolidation.objects.create(team=team, date=date, members=members, note=note)
    FireTeam.objects.filter(pk=team.pk).update(members=members)
    return consolidation
