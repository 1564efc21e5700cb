"""Period locks: once a report is final, the records its figures came from stay as they were.

A final report locks its area and period (PeriodLock). The registries whose records carry an area and a date are
registered here (`register_lockable`, called from ReportsConfig.ready()); a pre_save / pre_delete signal refuses a
change to such a record when the record, before or after the change, lies in a locked area and period. Province
staff (or an administrator) may still make the change inside `locked_change(user=..., reason=...)` with a written
reason: the change goes through, a LockedChange row records who, what and why, and the record's history row carries
the reason.

Web pages and the API open that context from the request (reports.middleware.ChangeReasonMiddleware): the API
reads the `X-Change-Reason` header, forms a `change_reason` field.

Not covered: bulk `QuerySet.update()` / `bulk_create()` (no signals), which the registries' services do not use for
dated records; and registries without a date of their own (units, models), whose figures are states, not events."""

import contextlib
import datetime
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

from antqcore.models import Area

from .models import LockedChange, PeriodLock


@dataclass(frozen=True)
class Lockable:
    model: type[models.Model]
    date_field: str
    area_field: str


_lockables: dict[type[models.Model], Lockable] = {}
HISTORY_REASON_LENGTH = 100  # simple_history's history_change_reason


@dataclass
class ChangeContext:
    get_reason: Callable[[], str]
    get_user: Callable[[], object]


_context: ContextVar[ChangeContext | None] = ContextVar("antq_locked_change", default=None)


@contextlib.contextmanager
def locked_change(*, user=None, reason: str = "", get_user: Callable[[], object] | None = None,
                  get_reason: Callable[[], str] | None = None):
    """Changes made inside this block may touch a locked period when the user is province staff and the reason is
    not empty. `get_user` and `get_reason` defer finding them until a locked record is touched (an API request is
    authenticated inside the view; a form is read only when needed)."""
    token = _context.set(ChangeContext(get_reason=get_reason or (lambda: reason),
                                       get_user=get_user or (lambda: user)))
    try:
        yield
    finally:
        _context.reset(token)


def register_lockable(model: type[models.Model], date_field: str, area_field: str) -> None:
    if model in _lockables:
        return
    _lockables[model] = Lockable(model=model, date_field=date_field, area_field=area_field)
    uid = f"antq-lock-{model._meta.label_lower}"
    pre_save.connect(_check_save, sender=model, dispatch_uid=uid + "-pre-save")
    post_save.connect(_record_save, sender=model, dispatch_uid=uid + "-post-save")
    pre_delete.connect(_check_delete, sender=model, dispatch_uid=uid + "-pre-delete")
    post_delete.connect(_record_delete, sender=model, dispatch_uid=uid + "-post-delete")


def lockable_models() -> list[type[models.Model]]:
    return list(_lockables)


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _points(spec: Lockable, instance, adding: bool) -> set[tuple[int, datetime.date]]:
    """(area id, date) of the record after the change and, for an existing record, before it."""
    area_attr = f"{spec.area_field}_id"
    points = set()
    new = (getattr(instance, area_attr, None), _as_date(getattr(instance, spec.date_field, None)))
    if all(new):
        points.add(new)
    if not adding and instance.pk is not None:
        old = spec.model._base_manager.filter(pk=instance.pk).values_list(area_attr, spec.date_field).first()
        if old and all(old):
            points.add((old[0], _as_date(old[1])))
    return points


def locks_covering(points: set[tuple[int, datetime.date]]) -> list[PeriodLock]:
    """The locks whose area and period hold one of the points."""
    if not points:
        return []
    dates = [day for _area, day in points]
    candidates = list(PeriodLock.objects.filter(period_start__lte=max(dates), period_end__gte=min(dates))
                      .select_related("area", "run"))
    if not candidates:
        return []
    paths = dict(Area.objects.filter(pk__in={a for a, _d in points}).values_list("pk", "path"))
    found = []
    for lock in candidates:
        coverage = lock.area.coverage_paths()
        for area_id, day in points:
            path = paths.get(area_id, "")
            inside = any(path == p or path.startswith(p + ".") for p in coverage)
            if inside and lock.period_start <= day <= lock.period_end:
                found.append(lock)
                break
    return found


def _may_change(user) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.can_give_change_reason)


def _refusal(lock: PeriodLock, *, reason_missing: bool) -> ValidationError:
    run = lock.run
    day = run.issued_on or (timezone.localdate(run.finalised_at) if run.finalised_at else lock.period_end)
    params = {"number": run.number or "…", "date": day.strftime("%d/%m/%Y")}
    if reason_missing:
        return ValidationError(_("The figures of this period were locked by report no. %(number)s of %(date)s: "
                                 "write the reason for the change.") % params, code="locked_period")
    return ValidationError(_("The figures of this period were locked by report no. %(number)s of %(date)s: only "
                             "province staff may change them, and they must write a reason.") % params,
                           code="locked_period")


def _check(spec: Lockable, instance, *, adding: bool, action: str) -> None:
    if not PeriodLock.objects.exists():  # the usual case, one cheap query
        return
    locks = locks_covering(_points(spec, instance, adding))
    if not locks:
        return
    context = _context.get()
    user = context.get_user() if context else None
    if not _may_change(user):
        raise _refusal(locks[0], reason_missing=False)
    reason = (context.get_reason() or "").strip()
    if not reason:
        raise _refusal(locks[0], reason_missing=True)
    # simple_history reads this when it writes the record's history row, whose field holds 100 characters; the
    # LockedChange row keeps the whole reason.
    instance._change_reason = reason if len(reason) <= HISTORY_REASON_LENGTH else (
        reason[:HISTORY_REASON_LENGTH - 1] + "…")
    instance._antq_locked_change = (locks, action, reason, user)


def _write_changes(instance) -> None:
    pending = getattr(instance, "_antq_locked_change", None)
    if not pending:
        return
    locks, action, reason, user = pending
    LockedChange.objects.bulk_create([
        LockedChange(lock=lock, record_type=instance._meta.label, record_id=str(instance.pk), action=action,
                     reason=reason, user=user)
        for lock in locks
    ])
    del instance._antq_locked_change


def _check_save(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures
        return
    adding = instance._state.adding
    _check(_lockables[sender], instance, adding=adding, action="create" if adding else "update")


def _record_save(sender, instance, raw=False, **kwargs):
    if not raw:
        _write_changes(instance)


def _check_delete(sender, instance, **kwargs):
    _check(_lockables[sender], instance, adding=False, action="delete")


def _record_delete(sender, instance, **kwargs):
    _write_changes(instance)
