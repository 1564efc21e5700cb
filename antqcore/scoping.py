"""What a user may see and change. Every scoped web view and API ViewSet goes through this module (via
`antqcore.api.viewsets.ScopedModelViewSet` and `antqcore.views.ScopedListView`), so the rule lives here once.

A user's scope is an area subtree: its own path and those of the areas merged into it. Records are matched by
the path of the area they had when they happened, so a 2019 record stays visible to whoever now covers its
place."""

from django.db.models import Q

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
        raise PermissionDenied(_("You can only record data inside your area."))
