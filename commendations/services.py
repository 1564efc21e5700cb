"""Every write of the commendations register. Views, the API, the Excel import and the demo all come here, so the
rules (who may receive what, the medal once per person) hold whichever way a commendation arrives."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antqcore.models import User
from antqcore.scoping import Ref, ensure_area_in_scope, references_check
from units.models import search_key

from .models import AwardForm, Commendation, Grantor, RecipientKind
from .selectors import medal_holder

COMMENDATION_FIELDS = [
    "form", "other_form", "grantor", "other_grantor", "recipient_kind", "unit", "organisation_name", "person_name",
    "birth_year", "citizen_id", "position", "workplace", "area", "decision_number", "decision_date", "occasion",
    "reason",
]
COLLECTIVE_FIELDS = ["organisation_name"]
INDIVIDUAL_FIELDS = ["person_name", "birth_year", "citizen_id", "position", "workplace"]
TEXT_FIELDS = ["other_form", "other_grantor", "organisation_name", "person_name", "citizen_id", "position",
               "workplace", "decision_number", "reason"]


def name_key_of(name: str, birth_year: int | None) -> str:
    """"Nguyễn Văn An" born 1975 and "nguyen van  an" born 1975 are the same key."""
    return f"{search_key(name)}|{birth_year or ''}"


def person_key_of(name: str, birth_year: int | None, citizen_id: str) -> str:
    return f"id:{citizen_id}" if citizen_id else name_key_of(name, birth_year)


def medal_refusal(first: Commendation) -> str:
    return _("%(name)s already received the “Protecting National Security” medal by Decision No. %(number)s of "
             "%(date)s.") % {"name": first.person_name, "number": first.decision_number,
                             "date": first.decision_date.strftime("%d/%m/%Y")}


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Trim the texts, keep only the digits of a citizen ID, drop what belongs to the other kind of recipient (a
    form that switched from individual to collective leaves the person's fields behind), and count a unit's
    commendation in its commune unless an area was chosen."""
    data = dict(data)
    for field in TEXT_FIELDS:
        if field in data:
            data[field] = " ".join((data[field] or "").split()) if field != "reason" else (data[field] or "").strip()
    if data.get("citizen_id"):
        data["citizen_id"] = re.sub(r"[\s.\-]", "", data["citizen_id"])
    other_kinds_fields = {RecipientKind.COLLECTIVE: INDIVIDUAL_FIELDS, RecipientKind.INDIVIDUAL: COLLECTIVE_FIELDS}
    for field in other_kinds_fields.get(data.get("recipient_kind"), []):
        data[field] = None if field == "birth_year" else ""
    if data.get("form") != AwardForm.OTHER and "form" in data:
        data["other_form"] = ""
    if data.get("grantor") != Grantor.OTHER and "grantor" in data:
        data["other_grantor"] = ""
    if not data.get("area") and data.get("unit") is not None:
        data["area"] = data["unit"].commune
    return data


def commendation_check_rules(*, data: dict[str, Any], instance: Commendation | None = None) -> None:
    """Every rule of a commendation, all problems at once; `data` is normalised and complete."""
    errors: dict[str, str] = {}
    form, kind, grantor = data.get("form"), data.get("recipient_kind"), data.get("grantor")
    decided, year = data.get("decision_date"), data.get("birth_year")
    if form == AwardForm.OTHER and not data.get("other_form"):
        errors["other_form"] = _("Give the name of the form of commendation.")
    if grantor == Grantor.OTHER and not data.get("other_grantor"):
        errors["other_grantor"] = _("Give the name of the authority that granted it.")
    if kind == RecipientKind.COLLECTIVE and data.get("unit") is None and not data.get("organisation_name"):
        errors["organisation_name"] = _("Give the unit or the name of the collective.")
    if kind == RecipientKind.INDIVIDUAL and not data.get("person_name"):
        errors["person_name"] = _("Give the person's full name.")
    if form == AwardForm.MEDAL:
        if kind != RecipientKind.INDIVIDUAL:
            errors["recipient_kind"] = _("The medal is given to individuals only.")
        if grantor != Grantor.MINISTRY:
            errors["grantor"] = _("The medal is granted by the Minister of Public Security.")
        if kind == RecipientKind.INDIVIDUAL and not year and not data.get("citizen_id"):
            errors["birth_year"] = _("Give the birth year or the citizen ID number: they tell apart people of the "
                                     "same name, and the medal is given once per person.")
    citizen_id = data.get("citizen_id") or ""
    if citizen_id and not re.fullmatch(r"\d{12}|\d{9}", citizen_id):
        errors["citizen_id"] = _("A citizen ID number has 12 digits (9 for an old identity card).")
    if year and decided and not 1900 <= year <= decided.year:
        errors["birth_year"] = _("The birth year must lie between 1900 and the year of the decision.")
    if decided and decided > timezone.localdate():
        errors["decision_date"] = _("The decision date cannot be in the future.")
    if data.get("area") is None:
        errors["area"] = _("Give the area, or the unit whose commune is taken.")
    unit = data.get("unit")
    if unit is not None and unit.deleted_at and (instance is None or instance.unit_id != unit.pk):
        errors["unit"] = _("This unit was deleted from the registry.")
    if form == AwardForm.MEDAL and not errors:
        first = medal_holder(name_key=name_key_of(data["person_name"], year), citizen_id=citizen_id,
                             exclude_pk=instance.pk if instance else None)
        if first is not None:
            errors["person_name"] = medal_refusal(first)
    if errors:
        raise ValidationError(errors)


