import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .areas_source import read_area_source
from .audit import security_event_log
from .models import ApiToken, ApiTokenAddress, Area, AreaEra, AreaSuccession, SecurityEvent, User


class Conflict(Exception):
    """A write refused because the record is not as the writer read it (someone saved it meanwhile). The message
    says so; web forms show it (antqcore.views.ServiceFormView) and the API answers 409, or 412 when the request
    named the version it read in If-Match (antqcore.api.exceptions)."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass
class AreasLoadResult:
    created: int
    updated: int
    successions_created: int
    unmatched: list[str]
    # What changed, for a report (antqcore.area_history.history_load_report): the areas created, the areas updated
    # with their former values of the fields that changed ({field: old value}), the links added (paths).
    created_areas: list[Area] = field(default_factory=list)
    updated_areas: list[tuple[Area, dict]] = field(default_factory=list)
    new_links: list[tuple[str, str]] = field(default_factory=list)


def _reform_dates() -> tuple[datetime.date, datetime.date]:
    start = datetime.date.fromisoformat(settings.ANTQ_REFORM_DATE)
    return start - datetime.timedelta(days=1), start


AREA_FIELDS = ["code", "name", "short_name", "kind", "level", "era", "valid_from", "valid_to", "earlier_names"]


@transaction.atomic
def areas_load(*, province_codes: set[str] | None = None, dry_run: bool = False,
               history_files: list[Path] | tuple = ()) -> AreasLoadResult:
    """Create or update every area of both eras and their successions, with the earlier areas of the provinces
    that have a history file (data/history/, the supplements loaded before, and `history_files`). Idempotent: a
    second run changes nothing. Areas are matched by their path, never deleted (records may point at them)."""
    source = read_area_source(province_codes, history_files)
    legacy_end, reform_start = _reform_dates()
    existing = {a.path: a for a in Area.objects.all()}
    to_create: list[Area] = []
    to_update: list[tuple[Area, dict]] = []

    for row in source.rows:
        fields = dict(
            code=row.code, name=row.name, short_name=row.short_name, kind=row.kind, level=row.level, era=row.era,
            valid_from=row.starts or (None if row.era == AreaEra.LEGACY else reform_start),
            valid_to=row.ends or (legacy_end if row.era == AreaEra.LEGACY else None),
            earlier_names=row.earlier_names,
        )
        area = existing.get(row.path)
        if area is None:
            to_create.append(Area(path=row.path, **fields))
        elif any(getattr(area, k) != v for k, v in fields.items()):
            before = {k: getattr(area, k) for k, v in fields.items() if getattr(area, k) != v}
            for k, v in fields.items():
                setattr(area, k, v)
            to_update.append((area, before))

    known = set(AreaSuccession.objects.values_list("predecessor__path", "successor__path"))
    links = [(old, new, default) for old, new, default in source.successions if (old, new) not in known]
    result = AreasLoadResult(len(to_create), len(to_update), len(links), source.unmatched_keys, to_create, to_update,
                             [(old, new) for old, new, _default in links])
    if dry_run:
        transaction.set_rollback(True)
        return result

    Area.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        Area.objects.bulk_update([area for area, _before in to_update], AREA_FIELDS, batch_size=2000)

    ids = dict(Area.objects.values_list("path", "id"))
    parent_of = {row.path: row.parent_path for row in source.rows}
    current_parents = dict(Area.objects.filter(path__in=parent_of).values_list("path", "parent_id"))
    reparent = [
        Area(id=ids[path], parent_id=ids[parent] if parent else None)
        for path, parent in parent_of.items()
        if current_parents.get(path) != (ids[parent] if parent else None)
    ]
    Area.objects.bulk_update(reparent, ["parent"], batch_size=2000)

    AreaSuccession.objects.bulk_create(
        [AreaSuccession(predecessor_id=ids[old], successor_id=ids[new], is_default=default)
         for old, new, default in links], batch_size=5000)
    return result


def api_token_create(*, user: User, name: str = "", days: int | None = None) -> str:
    """Create a token for `user` valid for `days` (ANTQ_API_TOKEN_DAYS by default) and return it. It cannot be
    shown again: only its hash is kept."""
    days = settings.ANTQ_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.ANTQ_API_TOKEN_MAX_DAYS:
        raise ValueError(f"A token lasts from 1 to {settings.ANTQ_API_TOKEN_MAX_DAYS} days, not {days}.")
    raw, key_hash = ApiToken.generate()
    now = timezone.now()
    token = ApiToken.objects.create(user=user, key_hash=key_hash, prefix=raw[:8], name=name, created_at=now,
                                    expires_at=now + datetime.timedelta(days=days))
    security_event_log(kind=SecurityEvent.Kind.TOKEN_CREATED, user=user, token=token.pk, prefix=token.prefix,
                       name=name or None, expires=token.expires_at.isoformat())
    return raw


_TOKEN_ADDRESSES_NOTED: dict[tuple[int, str], datetime.datetime] = {}


def api_token_touch(*, token: ApiToken, address: str | None, request=None) -> None:
    """Note a use of `token` from `address`; the first use from an address is a security event. Called after the
    response (antqcore.audit.after_response), so that a request rolled back still counts."""
    # At most one write a minute per token and address, so a busy client does not turn every read into a write; and
    # no read either when this process noted this token and address less than a minute ago (their row exists then).
    now = timezone.now()
    a_minute_ago = now - datetime.timedelta(minutes=1)
    if token.last_used_at is None or token.last_used_at < a_minute_ago:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    if not address:
        return
    noted = _TOKEN_ADDRESSES_NOTED.get((token.pk, address))
    if noted is not None and a_minute_ago < noted <= now:
        return
    if len(_TOKEN_ADDRESSES_NOTED) > 10_000:
        _TOKEN_ADDRESSES_NOTED.clear()
    _TOKEN_ADDRESSES_NOTED[token.pk, address] = now
    seen, created = ApiTokenAddress.objects.get_or_create(token=token, address=address,
                                                          defaults={"first_seen_at": now, "last_seen_at": now})
    if created:
        security_event_log(kind=SecurityEvent.Kind.TOKEN_NEW_ADDRESS, request=request, user=token.user,
                           token=token.pk, prefix=token.prefix, name=token.name or None)
    elif seen.last_seen_at < a_minute_ago:
        ApiTokenAddress.objects.filter(pk=seen.pk).update(last_seen_at=now)


def api_tokens_revoke(*, tokens, reason: str, actor: User | None = None, request=None) -> int:
    """Revoke the tokens of `tokens` (a queryset) that are still valid, each with a security event naming the `actor`
    who revoked them (None: no one signed in). A token already revoked stays as it was (the conditional update skips
    it), so revoking twice writes nothing."""
    now = timezone.now()
    revoked = 0
    for token in tokens.filter(revoked_at__isnull=True).select_related("user"):
        if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
            continue  # revoked meanwhile by someone else
        revoked += 1
        security_event_log(kind=SecurityEvent.Kind.TOKEN_REVOKED, request=request, user=token.user,
                           token=token.pk, prefix=token.prefix, name=token.name or None, reason=reason,
                           by=actor.get_username() if actor is not None else None)
    return revoked


def user_scope_move(*, actor: User, user: User, area: Area, request=None) -> User:
    """Move `user`, whose scope area has ended, to `area`, one of the areas that took it over (the province staff of
    the old Bắc Giang to the new Bắc Ninh, a 2019 district officer to one of the communes of today). Province staff
    and administrators only, inside their own scope. The account's history keeps who moved it and why, and a security
    event says who moved whom from where to where. Someone who moved the account meanwhile wins (Conflict)."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils.translation import gettext as _

    from .scoping import area_in_scope
    from .selectors import area_successors_on

    today = timezone.localdate()
    old = user.scope_area
    if not actor.is_province_level or not area_in_scope(actor, old) or not area_in_scope(actor, area):
        raise PermissionDenied(_("Only province staff and administrators move accounts, inside their own area."))
    if old is None or old.valid_to is None or old.valid_to >= today:
        raise ValidationError(_("The area of %(user)s still exists: there is nothing to move.")
                              % {"user": user.get_username()})
    successors, _default = area_successors_on(area=old, on=today)
    if area not in successors:
        raise ValidationError(_("%(area)s did not take over %(old)s: choose one of %(successors)s.")
                              % {"area": area.name, "old": old.name,
                                 "successors": ", ".join(a.name for a in successors) or "—"})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.scope_area_id != old.pk:
            raise Conflict(_("%(user)s was moved meanwhile: reload the page.") % {"user": user.get_username()})
        locked.scope_area = area
        locked._history_user = actor
        locked._change_reason = f"{old.path} → {area.path}"[:100]
        locked.save(update_fields=["scope_area"])
        security_event_log(kind=SecurityEvent.Kind.SCOPE_MOVED, request=request, user=locked,
                           by=actor.get_username(), from_area=old.path, from_name=old.name, to_area=area.path,
                           to_name=area.name)
    return locked
