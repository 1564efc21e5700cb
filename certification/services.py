"""Every write of the certification registry. Each workflow step moves a participation's status with a
conditional UPDATE (so two people cannot both take the same step), writes a StepLog row and refuses a step from
the wrong status with a message that says where the dossier stands."""

import datetime
import re
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


def _step_dates(participation: Participation) -> list[tuple[str, datetime.date | None]]:
    """A dossier's dated steps in their order (registration ≤ self-assessment ≤ submission ≤ appraisal ≤
    decision): each step's status and the date it bears, None where it has not been taken."""
    decision = participation.decision if participation.decision_id else None
    return [(Status.REGISTERED, participation.registered_on), (Status.ASSESSED, participation.assessed_on),
            (Status.SUBMITTED, participation.submitted_on), (Status.APPRAISED, participation.council_meeting_on),
            (Status.RECOGNIZED, decision.date if decision else None)]


def _previous_step(participation: Participation, step: str) -> tuple[str, datetime.date] | None:
    """The latest dated step of the dossier before `step` (one of _step_dates, or a later one such as REVOKED):
    its status's label and its date, or None."""
    steps = _step_dates(participation)
    order = [status for status, _day in steps]
    before = steps[:order.index(step)] if step in order else steps
    dated = [(day, status) for status, day in before if day is not None]
    if not dated:
        return None
    day, status = max(dated)
    return str(Status(status).label), day


def step_date_check(*, on: datetime.date, field: str, participation: Participation | None = None,
                    step: str = "") -> None:
    """A step's date is never in the future nor before the dossier's previous step (registration ≤ self-assessment
    ≤ submission ≤ appraisal ≤ decision ≤ revocation). Refused naming `field`, as the API calls it."""
    if on > timezone.localdate():
        raise ValidationError({field: _("The date of a step cannot be in the future (%(date)s).")
                                      % {"date": f"{on:%d/%m/%Y}"}})
    previous = _previous_step(participation, step) if participation is not None else None
    if previous is not None and on < previous[1]:
        raise ValidationError({field: _("The date %(date)s is before the previous step of the dossier: "
                                        "“%(step)s” on %(previous)s.")
                                      % {"date": f"{on:%d/%m/%Y}", "step": previous[0],
                                         "previous": f"{previous[1]:%d/%m/%Y}"}})


def _archive_date(*, actor: User | None, on: datetime.date | None) -> tuple[datetime.date, bool]:
    """The date of a step that happens when it is entered (registration, self-assessment, submission): today, or the
    date of an archive being moved into ANTQ. Only province staff and administrators date such a step in the past.
    Returns the date and whether it comes from the archive."""
    today = timezone.localdate()
    if on is None or on == today:
        return today, False
    if actor is not None and not actor.is_province_level:
        raise PermissionDenied(_("Only province staff and administrators may give the date of a step (when "
                                 "entering past records from the archive)."))
    return on, on < today


def _archive_note(*, participation: Participation, on: datetime.date, note: str, from_archive: bool) -> str:
    """A step of the archive says so in its log row's note and as the reason of the dossier's next history row."""
    if not from_archive:
        return note
    archive_note = _("entered from the archive, dated %(date)s") % {"date": f"{on:%d/%m/%Y}"}
    participation._change_reason = archive_note[:100]
    return f"{note}; {archive_note}" if note else archive_note


def _move(*, participation: Participation, allowed: list[str], to: str, actor: User | None, note: str = "",
          on: datetime.date | None = None, date_field: str = "", from_archive: bool = False,
          **fields: Any) -> Participation:
    """With `date_field`, the step's date `on` is checked against the dossier's steps (refused naming that field),
    unless the step is out of order: that refusal says more."""
    if actor is not None:  # every step is taken on a dossier of the actor's scope
        ensure_area_in_scope(actor, participation.unit.commune)
    if date_field and participation.status in allowed:
        step_date_check(on=on, field=date_field, participation=participation, step=to)
    claimed = Participation.objects.filter(pk=participation.pk, status__in=allowed).update(status=to, **fields)
    if not claimed:
        current = Participation.objects.get(pk=participation.pk)
        raise WorkflowError(
            _("This step cannot be taken: the dossier of %(unit)s is at “%(status)s”.")
            % {"unit": current.unit.name, "status": current.get_status_display()}
        )
    note = _archive_note(participation=participation, on=on, note=note, from_archive=from_archive)
    StepLog.objects.create(participation=participation, from_status=participation.status, to_status=to, actor=actor,
                           on=on, from_archive=from_archive, note=note)
    participation.refresh_from_db()
    # The claim above is a queryset UPDATE, which the audit history does not see: record the new state in it.
    participation._history_user = actor
    participation.save()
    return participation


