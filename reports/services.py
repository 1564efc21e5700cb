"""Writes of the reports: a run is created (checked, scoped, its header and narrative filled in) and queued; a worker
generates it (claims it with a conditional update, computes and freezes the figures with progress, draws the PDF
and the Excel annex); staff edit its narrative, finalise it (which locks the area and period) or make a new version.

Generation is safe to repeat: a duplicate message finds the run done and leaves it; a second worker finds it
running with a recent heartbeat and leaves it; a run whose worker died (no heartbeat for ANTQ_REPORT_STALE_AFTER
seconds) is taken over by the next message or by the reaper, at most ANTQ_REPORT_MAX_ATTEMPTS times."""

import datetime
import logging
import time
import unicodedata

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from antqcore.compute_cache import compute_cache
from antqcore.models import Area, User
from antqcore.scoping import Ref, area_in_scope, references_check, user_can_write
from antqcore.selectors import AreaNotFound, area_resolve
from antqcore.stats import figure_record_ids, figures_compute

from .models import (
    PROFILE_FACTS,
    PeriodLock,
    ProvinceProfile,
    ReportKind,
    ReportNarrative,
    ReportRun,
    ReportTemplate,
    RunStage,
    RunStatus,
)
from .rendering import ReportRenderRefused, ReportTextError, check_template_text
from .selectors import (
    HEADER_FIELDS,
    active_template,
    breakdown_steps,
    breakdowns_compute,
    figure_groups,
    latest_run,
    plain_figures,
    profile_on,
    province_of,
    report_header_defaults,
)

logger = logging.getLogger(__name__)

__all__ = [
    "TRANSIENT_ERRORS", "narrative_save", "report_header_defaults", "report_run_create", "report_run_fail",
    "report_run_finalise", "report_run_generate", "report_run_new_version", "report_run_retry", "report_runs_reap",
    "scheduled_reports_create", "last_complete_period",
]


def _transient_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OperationalError, InterfaceError, OSError]
    try:
        from kombu.exceptions import OperationalError as KombuOperationalError

        errors.append(KombuOperationalError)
    except ImportError:  # pragma: no cover - kombu comes with Celery
        pass
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        errors += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


# Errors worth retrying: the database, the broker or the disk did not answer this time.
TRANSIENT_ERRORS = _transient_errors()
# Header fields that are report texts (rendered with the report tags, like the template's sections).
TEXT_HEADER_FIELDS = ("title", "subtitle")


class LostClaim(Exception):
    """Another worker took the run over (this one was thought dead): stop without writing."""


# --- Creating a run ----------------------------------------------------------------------------------------------

def _can_finalise(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_province_level)


def _check_writer(actor: User, area: Area) -> None:
    if not user_can_write(actor):
        raise PermissionDenied(_("Your role does not allow changes."))
    if not area_in_scope(actor, area):
        raise PermissionDenied(_("You can only make reports of areas inside your scope."))


def _resolve_area(area: Area | str, on: datetime.date) -> Area:
    if isinstance(area, Area):
        # Judged on the report's map as a code is: an area of another map names other places.
        references_check(None, {"area": Ref(area, None, on=on)})
        return area
    try:
        return area_resolve(code=str(area or ""), on=on)
    except AreaNotFound:
        raise ValidationError({"area": _("No area has code %(code)s on %(date)s.")
                               % {"code": area, "date": on.strftime("%d/%m/%Y")}}) from None


def _check_texts(texts: dict[str, str]) -> None:
    """Refuse texts outside the report language (reports.rendering.check_template_text), by field."""
    errors = {}
    for name, text in texts.items():
        try:
            check_template_text(text)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)


def _check_period(period_start, period_end, map_date) -> None:
    today = timezone.localdate()
    errors = {}
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = _("The end of the period is before its start.")
    elif period_end and period_end > today:
        errors["period_end"] = _("The period has not ended yet: a report covers days that have passed.")
    if period_start and period_end and (period_end - period_start).days > 366 * 20:
        errors["period_start"] = _("A report covers at most 20 years.")
    if map_date and map_date > today:
        errors["map_date"] = _("The map's date cannot be in the future.")
    if errors:
        raise ValidationError(errors)


