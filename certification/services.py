"""Every write of the certification registry. Each workflow step moves a participation's status with a
conditional UPDATE (so two people cannot both take the same step), writes a StepLog row and refuses a step from
the wrong status with a message that says where the dossier stands."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antqcore.models import Area, User
from antqcore.scoping import Ref, ensure_area_in_scope, references_check
from units.models import Unit

from .models import Answer, Campaign, Council, Criticism, Decision, Level, Participation, Scheme, Status, StepLog
from .selectors import criteria_for, participation_breaches


class WorkflowError(ValidationError):
    """A step that cannot be taken now."""


def campaign_open(*, scheme: Scheme, year: int, actor: User | None, window_start: datetime.date | None = None,
                  window_end: datetime.date | None = None, registration_deadline: datetime.date | None = None,
                  submission_deadline: datetime.date | None = None) -> Campaign:
    """A campaign with the default calendar of Circular 124/2021: evaluation from 16/11 of the previous year to
    15/11, registration in the first quarter, dossiers by the end of the window. Campaigns are province-wide: only
    the province opens them."""
    if actor is not None and not actor.is_province_level:
        raise PermissionDenied(_("Only province staff open campaigns."))
    if Campaign.objects.filter(scheme=scheme, year=year).exists():
        raise ValidationError({"year": _("A %(scheme)s campaign for %(year)s already exists.")
                               % {"scheme": scheme.name, "year": year}})
    window_start = window_start or datetime.date(year - 1, 11, 16)
    window_end = window_end or datetime.date(year, 11, 15)
    if window_end <= window_start:
        raise ValidationError({"window_end": _("The evaluation window must end after it starts.")})
    return Campaign.objects.create(
        scheme=scheme, year=year, window_start=window_start, window_end=window_end,
        registration_deadline=registration_deadline or datetime.date(year, 3, 31),
        submission_deadline=submission_deadline or window_end,
    )


def _move(*, participation: Participation, allowed: list[str], to: str, actor: User | None, note: str = "",
          **fields: Any) -> Participation:
    if actor is not None:  # every step is taken on a dossier of the actor's scope
        ensure_area_in_scope(actor, participation.unit.commune)
    claimed = Participation.objects.filter(pk=participation.pk, status__in=allowed).update(status=to, **fields)
    if not claimed:
        current = Participation.objects.get(pk=participation.pk)
        raise WorkflowError(
            _("This step cannot be taken: the dossier of %(unit)s is at “%(status)s”.")
            % {"unit": current.unit.name, "status": current.get_status_display()}
        )
    StepLog.objects.create(participation=participation, from_status=participation.status, to_status=to,
                           actor=actor, note=note)
    participation.refresh_from_db()
    # The claim above is a queryset UPDATE, which the audit history does not see: record the new state in it.
    participation._history_user = actor
    participation.save()
    return participation


@transaction.atomic
def participation_register(*, campaign: Campaign, unit: Unit, actor: User | None,
                           on: datetime.date | None = None) -> Participation:
    on = on or timezone.localdate()
    if actor is not None:
        ensure_area_in_scope(actor, unit.commune)
    if unit.deleted_at is not None or (unit.dissolved_on and unit.dissolved_on <= on):
        raise ValidationError(_("%(unit)s is no longer active and cannot register.") % {"unit": unit.name})
    existing = Participation.objects.filter(campaign=campaign, unit=unit).first()
    if existing:
        raise WorkflowError(_("%(unit)s has already registered for %(campaign)s (status: %(status)s).")
                            % {"unit": unit.name, "campaign": campaign, "status": existing.get_status_display()})
    participation = Participation.objects.create(campaign=campaign, unit=unit, registered_on=on)
    StepLog.objects.create(participation=participation, to_status=Status.REGISTERED, actor=actor,
                           note=_("late registration") if on > campaign.registration_deadline else "")
    return participation


@transaction.atomic
def participations_register(*, campaign: Campaign, units: Sequence[Unit], actor: User | None,
                            on: datetime.date | None = None) -> list[Participation]:
    """Several units at once, all or none: a refused unit leaves the others unregistered too, and every refusal is
    told."""
    registered, errors = [], []
    for unit in units:
        try:
            registered.append(participation_register(campaign=campaign, unit=unit, actor=actor, on=on))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return registered


@transaction.atomic
def participation_assess(*, participation: Participation, actor: User | None, answers: dict[int, dict],
                         on: datetime.date | None = None) -> Participation:
    """Record the self-assessment: `answers` maps each criterion id to {"met": bool, "note": str,
    "attachment": file or None}. Every criterion in force for the unit must be answered."""
    criteria = {c.pk: c for c in criteria_for(campaign=participation.campaign, unit=participation.unit)}
    if not criteria:
        raise ValidationError(_("No criteria are in force for this kind of unit in this campaign."))
    missing = [c.code for pk, c in criteria.items() if pk not in answers]
    if missing:
        raise ValidationError(_("Answer every criterion; missing: %(codes)s.") % {"codes": ", ".join(missing)})
    # Only the criteria in force for this unit (national ones and its own province's additions) are answered.
    foreign = sorted(str(pk) for pk in answers if pk not in criteria)
    if foreign:
        raise ValidationError({"answers": _("These criteria are not in force for this unit: no. %(ids)s.")
                               % {"ids": ", ".join(foreign)}})
    participation = _move(participation=participation, allowed=[Status.REGISTERED, Status.ASSESSED],
                          to=Status.ASSESSED, actor=actor, assessed_on=on or timezone.localdate())
    for pk, answer in answers.items():
        if pk not in criteria:
            continue
        defaults = {"met": bool(answer.get("met")), "note": answer.get("note", "")}
        if answer.get("attachment"):
            defaults["attachment"] = answer["attachment"]
        Answer.objects.update_or_create(participation=participation, criterion_id=pk, defaults=defaults)
    return participation


@transaction.atomic
def participation_submit(*, participation: Participation, actor: User | None,
                         on: datetime.date | None = None) -> Participation:
    return _move(participation=participation, allowed=[Status.ASSESSED], to=Status.SUBMITTED, actor=actor,
                 submitted_on=on or timezone.localdate())


@transaction.atomic
def participation_appraise(*, participation: Participation, actor: User | None, council: Council,
                           meeting_on: datetime.date, recommends: bool, note: str = "") -> Participation:
    # A council of the actor's scope or of the areas above it (the province's council appraises district dossiers).
    references_check(actor, {"council": Ref(council, "area", above=True)}, model=Participation)
    return _move(participation=participation, allowed=[Status.SUBMITTED], to=Status.APPRAISED, actor=actor,
                 council=council, council_meeting_on=meeting_on, council_recommends=recommends, council_note=note)


def _check_may_decide(actor: User | None, level: str, unit: Unit) -> None:
    if actor is None or actor.sees_everything:
        return
    ensure_area_in_scope(actor, unit.commune)
    if level == Level.PROVINCE and not actor.is_province_level:
        raise PermissionDenied(_("Only province staff record province-level decisions."))


def _area_at(area: Area | None, level: str) -> Area | None:
    """The area of `level` holding `area` (itself when it is of that level), as the map was when it existed."""
    if area is None:
        return None
    return next((a for a in [*area.ancestors(), area] if a.level == level), None)


def decision_issuer(*, actor: User | None, units: Sequence[Unit] = (), level: str = "") -> tuple[str, Area | None]:
    """Who issues a decision on these units, the one rule of the forms, the API and decision_record: the level chosen,
    else the level that manages them all, else that of the actor's scope (the province without one); and the
    People's Committee of that level whose area holds every unit, or without units the actor's own. The area is None
    where no one area fits (units of two districts in a district-level decision)."""
    scope = actor.scope_area if actor is not None and actor.is_authenticated else None
    if not level:
        managing = {unit.managing_level for unit in units}
        level = managing.pop() if len(managing) == 1 else (scope.level if scope is not None else Level.PROVINCE)
    if not units:
        return level, _area_at(scope, level)
    areas = {_area_at(unit.commune, level) for unit in units}
    return level, areas.pop() if len(areas) == 1 else None


@transaction.atomic
def decision_record(*, campaign: Campaign, authority: str, number: str, date: datetime.date,
                    participations: list[Participation], recognized: bool, actor: User | None, level: str = "",
                    area: Area | None = None, signer: str = "", certificates: dict[int, str] | None = None,
                    override_reasons: dict[int, str] | None = None) -> Decision:
    """One decision recognising (or refusing) one or many appraised units, all or none. A unit with incidents that
    breach a "must not occur" criterion in the window is recognized only with a written override reason. The level
    and the issuing area are those the user chose; left out, decision_issuer decides them."""
    if not participations:
        raise ValidationError(_("Choose at least one unit."))
    if not (level and area):
        level, issuing_area = decision_issuer(actor=actor, units=[p.unit for p in participations], level=level)
        area = area or issuing_area
    if area is None:
        raise ValidationError({"area": _("The chosen units do not lie in one %(level)s: a decision covers the units of "
                                         "one area.") % {"level": str(dict(Level.choices).get(level, level)).lower()}})
    certificates, override_reasons = certificates or {}, override_reasons or {}
    decision = Decision.objects.create(campaign=campaign, level=level, authority=authority, number=number,
                                       date=date, signer=signer, area=area)
    errors = []
    for participation in participations:
        if participation.campaign_id != campaign.pk:
            errors.append(_("%(unit)s is not in this campaign.") % {"unit": participation.unit.name})
            continue
        _check_may_decide(actor, level, participation.unit)
        reason = (override_reasons.get(participation.pk) or "").strip()
        if recognized:
            breaches = participation_breaches(participation=participation)
            if breaches and not reason:
                listed = "; ".join(f"{b.incident.date:%d/%m/%Y} {b.incident.type_label} ({b.criterion.code})"
                                   for b in breaches)
                errors.append(_("%(unit)s had incidents that breach the criteria: %(list)s. Give a written reason "
                                "to recognize it anyway.") % {"unit": participation.unit.name, "list": listed})
                continue
        try:
            _move(participation=participation, allowed=[Status.APPRAISED],
                  to=Status.RECOGNIZED if recognized else Status.NOT_RECOGNIZED, actor=actor, note=reason,
                  decision=decision, certificate_number=certificates.get(participation.pk, ""),
                  override_reason=reason)
        except WorkflowError as exc:
            errors.extend(exc.messages)
    # Issued in the actor's scope: a decision issued elsewhere would leave the scope of whoever recorded it. Checked
    # after the units, so that a district officer's province-level decision is refused for what it is.
    references_check(actor, {"area": Ref(area, None, label=_("Issuing area"))})
    if errors:
        raise ValidationError(errors)
    return decision


@transaction.atomic
def participation_revoke(*, participation: Participation, actor: User | None, reason: str,
                         on: datetime.date | None = None) -> Participation:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the revocation.")})
    if actor is not None and participation.decision is not None:
        _check_may_decide(actor, participation.decision.level, participation.unit)
    return _move(participation=participation, allowed=[Status.RECOGNIZED], to=Status.REVOKED, actor=actor,
                 note=reason, revoked_on=on or timezone.localdate(), revocation_reason=reason)


def criticism_record(*, unit: Unit, actor: User | None, date: datetime.date, issuer: str, content: str,
                     document_number: str = "", campaign: Campaign | None = None) -> Criticism:
    if actor is not None:
        ensure_area_in_scope(actor, unit.commune)
    if not content.strip():
        raise ValidationError({"content": _("Write what the unit is criticised for.")})
    return Criticism.objects.create(unit=unit, campaign=campaign, date=date, issuer=issuer, content=content,
                                    document_number=document_number)