@transaction.atomic
def participation_register(*, campaign: Campaign, unit: Unit, actor: User | None,
                           on: datetime.date | None = None) -> Participation:
    if actor is not None:
        ensure_area_in_scope(actor, unit.commune)
    on, from_archive = _archive_date(actor=actor, on=on)
    step_date_check(on=on, field="date")
    if unit.deleted_at is not None or (unit.dissolved_on and unit.dissolved_on <= on):
        raise ValidationError(_("%(unit)s is no longer active and cannot register.") % {"unit": unit.name})
    existing = Participation.objects.filter(campaign=campaign, unit=unit).first()
    if existing:
        raise WorkflowError(_("%(unit)s has already registered for %(campaign)s (status: %(status)s).")
                            % {"unit": unit.name, "campaign": campaign, "status": existing.get_status_display()})
    participation = Participation(campaign=campaign, unit=unit, registered_on=on)
    # Late against the campaign's deadline by the day it registered, not the day it was entered.
    note = _archive_note(participation=participation, on=on, from_archive=from_archive,
                         note=_("late registration") if on > campaign.registration_deadline else "")
    participation._history_user = actor
    participation.save()
    StepLog.objects.create(participation=participation, to_status=Status.REGISTERED, actor=actor, on=on,
                           from_archive=from_archive, note=note)
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
    on, from_archive = _archive_date(actor=actor, on=on)
    participation = _move(participation=participation, allowed=[Status.REGISTERED, Status.ASSESSED],
                          to=Status.ASSESSED, actor=actor, on=on, date_field="date", from_archive=from_archive,
                          assessed_on=on)
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
    on, from_archive = _archive_date(actor=actor, on=on)
    return _move(participation=participation, allowed=[Status.ASSESSED], to=Status.SUBMITTED, actor=actor, on=on,
                 date_field="date", from_archive=from_archive, submitted_on=on)


@transaction.atomic
def participation_appraise(*, participation: Participation, actor: User | None, council: Council,
                           meeting_on: datetime.date, recommends: bool, note: str = "") -> Participation:
    # A council of the actor's scope or of the areas above it (the province's council appraises district dossiers).
    references_check(actor, {"council": Ref(council, "area", above=True)}, model=Participation)
    # The council's meeting is the appraisal's date: that of its minutes, given by whoever records them.
    return _move(participation=participation, allowed=[Status.SUBMITTED], to=Status.APPRAISED, actor=actor,
                 on=meeting_on, date_field="meeting_on", council=council, council_meeting_on=meeting_on,
                 council_recommends=recommends, council_note=note)


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


def _level_label(level: str) -> str:
    return str(dict(Level.choices).get(level, level)).lower()


# The word of an issuing body's name that says its level: "Chủ tịch UBND thị xã Việt Yên" is a district's chairman,
# "Trưởng Công an xã Nam Dương" a commune's police chief. "Thành phố" is a province's or a district's: not checked.
_AUTHORITY_LEVEL = re.compile(r"(?<!\w)(thị xã|thị trấn|đặc khu|tỉnh|huyện|quận|phường|xã)(?!\w)", re.IGNORECASE)
_AUTHORITY_WORD_LEVEL = {"thị xã": Level.DISTRICT, "huyện": Level.DISTRICT, "quận": Level.DISTRICT,
                         "thị trấn": Level.COMMUNE, "đặc khu": Level.COMMUNE, "phường": Level.COMMUNE,
                         "xã": Level.COMMUNE, "tỉnh": Level.PROVINCE}