def _narratives_from(template: ReportTemplate, source: ReportRun | None,
                     profile: ProvinceProfile | None = None) -> dict[str, str]:
    """The text each narrative section starts with: the source report's, else what the province's profile keeps for
    the report type (the Bắc Giang demo's review), else the section's default text."""
    copied = dict(((profile.narratives or {}).get(template.kind) or {}) if profile is not None else {})
    if source is not None:
        copied.update(source.narratives.values_list("section_key", "text"))
    return {section.key: copied.get(section.key, section.body)
            for section in template.sections.all() if section.narrative}


def _enqueue(run_id: int) -> None:
    """Queue the generation once the transaction that created or reset the run has committed."""

    def send():
        from .tasks import generate_report

        try:
            generate_report.delay(run_id)
        except Exception:  # the broker is down: the run stays queued and the reaper queues it again
            logger.exception("Could not queue the generation of report run %s", run_id)

    transaction.on_commit(send)


@transaction.atomic
def report_run_create(*, actor: User | None, template_kind: str, area: Area | str, period_start: datetime.date,
                      period_end: datetime.date, map_date: datetime.date | None = None, scheduled: bool = False,
                      **header) -> ReportRun:
    """A new report, queued for generation. `area` is an Area or an official code read on `map_date` (default: the
    end of the period). Header fields left out or blank take their defaults (report_header_defaults); the title and
    subtitle come from the template, tags and all. `actor` None is the schedule (scheduled=True), which has no
    scope."""
    if actor is None and not scheduled:
        raise PermissionDenied(_("Sign in to make a report."))
    unknown = set(header) - set(HEADER_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown report fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if template_kind not in ReportKind.values:
        raise ValidationError({"template": _("Unknown report type “%(kind)s”.") % {"kind": template_kind}})
    if not period_start or not period_end:
        raise ValidationError({"period_start" if not period_start else "period_end": _("Give the period.")})
    _check_period(period_start, period_end, map_date)
    _check_texts({name: header[name] for name in TEXT_HEADER_FIELDS if header.get(name)})
    map_date = map_date or period_end
    area = _resolve_area(area, map_date)
    if actor is not None:
        _check_writer(actor, area)
    template = active_template(kind=template_kind)
    if template is None:
        raise ValidationError({"template": _("No active template for “%(kind)s” reports: ask province staff to "
                                             "activate one.") % {"kind": ReportKind(template_kind).label}})

    # The title and subtitle keep the template's tags ({{ area_full }}, {% fig ... %}): the document fills them in.
    values = report_header_defaults(template_kind=template_kind, area=area) | {
        "title": template.title or "BÁO CÁO", "subtitle": template.subtitle}
    values.update({name: value for name, value in header.items() if value not in (None, "")})
    values = {k: unicodedata.normalize("NFC", v) if isinstance(v, str) else v for k, v in values.items()}

    source = latest_run(kind=template_kind, area=area)
    run = ReportRun.objects.create(
        template=template, kind=template_kind, area=area, map_date=map_date, period_start=period_start,
        period_end=period_end, scheduled=scheduled, created_by=actor, **values)
    ReportNarrative.objects.bulk_create([
        ReportNarrative(run=run, section_key=key, text=text, updated_by=actor)
        for key, text in _narratives_from(template, source, profile_on(area=area, day=period_end)).items()
    ])
    _enqueue(run.pk)
    return run


# --- Generating a run ----------------------------------------------------------------------------------------------

def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.ANTQ_REPORT_STALE_AFTER)


def _stale_running_q() -> Q:
    stale = _stale_before()
    return Q(status=RunStatus.RUNNING) & (Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True))


def _pause() -> None:
    if settings.ANTQ_REPORT_TEST_DELAY:
        time.sleep(settings.ANTQ_REPORT_TEST_DELAY)


