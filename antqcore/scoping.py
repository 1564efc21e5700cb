"""What a user may see and change. Every scoped web view and API ViewSet goes through this module (via
ScopedQuerysetMixin below, the base of `antqcore.views.ScopedViewMixin` and `antqcore.api.viewsets.ScopedViewSetMixin`),
so the rule lives here once.

A user's scope is an area subtree: its own path and those of the areas merged into it. Records are matched by
the path of the area they had when they happened, so a 2019 record stays visible to whoever now covers its
place. What a writer names in a record (its zone, council, units, partner commune...) must lie in that scope too:
every write service calls references_check, and the pickers offer reach_q."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Q, QuerySet

from .models import Area, User


def scope_paths(user: User) -> list[str] | None:
    """Path prefixes the user may see; None means everything; [] means nothing."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.sees_everything:
        return None
    if user.scope_area_id is None:
        return []
    return user.scope_area.coverage_paths()


def paths_q(paths: list[str], area_field: str | None) -> Q:
    """Rows whose area (`area_field`, a lookup to an Area; None for Area itself) lies under one of `paths`."""
    prefix = f"{area_field}__path" if area_field else "path"
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{prefix: path}) | Q(**{f"{prefix}__startswith": path + "."})
    return q


def scope_q(user: User, area_field: str) -> Q:
    """A filter keeping the rows whose `area_field` (a lookup path to an Area) lies in the user's scope."""
    paths = scope_paths(user)
    return Q() if paths is None else paths_q(paths, area_field)


def areas_in_scope_q(user: User) -> Q:
    """A filter on Area itself: the areas inside the user's scope (for choosing where to record)."""
    paths = scope_paths(user)
    return Q() if paths is None else paths_q(paths, None)


def area_in_scope(user: User, area: Area | None) -> bool:
    paths = scope_paths(user)
    if paths is None:
        return True
    if area is None:
        return False
    return any(area.path == p or area.path.startswith(p + ".") for p in paths)


def user_can_write(user: User) -> bool:
    return user.is_authenticated and user.is_active and (user.sees_everything or user.can_write)