def decision_authority(area: Area) -> str:
    """The usual issuing body of a decision in `area`: the chairman of its People's Committee."""
    return _("Chairman of the People's Committee of %(area)s") % {"area": f"{area.kind.lower()} {area.short_name}"}


def decision_level_check(*, area: Area, level: str = "", authority: str = "") -> str:
    """The level of a decision issued in `area` is that area's: a level given that differs, or an issuing body named
    for another level ("Chủ tịch UBND thị xã Việt Yên" on a commune's decision), is refused. Returns the level."""
    if level and level != area.level:
        raise ValidationError({"level": _("A decision issued in %(area)s is a %(area_level)s-level decision, not a "
                                          "%(level)s-level one.") % {"area": area.name, "level": _level_label(level),
                                                                     "area_level": _level_label(area.level)}})
    named = _AUTHORITY_LEVEL.search(authority or "")
    if named and _AUTHORITY_WORD_LEVEL[named.group(1).lower()] != area.level:
        raise ValidationError({"authority": _(
            "“%(authority)s” is a %(named)s-level body, but the decision is issued in %(area)s (%(level)s level): name "
            "the issuing body of %(area)s, e.g. “%(example)s”.") % {
                "authority": authority, "named": _level_label(_AUTHORITY_WORD_LEVEL[named.group(1).lower()]),
                "area": area.name, "level": _level_label(area.level), "example": decision_authority(area)}})
    return area.level


@transaction.atomic
def decision_record(*, campaign: Campaign, authority: str, number: str, date: datetime.date,
                    participations: list[Participation], recognized: bool, actor: User | None, level: str = "",
                    area: Area | None = None, signer: str = "", certificates: dict[int, str] | None = None,
                    override_reasons: dict[int, str] | None = None) -> Decision:
    """One decision recognising (or refusing) one or many appraised units, all or none. A unit with incidents that
    breach a "must not occur" criterion in the window is recognized only with a written override reason. The issuing
    area is the one the user chose, or without one that of decision_issuer (at the level given, else the units'); the
    level is always the issuing area's, and the issuing body named must be of that level (decision_level_check)."""
    if not participations:
        raise ValidationError(_("Choose at least one unit."))
    if area is None:
        level, area = decision_issuer(actor=actor, units=[p.unit for p in participations], level=level)
        if area is None:
            raise ValidationError({"area": _("The chosen units do not lie in one %(level)s: a decision covers the "
                                             "units of one area.") % {"level": _level_label(level)}})
    level = decision_level_check(area=area, level=level, authority=authority)
    authority = authority.strip() or decision_authority(area)
    # A decision bears its own date, but never one before a step of a dossier it decides.
    step_date_check(on=date, field="date")
    late_steps = [(p, previous) for p in participations if p.status == Status.APPRAISED
                  for previous in [_previous_step(p, Status.RECOGNIZED)] if previous and date < previous[1]]
    if late_steps:
        raise ValidationError({"date": [
            _("The decision's date %(date)s is before a step of the dossier of %(unit)s: “%(step)s” on "
              "%(previous)s.") % {"date": f"{date:%d/%m/%Y}", "unit": p.unit.name, "step": previous[0],
                                   "previous": f"{previous[1]:%d/%m/%Y}"} for p, previous in late_steps]})
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
                  to=Status.RECOGNIZED if recognized else Status.NOT_RECOGNIZED, actor=actor, note=reason, on=date,
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
    on = on or timezone.localdate()
    return _move(participation=participation, allowed=[Status.RECOGNIZED], to=Status.REVOKED, actor=actor,
                 note=reason, on=on, date_field="on", revoked_on=on, revocation_reason=reason)


def criticism_record(*, unit: Unit, actor: User | None, date: datetime.date, issuer: str, content: str,
                     document_number: str = "", campaign: Campaign | None = None) -> Criticism:
    if actor is not None:
        ensure_area_in_scope(actor, unit.commune)
    if not content.strip():
        raise ValidationError({"content": _("Write what the unit is criticised for.")})
    return Criticism.objects.create(unit=unit, campaign=campaign, date=date, issuer=issuer, content=content,
                                    document_number=document_number)