def _claim(run_id: int) -> int | None:
    """Takes the run for this worker: a queued run, or a running one whose worker stopped giving signs of life.
    Returns the attempt number, or None when the run is not to be generated here."""
    now = timezone.now()
    claimable = Q(status=RunStatus.QUEUED) | _stale_running_q()
    claimed = (ReportRun.objects.filter(pk=run_id).filter(claimable)
               .filter(attempts__lt=settings.ANTQ_REPORT_MAX_ATTEMPTS)
               .update(status=RunStatus.RUNNING, attempts=F("attempts") + 1, progress=0, error="", started_at=now,
                       heartbeat_at=now, finished_at=None))
    if not claimed:
        return None
    return ReportRun.objects.values_list("attempts", flat=True).get(pk=run_id)


def _beat(run_id: int, attempt: int, progress: int, **fields) -> None:
    """Progress and a sign of life, written only while this worker still holds the run."""
    held = ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, attempts=attempt).update(
        progress=min(progress, 99), heartbeat_at=timezone.now(), **fields)
    if not held:
        raise LostClaim(run_id)


def _file_name(run: ReportRun, extension: str) -> str:
    return f"bao-cao-{run.kind}-{run.area.code}-{run.period_end:%Y%m%d}-v{run.version}-{run.pk}.{extension}"


def _store(run: ReportRun, field_name: str, content: bytes, extension: str) -> str:
    """Writes a file of the run where its FileField puts it, replacing an earlier one, and returns its name."""
    field_file = getattr(run, field_name)
    storage = field_file.storage
    name = field_file.field.generate_filename(run, _file_name(run, extension))
    old = field_file.name
    if storage.exists(name):
        storage.delete(name)
    name = storage.save(name, ContentFile(content))
    if old and old != name and storage.exists(old):
        storage.delete(old)
    return name


def _fail(run_id: int, message: str, *, attempt: int | None = None) -> bool:
    qs = ReportRun.objects.filter(pk=run_id).exclude(status=RunStatus.DONE)
    if attempt is not None:
        qs = qs.filter(status=RunStatus.RUNNING, attempts=attempt)
    return bool(qs.update(status=RunStatus.FAILED, error=message, finished_at=timezone.now(),
                          heartbeat_at=timezone.now()))


def report_run_fail(*, run_id: int, message: str) -> bool:
    """Marks a run that is not done as failed with a message for its readers (the task gave up retrying)."""
    return _fail(run_id, message)


def _release(run_id: int, attempt: int) -> None:
    """Back to the queue after a transient error, so that the task's retry claims it at once."""
    try:
        # The attempt did not die: it does not count against ANTQ_REPORT_MAX_ATTEMPTS (the task's retries do).
        ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, attempts=attempt).update(
            status=RunStatus.QUEUED, attempts=F("attempts") - 1, heartbeat_at=timezone.now())
    except TRANSIENT_ERRORS:
        logger.warning("Report run %s could not be put back in the queue; it will be taken over when stale", run_id)


def _unclaimed_outcome(run_id: int) -> str:
    run = ReportRun.objects.filter(pk=run_id).values("status", "attempts", "heartbeat_at").first()
    if run is None:
        return "missing"
    if run["status"] in (RunStatus.DONE, RunStatus.FAILED):
        return "skipped"
    if run["attempts"] >= settings.ANTQ_REPORT_MAX_ATTEMPTS and (
            run["status"] == RunStatus.QUEUED or ReportRun.objects.filter(_stale_running_q(), pk=run_id).exists()):
        message = _("The report could not be generated: its worker stopped %(n)s times while generating it (out of "
                    "memory or time). Ask the administrator to look at the worker's log.") % {"n": run["attempts"]}
        _fail(run_id, message)
        return "failed"
    return "busy"