def ensure_area_in_scope(user: User, area: Area | None) -> None:
    """Refuse a write that would put a record outside the user's scope."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if not area_in_scope(user, area):
        raise PermissionDenied(scope_ended_reason(user, area) or _("You can only record data inside your area."))


def scope_ended_reason(user: User, area: Area | None) -> str | None:
    """Why a write on `area` is refused when the cause is the date: the user's scope area ended before the area
    began (a 2019 district officer recording on today's map). The refusal names the day it ended and what took it
    over, so that the user knows whom to ask; None when the scope is still there, or the area is of its time."""
    from django.utils.translation import gettext as _

    scope = user.scope_area if user.is_authenticated and user.scope_area_id else None
    if scope is None or scope.valid_to is None or area is None:
        return None
    if area.valid_from is None or area.valid_from <= scope.valid_to:
        return None
    from django.utils import timezone

    ended = area_ended_text(scope, on=max(area.valid_from, timezone.localdate()))
    return _("%(ended)s (ask an administrator to move your account).") % {"ended": ended}


def area_ended_text(area: Area, *, on: datetime.date) -> str:
    """The day an ended area ceased and the areas that hold its ground on `on`, in the words every refusal naming
    such an area uses: "Thị xã Việt Yên không còn từ 01/07/2025; địa bàn kế tiếp: Phường Nếnh, …"."""
    from django.utils.translation import gettext as _

    from .selectors import area_successors, area_successors_on

    successors = area_successors_on(area=area, on=on)[0] or area_successors(area=area)
    return _("%(area)s no longer exists since %(date)s; the areas that took it over: %(successors)s") % {
        "area": area.name_on(area.valid_to), "date": (area.valid_to + datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
        "successors": ", ".join(a.name for a in successors) or "—"}


def ended_before(area: Area, day: datetime.date) -> bool:
    return area.valid_to is not None and area.valid_to < day


def _reaches(paths: list[str], area: Area, above: bool) -> bool:
    if any(area.path == p or area.path.startswith(p + ".") for p in paths):
        return True
    return above and any(p.startswith(area.path + ".") for p in paths)


def reach_q(user: User, area_field: str | None, *, above: bool = False) -> Q:
    """A filter keeping what the user may name in a record they write: rows whose area lies in their scope and, with
    `above`, also in the areas above it (the province's appraisal council serves its districts). The pickers of the
    forms and the API offer these; references_check refuses anything else."""
    paths = scope_paths(user)
    if paths is None:
        return Q()
    q = paths_q(paths, area_field)
    if above:
        prefix = f"{area_field}__path" if area_field else "path"
        q |= Q(**{f"{prefix}__in": sorted({".".join(p.split(".")[:i]) for p in paths
                                          for i in range(2, len(p.split(".")))})})
    return q


@dataclass(frozen=True)
class Ref:
    """A reference a writer sets: `value` is a record, several records, or None (nothing set).

    - `area_field`: where the referenced record's area is, a lookup as in scope_q ("commune" for a unit, "area" for a
      zone or a council); None when the record is an Area itself.
    - `above`: the areas above the writer's scope may be named too (the province's council).
    - `on`: for an Area, the day it must have existed on (the record's date, as the registries hold areas).
    - `shared`: a province-wide catalogue (types, criteria...): not scoped, but an inactive entry is refused.
    - `label`: the field's name in the refusal; by default the written model's verbose name of the field."""

    value: Any
    area_field: str | None = "area"
    above: bool = False
    on: datetime.date | None = None
    shared: bool = False
    label: str | None = None


def _area_of(record, area_field: str | None) -> Area | None:
    for name in (area_field.split("__") if area_field else []):
        record = getattr(record, name) if record is not None else None
    return record


def _kept_ids(instance, name: str) -> set:
    """What the record being changed already names in `name`: it may stay even outside the writer's scope (someone
    with a wider scope chose it)."""
    if instance is None or instance.pk is None:
        return set()
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return set()
    if field.many_to_many:
        return set(getattr(instance, name).values_list("pk", flat=True))
    if field.many_to_one or field.one_to_one:
        return {getattr(instance, field.attname)} - {None}
    return set()


def _label(name: str, ref: Ref, model, sample) -> str:
    if ref.label:
        return str(ref.label)
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            pass
    return str(sample._meta.verbose_name)


def reference_errors(user: User | None, refs: dict[str, Ref], *, model=None, instance=None) -> dict[str, str]:
    """What is wrong with the references a writer sets, by field: a record outside the writer's scope, an area that
    did not exist on the record's date, an inactive catalogue entry. Values the record already holds are not judged
    again. `user` None is the system (demo data): it is not scoped."""
    from django.utils.text import capfirst
    from django.utils.translation import gettext as _

    paths = scope_paths(user) if user is not None else None
    errors: dict[str, str] = {}
    for name, ref in refs.items():
        many = isinstance(ref.value, list | tuple | set | QuerySet)
        values = ref.value if many else [ref.value]
        kept = _kept_ids(instance, name)
        new = [v for v in values if v is not None and v.pk not in kept]
        if not new:
            continue
        label = _label(name, ref, model, new[0])
        if ref.shared:
            if any(getattr(v, "active", True) is False for v in new):
                errors[name] = capfirst(_("the chosen %(field)s is no longer in use.") % {"field": label})
            continue
        if ref.on is not None and ref.area_field is None and any(not v.is_valid_on(ref.on) for v in new):
            errors[name] = capfirst(_("the chosen %(field)s did not exist on %(date)s.")
                                    % {"field": label, "date": ref.on.strftime("%d/%m/%Y")})
            continue
        if paths is None:
            continue
        outside = [v for v in new if (area := _area_of(v, ref.area_field)) is None
                   or not _reaches(paths, area, ref.above)]
        if not outside:
            continue
        if not many:
            errors[name] = capfirst(_("the chosen %(field)s lies outside your area.") % {"field": label})
        else:  # the ids the writer sent, never the names of records they may not see
            errors[name] = capfirst(_("some of the chosen %(field)s lie outside your area (no. %(ids)s).")
                                    % {"field": label, "ids": ", ".join(str(v.pk) for v in outside)})
    return errors


def references_check(user: User | None, refs: dict[str, Ref], *, model=None, instance=None) -> None:
    """Refuse (ValidationError by field) references a writer may not set: see reference_errors. Every write service
    calls it, so the web forms, the API and the imports refuse the same things with the same words."""
    from django.core.exceptions import ValidationError

    errors = reference_errors(user, refs, model=model, instance=instance)
    if errors:
        raise ValidationError(errors)


class ScopedQuerysetMixin:
    """What a scoped web view or API ViewSet shows: the rows of `get_base_queryset()` that `visible_q()` keeps.

    - `scope_field`: the lookup from the model to its Area ("area", "unit__commune"...).
    - `get_base_queryset()`: the unscoped source, with the page's filters, joins and order.
    - `visible_q()`: THE hook for what is visible; by default the rows whose `scope_field` lies in the user's scope.
      A model read more widely than it is written overrides it (directive documents: also those issued above the
      scope); it must keep at least the scope.
    - `get_queryset()` is final: a class overriding it, or putting a mixin whose get_queryset would run first, is
      refused when it is defined (TypeError), so the scope cannot be skipped by accident.
    - `scoped(queryset, scope_field=...)`: the same rule on another queryset (the rows of another model the page
      shows, an unfiltered count of the same model).
    - `dangerously_unscoped_queryset()`: the escape, named for what it is; only to tell "outside your area" (403)
      from "does not exist" (404)."""

    scope_field: str = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.get_queryset is not ScopedQuerysetMixin.get_queryset:
            raise TypeError(f"{cls.__qualname__} overrides get_queryset(), which applies the scope: give the unscoped "
                            "source in get_base_queryset() and widen what is visible in visible_q().")

    def get_base_queryset(self) -> QuerySet:
        raise NotImplementedError(f"{type(self).__name__} must implement get_base_queryset()")

    def visible_q(self) -> Q:
        if not self.scope_field:
            raise ImproperlyConfigured(f"{type(self).__name__} must set scope_field")
        return scope_q(self.request.user, self.scope_field)

    def get_queryset(self) -> QuerySet:
        return self.get_base_queryset().filter(self.visible_q())

    def scoped(self, queryset: QuerySet, *, scope_field: str | None = None) -> QuerySet:
        """`queryset` cut to the user's scope: by visible_q(), or by scope_q on `scope_field` (another model's)."""
        q = self.visible_q() if scope_field is None else scope_q(self.request.user, scope_field)
        return queryset.filter(q)

    def dangerously_unscoped_queryset(self) -> QuerySet:
        return self.get_base_queryset()