def _apply(commendation: Commendation, data: dict[str, Any]) -> None:
    for field in COMMENDATION_FIELDS:
        if field in data:
            setattr(commendation, field, data[field])
    individual = commendation.recipient_kind == RecipientKind.INDIVIDUAL
    commendation.name_key = name_key_of(commendation.person_name, commendation.birth_year) if individual else ""
    commendation.person_key = (person_key_of(commendation.person_name, commendation.birth_year,
                                             commendation.citizen_id) if individual else "")
    unit_name = commendation.unit.name if commendation.unit_id else ""
    commendation.search_text = search_key(" ".join([commendation.person_name, commendation.organisation_name,
                                                    unit_name, commendation.workplace,
                                                    commendation.decision_number]))


def _save(commendation: Commendation) -> None:
    """Save; when a concurrent request recorded the same person's medal first, the database's constraint refuses
    this one and the user reads the same message as when the check above catches it."""
    try:
        with transaction.atomic():
            commendation.save()
    except IntegrityError:
        # Asked of the data, not of the error's text: PostgreSQL names the constraint there, SQLite only the column.
        first = medal_holder(name_key=commendation.name_key, citizen_id=commendation.citizen_id,
                             exclude_pk=commendation.pk) if commendation.form == AwardForm.MEDAL else None
        if first is None:
            raise
        raise ValidationError({"person_name": medal_refusal(first)}) from None


def _complete(data: dict[str, Any]) -> dict[str, Any]:
    defaults = {f: Commendation._meta.get_field(f).get_default() for f in COMMENDATION_FIELDS}
    return normalise(defaults | {k: v for k, v in data.items() if k in COMMENDATION_FIELDS})


def commendation_build(*, data: dict[str, Any]) -> Commendation:
    """An unsaved commendation with its keys, for a bulk load that checked its rows itself (the demo); the database
    still refuses a second medal for the same person."""
    commendation = Commendation()
    _apply(commendation, _complete(data))
    return commendation


def _check_scope(actor: User | None, data: dict[str, Any], instance: Commendation | None = None) -> None:
    """The area where the commendation is counted must lie in the actor's scope (403), and the unit be one of the
    scope (400 on the field; the unit it already has may stay). `actor` None is the system (demo data, tests)."""
    if actor is None:
        return
    if data.get("area") is not None:
        ensure_area_in_scope(actor, data["area"])
    references_check(actor, {"unit": Ref(data.get("unit"), "commune")}, model=Commendation, instance=instance)


@transaction.atomic
def commendation_create(*, data: dict[str, Any], actor: User | None) -> Commendation:
    """Record a commendation. Where it is counted (its area, by default its unit's commune) must lie in the actor's
    scope."""
    full = _complete(data)
    _check_scope(actor, full)
    commendation_check_rules(data=full)
    commendation = Commendation()
    _apply(commendation, full)
    _save(commendation)
    return commendation


@transaction.atomic
def commendation_update(*, commendation: Commendation, data: dict[str, Any], actor: User | None) -> Commendation:
    """Change a commendation of the actor's scope; fields absent from `data` keep their values."""
    if actor is not None:
        ensure_area_in_scope(actor, commendation.area)
    current = {f: getattr(commendation, f) for f in COMMENDATION_FIELDS}
    changed = {k: v for k, v in data.items() if k in COMMENDATION_FIELDS}
    followed_unit = commendation.unit_id is not None and commendation.area_id == commendation.unit.commune_id
    if (followed_unit and changed.get("unit", commendation.unit) != commendation.unit
            and changed.get("area", commendation.area) == commendation.area):
        changed["area"] = None  # the area followed the old unit (the form sends it back unchanged): follow the new
    merged = normalise(current | changed)
    _check_scope(actor, merged, commendation)
    commendation_check_rules(data=merged, instance=commendation)
    _apply(commendation, merged)
    _save(commendation)
    return commendation


@transaction.atomic  # a refusal (a locked period) leaves the request's transaction usable
def commendation_delete(*, commendation: Commendation, actor: User | None) -> None:
    if actor is not None:
        ensure_area_in_scope(actor, commendation.area)
    commendation.delete()  # the history keeps the deleted row and who deleted it