def report_run_generate(*, run_id: int) -> str:
    """Generates a run: claim, figures by registry (progress 0-60), breakdowns (60-80), freeze, PDF, annex, done.
    Returns "done", "failed" (a permanent error, the run says why), "skipped" (already done or failed), "busy"
    (another worker holds it), "superseded" (another worker took it over) or "missing". Transient errors
    (TRANSIENT_ERRORS) put the run back in the queue and are raised for the task to retry."""
    with translation.override(settings.LANGUAGE_CODE):
        attempt = _claim(run_id)
        if attempt is None:
            return _unclaimed_outcome(run_id)
        steps = {"step": _("computing the figures")}
        try:
            _generate(run_id, attempt, steps)
            return "done"
        except LostClaim:
            logger.warning("Report run %s was taken over by another worker; attempt %s stops", run_id, attempt)
            return "superseded"
        except TRANSIENT_ERRORS:
            _release(run_id, attempt)
            raise
        except Exception as exc:
            from celery.exceptions import SoftTimeLimitExceeded

            if isinstance(exc, SoftTimeLimitExceeded):
                message = _("The report could not be generated: it took longer than %(n)s seconds. Ask the "
                            "administrator.") % {"n": settings.ANTQ_REPORT_SOFT_TIME_LIMIT}
            elif isinstance(exc, ReportRenderRefused | ReportTextError):
                # The texts are too big or too slow (or break the report language, in strict mode): say so.
                logger.warning("Report run %s refused while %s: %s", run_id, steps["step"], exc)
                message = _("The report could not be generated: %(reason)s") % {"reason": exc}
            else:
                logger.exception("Report run %s failed while %s", run_id, steps["step"])
                message = _("The report could not be generated: an error occurred while %(step)s. The error was "
                            "logged; generate the report again or ask the administrator.") % steps
            _fail(run_id, message, attempt=attempt)
            return "failed"


