"""Every write of the models registry."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antqcore.models import User
from antqcore.scoping import Ref, ensure_area_in_scope, references_check
from units.models import Unit, search_key

from .models import Activity, ModelStatus, MovementModel, PilotSelection, Rating, Review

MODEL_FIELDS = [
    "name", "type", "area", "host_unit", "partner_commune", "is_pilot", "pilot_plan", "pilot_since",
    "established_on", "decision_number", "decision_issuer", "members_count", "members_list", "regulation_on",
    "regulation_file", "launched_on", "briefing_every_months", "replication_sites", "replication_teams",
    "replicated_from", "status", "eliminated_on", "elimination_reason",
]


def model_check_rules(*, data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    established = data.get("established_on")
    for field, label in (("regulation_on", _("The regulation")), ("launched_on", _("The launch")),
                         ("eliminated_on", _("The elimination")), ("pilot_since", _("The pilot"))):
        if established and data.get(field) and data[field] < established:
            errors[field] = _("%(what)s cannot come before the establishment (%(date)s).") % {
                "what": label, "date": established.strftime("%d/%m/%Y")}
    if data.get("is_pilot") and not data.get("pilot_since"):
        errors["pilot_since"] = _("Give the date the model became a pilot.")
    status, eliminated_on = data.get("status"), data.get("eliminated_on")
    if status == ModelStatus.ELIMINATED and not eliminated_on:
        errors["eliminated_on"] = _("Give the date the model was eliminated.")
    if status == ModelStatus.ELIMINATED and not (data.get("elimination_reason") or "").strip():
        errors["elimination_reason"] = _("Give the reason for the elimination.")
    if eliminated_on and status != ModelStatus.ELIMINATED:
        errors["status"] = _("A model with an elimination date must have the status 'eliminated'.")
    for field in ("members_count", "replication_sites", "replication_teams"):
        if (data.get(field) or 0) < 0:
            errors[field] = _("A count cannot be negative.")
    if errors:
        raise ValidationError(errors)


def _check_may_change(actor: User | None, model: MovementModel) -> None:
    """A model outside the actor's scope is not theirs to change (403). `actor` None is the system (demo data)."""
    if actor is not None:
        ensure_area_in_scope(actor, model.area)


def _check_scope(actor: User | None, data: dict[str, Any], participants: list[Unit] | None,
                 model: MovementModel | None = None) -> None:
    """The model's area must lie in the actor's scope (403), and every unit, commune and model it names too (400 on
    the field); what the model already names may stay. `actor` None is the system (demo data, checked imports)."""
    if actor is None:
        return
    area = data.get("area") or (data["host_unit"].commune if data.get("host_unit") else None)
    if area is not None:
        ensure_area_in_scope(actor, area)
    references_check(actor, {
        "host_unit": Ref(data.get("host_unit"), "commune"),
        "participants": Ref(list(participants or []), "commune"),
        "partner_commune": Ref(data.get("partner_commune"), None),
        "replicated_from": Ref(data.get("replicated_from"), "area", label=_("source model")),
    }, model=MovementModel, instance=model)


def _apply(model: MovementModel, data: dict[str, Any]) -> None:
    for field in MODEL_FIELDS:
        if field in data:
            setattr(model, field, data[field])
    if model.host_unit_id and not model.area_id:
        model.area = model.host_unit.commune
    model.search_text = search_key(model.name)


@transaction.atomic
def model_create(*, data: dict[str, Any], participants: list[Unit] | None = None,
                 actor: User | None = None) -> MovementModel:
    _check_scope(actor, data, participants)
    model_check_rules(data=data)
    model = MovementModel()
    _apply(model, data)
    model.save()
    if participants is not None:
        model.participants.set(participants)
    return model


@transaction.atomic
def model_update(*, model: MovementModel, data: dict[str, Any], participants: list[Unit] | None = None,
                 actor: User | None = None) -> MovementModel:
    _check_may_change(actor, model)
    merged = {f: getattr(model, f) for f in MODEL_FIELDS} | {k: v for k, v in data.items() if k in MODEL_FIELDS}
    _check_scope(actor, merged, participants, model)
    model_check_rules(data=merged)
    _apply(model, merged)
    model.save()
    if participants is not None:
        model.participants.set(participants)
    return model


def activity_record(*, model: MovementModel, kind: str, date: datetime.date, note: str = "",
                    actor: User | None = None) -> Activity:
    _check_may_change(actor, model)
    if date < model.established_on:
        raise ValidationError({"date": _("A briefing cannot come before the model was established.")})
    if model.status == ModelStatus.ELIMINATED and model.eliminated_on and date > model.eliminated_on:
        raise ValidationError({"date": _("The model was eliminated on %(date)s.")
                               % {"date": model.eliminated_on.strftime("%d/%m/%Y")}})
    return Activity.objects.create(model=model, kind=kind, date=date, note=note)


def review_record(*, model: MovementModel, date: datetime.date, rating: Rating, reviewer: str = "",
                  notes: str = "", actor: User | None = None) -> Review:
    _check_may_change(actor, model)
    if date < model.established_on:
        raise ValidationError({"date": _("A review cannot come before the model was established.")})
    return Review.objects.create(model=model, date=date, rating=rating, reviewer=reviewer, notes=notes)


@transaction.atomic
def model_eliminate(*, model: MovementModel, on: datetime.date, reason: str,
                    actor: User | None = None) -> MovementModel:
    return model_update(model=model, data={"status": ModelStatus.ELIMINATED, "eliminated_on": on,
                                           "elimination_reason": reason}, actor=actor)


def pilot_select(*, unit: Unit, plan: str, selected_on: datetime.date, actor: User | None = None) -> PilotSelection:
    if actor is not None:
        ensure_area_in_scope(actor, unit.commune)
    if PilotSelection.objects.filter(unit=unit, plan=plan).exists():
        raise ValidationError(_("%(unit)s was already chosen under %(plan)s.") % {"unit": unit.name, "plan": plan})
    return PilotSelection.objects.create(unit=unit, plan=plan, selected_on=selected_on)