def _generate(run_id: int, attempt: int, steps: dict) -> None:
    run = ReportRun.objects.select_related("template", "area").get(pk=run_id)
    _pause()
    values = {}
    groups = figure_groups()
    # One cache for all the groups: figures of different registries share selectors (the tallies' one aggregate
    # serves propaganda, fn3, trainings, fire...), which then run once, as in a single figures_compute call.
    with compute_cache():
        for index, (_prefix, keys) in enumerate(groups, start=1):
            values.update(figures_compute(area=run.area, start=run.period_start, end=run.period_end, keys=keys))
            _beat(run_id, attempt, 1 + 59 * index // len(groups))
            _pause()
    figures, more_than = plain_figures(values)
    # The records behind each figure, read after the figures: a final report keeps them (reports.selectors
    # .record_changes says, in a later version, which came, went or changed).
    records = figure_record_ids(area=run.area, start=run.period_start, end=run.period_end, keys=list(values))
    _pause()

    count = max(1, breakdown_steps(run.area, run.period_start, run.period_end, run.map_date))
    done = [0]

    def breakdown_step():
        done[0] += 1
        _beat(run_id, attempt, 60 + 20 * done[0] // count)

    breakdowns = breakdowns_compute(area=run.area, start=run.period_start, end=run.period_end, on=run.map_date,
                                    step=breakdown_step)
    _beat(run_id, attempt, 80, figures=figures, more_than=more_than, breakdowns=breakdowns)
    _pause()
    run.figures, run.more_than, run.breakdowns = figures, more_than, breakdowns

    steps["step"] = _("drawing the PDF")
    from .rendering import render_run_pdf

    pdf = render_run_pdf(run)
    _beat(run_id, attempt, 95)
    _pause()
    steps["step"] = _("writing the Excel annex")
    from .annex import annex_xlsx

    xlsx = annex_xlsx(run)
    _beat(run_id, attempt, 98)
    steps["step"] = _("saving the files")
    with transaction.atomic():
        current = ReportRun.objects.select_for_update().get(pk=run_id)
        if current.status != RunStatus.RUNNING or current.attempts != attempt:
            raise LostClaim(run_id)
        current.pdf.name = _store(current, "pdf", pdf, "pdf")
        current.xlsx.name = _store(current, "xlsx", xlsx, "xlsx")
        current.figures, current.more_than, current.breakdowns = figures, more_than, breakdowns
        current.records = records
        current.status, current.progress, current.error = RunStatus.DONE, 100, ""
        current.finished_at = current.heartbeat_at = timezone.now()
        current.save()


def _refresh_files(run: ReportRun) -> None:
    """Draws the PDF and the annex again from the frozen figures and the narrative as it is now."""
    from .annex import annex_xlsx
    from .rendering import render_run_pdf

    try:
        pdf, xlsx = render_run_pdf(run), annex_xlsx(run)
    except (ReportRenderRefused, ReportTextError) as exc:
        raise ValidationError(_("The report could not be generated: %(reason)s") % {"reason": exc}) from None
    except Exception:
        logger.exception("Report run %s: the files could not be drawn again", run.pk)
        raise ValidationError(_("The PDF could not be drawn: the error was logged. Try again or ask the "
                                "administrator.")) from None
    run.pdf.name = _store(run, "pdf", pdf, "pdf")
    run.xlsx.name = _store(run, "xlsx", xlsx, "xlsx")


def report_runs_reap() -> dict[str, list[int]]:
    """Runs whose worker died: "running" with no heartbeat for ANTQ_REPORT_STALE_AFTER seconds go back to the queue
    (or fail after ANTQ_REPORT_MAX_ATTEMPTS attempts); runs queued that long are queued again (their message may
    have been lost, e.g. the folder broker of `make run` does not redeliver). A queued run is claimed once however
    many messages name it."""
    requeued, failed, resent = [], [], []
    stale = _stale_before()
    for run in ReportRun.objects.filter(_stale_running_q()).only("pk", "attempts", "heartbeat_at"):
        still_stale = ReportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING, heartbeat_at=run.heartbeat_at)
        if run.attempts >= settings.ANTQ_REPORT_MAX_ATTEMPTS:
            message = _("The report could not be generated: its worker stopped %(n)s times while generating it (out "
                        "of memory or time). Ask the administrator to look at the worker's log.") % {"n": run.attempts}
            if still_stale.update(status=RunStatus.FAILED, error=message, finished_at=timezone.now()):
                failed.append(run.pk)
        elif still_stale.update(status=RunStatus.QUEUED, heartbeat_at=timezone.now()):
            requeued.append(run.pk)
            _enqueue(run.pk)
    waiting = ReportRun.objects.filter(status=RunStatus.QUEUED).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, queued_at__lt=stale)).exclude(pk__in=requeued)
    for run_id in waiting.values_list("pk", flat=True):
        ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(heartbeat_at=timezone.now())
        resent.append(run_id)
        _enqueue(run_id)
    if requeued or failed or resent:
        logger.warning("Stale report runs: requeued %s, failed %s, sent again %s", requeued, failed, resent)
    return {"requeued": requeued, "failed": failed, "resent": resent}


# --- What staff do with a run -----------------------------------------------------------------------------------

def _locked_run(run: ReportRun, actor: User) -> ReportRun:
    """The run's row, locked for this change, after checking the actor may change it."""
    _check_writer(actor, run.area)
    return ReportRun.objects.select_for_update().select_related("template", "area").get(pk=run.pk)


@transaction.atomic
def narrative_save(*, run: ReportRun, section_key: str, text: str, actor: User) -> ReportNarrative:
    """Saves what staff wrote for one narrative section of a draft report. The PDF shows it once the report is
    generated again or finalised."""
    current = _locked_run(run, actor)
    if current.stage != RunStage.DRAFT:
        raise ValidationError(_("The report is final: its narrative can no longer change. Make a new version to "
                                "correct it."))
    section = current.template.sections.filter(key=section_key).first()
    if section is None or not section.narrative:
        raise ValidationError({"section_key": _("The report has no narrative section “%(key)s”.")
                               % {"key": section_key}})
    text = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n"))
    _check_texts({"text": text})
    narrative, _created = ReportNarrative.objects.get_or_create(run=current, section_key=section_key,
                                                                defaults={"text": text, "updated_by": actor})
    if not _created and narrative.text != text:
        narrative.text, narrative.updated_by = text, actor
        narrative._history_user = actor
        narrative.save()
    return narrative


@transaction.atomic
def report_run_finalise(*, run: ReportRun, actor: User, number: str | None = None) -> ReportRun:
    """Draft → final. The PDF is drawn again with the final narrative, the report's number (`number` when given,
    else the one it has: a final report without one could not be cited, "theo báo cáo số …") and the date of the
    report (today unless set), and the area and period are locked (reports.locks): a later change to a record in
    them needs province staff and a written reason."""
    if not _can_finalise(actor):
        raise PermissionDenied(_("Only province staff finalise reports."))
    current = _locked_run(run, actor)
    if current.stage != RunStage.DRAFT:
        raise ValidationError(_("The report is already final."))
    if current.status != RunStatus.DONE:
        raise ValidationError(_("Only a generated report can be finalised: wait until it is done."))
    number = unicodedata.normalize("NFC", (current.number if number is None else number).strip())
    if not number:
        raise ValidationError({"number": _("A report is finalised with its number: enter the number it was "
                                           "registered under (e.g. 125/BC-BCĐ), which other documents cite.")})
    if len(number) > ReportRun._meta.get_field("number").max_length:
        raise ValidationError({"number": _("The number is too long: at most %(n)s characters.")
                               % {"n": ReportRun._meta.get_field("number").max_length}})
    current.number = number
    current.stage, current.finalised_at, current.finalised_by = RunStage.FINAL, timezone.now(), actor
    current.issued_on = current.issued_on or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        _refresh_files(current)
    current._history_user = actor
    current.save()
    lock, created = PeriodLock.objects.get_or_create(
        area=current.area, period_start=current.period_start, period_end=current.period_end,
        defaults={"run": current, "locked_by": actor})
    if not created:  # a later final version of the same report takes the lock over
        lock.run, lock.locked_by = current, actor
        lock.save(update_fields=["run", "locked_by"])
    run.refresh_from_db()
    return current


@transaction.atomic
def report_run_new_version(*, run: ReportRun, actor: User) -> ReportRun:
    """A new draft of a final report, to correct it: the same header and narrative, figures computed again from the
    records as they are now (changes made with a reason since), version + 1. The earlier versions are kept."""
    current = _locked_run(run, actor)
    if current.stage != RunStage.FINAL:
        raise ValidationError(_("A draft can be edited and generated again; new versions are made from final "
                                "reports."))
    template = active_template(kind=current.kind) or current.template
    last_version = (ReportRun.objects.filter(kind=current.kind, area=current.area, period_start=current.period_start,
                                             period_end=current.period_end).aggregate(v=Max("version"))["v"] or 0)
    header = {name: getattr(current, name) for name in HEADER_FIELDS}
    header["issued_on"] = None
    new = ReportRun.objects.create(
        template=template, kind=current.kind, area=current.area, map_date=current.map_date,
        period_start=current.period_start, period_end=current.period_end, version=last_version + 1,
        previous_version=current, created_by=actor, **header)
    ReportNarrative.objects.bulk_create([
        ReportNarrative(run=new, section_key=key, text=text, updated_by=actor)
        for key, text in _narratives_from(template, current).items()
    ])
    _enqueue(new.pk)
    return new


@transaction.atomic
def report_run_retry(*, run: ReportRun, actor: User) -> ReportRun:
    """Generates a draft again: after a failure, or to take in records and narrative changed since."""
    current = _locked_run(run, actor)
    if current.stage != RunStage.DRAFT:
        raise ValidationError(_("The report is final: make a new version to generate it again."))
    if current.status not in (RunStatus.DONE, RunStatus.FAILED):
        raise ValidationError(_("The report is already being generated."))
    current.status, current.progress, current.error, current.attempts = RunStatus.QUEUED, 0, "", 0
    current.started_at = current.finished_at = None
    current.heartbeat_at = timezone.now()
    current._history_user = actor
    current.save()
    _enqueue(current.pk)
    return current


# --- The schedule ----------------------------------------------------------------------------------------------

def last_complete_period(kind: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last quarter, half-year or year that ended before `today`."""
    months = {ReportKind.QUARTERLY: 3, ReportKind.HALF_YEAR: 6, ReportKind.ANNUAL: 12}.get(kind)
    if months is None:
        raise ValueError(f"{kind} reports are not made on a schedule")
    current_start = datetime.date(today.year, (today.month - 1) // months * months + 1, 1)
    end = current_start - datetime.timedelta(days=1)
    return datetime.date(end.year, end.month - months + 1, 1), end


def scheduled_reports_create(*, kind: str, today: datetime.date | None = None) -> list[ReportRun]:
    """The reports of the last complete period for each area of ANTQ_SCHEDULED_REPORT_AREAS, unless a report of
    that type, area and period exists already (so the schedule may fire twice)."""
    start, end = last_complete_period(kind, today or timezone.localdate())
    created = []
    for code in settings.ANTQ_SCHEDULED_REPORT_AREAS:
        try:
            area = area_resolve(code=code, on=end)
        except AreaNotFound:
            logger.warning("Scheduled %s report: no area has code %s on %s", kind, code, end)
            continue
        with transaction.atomic():
            # One schedule at a time per area: the area row is the lock.
            Area.objects.select_for_update().filter(pk=area.pk).first()
            if ReportRun.objects.filter(kind=kind, area=area, period_start=start, period_end=end).exists():
                continue
            try:
                created.append(report_run_create(actor=None, scheduled=True, template_kind=kind, area=area,
                                                 period_start=start, period_end=end))
            except ValidationError as exc:
                logger.warning("Scheduled %s report of %s not created: %s", kind, code, "; ".join(exc.messages))
    return created


# --- The province's profile -------------------------------------------------------------------------------------------

# A province's first profile starts with the province; one whose start is unknown, from the beginning.
PROFILE_EARLIEST = datetime.date(1900, 1, 1)


def profile_start(province: Area) -> datetime.date:
    return province.valid_from or PROFILE_EARLIEST


def _check_profile_writer(actor: User, province: Area) -> None:
    if not (actor.is_province_level and user_can_write(actor)):
        raise PermissionDenied(_("Only province staff change the province's facts."))
    if not area_in_scope(actor, province):
        raise PermissionDenied(_("You can only change the facts of your own province."))


@transaction.atomic
def province_profile_save(*, actor: User, province: Area, valid_from: datetime.date | None = None,
                          values: dict) -> ProvinceProfile:
    """Sets the facts of a province (PROFILE_FACTS, and `narratives`) from `valid_from` (default: the profile in
    force today, or the first one). Province staff of that province (or an administrator) only."""
    if province.level != "province":
        raise ValidationError({"area": _("A profile belongs to a province.")})
    _check_profile_writer(actor, province)
    unknown = set(values) - set(PROFILE_FACTS) - {"narratives"}
    if unknown:
        raise ValidationError(_("Unknown facts: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if valid_from is None:
        current = profile_on(area=province, day=timezone.localdate())
        valid_from = current.valid_from if current else profile_start(province)
    profile = ProvinceProfile.objects.filter(area=province, valid_from=valid_from).first()
    profile = profile or ProvinceProfile(area=province, valid_from=valid_from)
    for name, value in values.items():
        setattr(profile, name, unicodedata.normalize("NFC", value.strip()) if isinstance(value, str) else value)
    profile._history_user = actor
    profile.save()
    return profile


def province_profile_skeleton(*, province: Area, dry_run: bool = False) -> tuple[ProvinceProfile | None, bool]:
    """The province's profile, made empty (every fact to be given, from the province's first day) where it has none:
    (profile, created). With dry_run nothing is written (profile None when it would be created)."""
    province = province_of(province)
    existing = ProvinceProfile.objects.filter(area=province).order_by("valid_from").first()
    if existing is not None or dry_run:
        return existing, existing is None
    return ProvinceProfile.objects.create(area=province, valid_from=profile_start(province)), True
