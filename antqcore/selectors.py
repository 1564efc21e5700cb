import contextlib
import datetime
from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import Area, AreaEra, AreaLevel, AreaSuccession, User
from .scoping import paths_q, scope_q
from .text import search_key


class AreaNotFound(LookupError):
    pass


def area_resolve(*, code: str, on: datetime.date) -> Area:
    """The area that bore `code` on `on`. Codes are reused across the 2025 reform (24 was Bắc Giang and is now
    the merged Bắc Ninh), so a code alone is ambiguous. Province codes have 2 digits, district codes 3 and
    commune codes 5, so the length tells the level."""
    code = code.strip()
    level = {2: AreaLevel.PROVINCE, 3: AreaLevel.DISTRICT, 5: AreaLevel.COMMUNE}.get(len(code))
    candidates = Area.objects.valid_on(on).filter(code=code)
    if level:
        candidates = candidates.filter(level=level)
    area = candidates.select_related("parent").first()
    if area is None:
        raise AreaNotFound(code)
    return area


def stats_area_day(*, end: datetime.date, old_map: bool) -> datetime.date:
    """The day a figure's area code is read on: the period's end; on the old map (`map=old`), that day or the old
    map's last day after it."""
    return min(end, last_day_of_old_map()) if old_map else end


def last_day_of_old_map() -> datetime.date:
    """30/06/2025: the last day of the three-tier map (settings.ANTQ_REFORM_DATE is the first day of the new one)."""
    from .models import old_map_last_day

    return old_map_last_day()


def area_resolve_latest(*, code: str) -> Area:
    """An official code as a user types it today: on today's map if it exists there, otherwise on the last day of
    the old map (a district code, or a commune code that disappeared in 2025)."""
    from django.utils import timezone

    try:
        return area_resolve(code=code, on=timezone.localdate())
    except AreaNotFound:
        return area_resolve(code=code, on=last_day_of_old_map())


def area_list(*, level: str | None = None, parent: Area | None = None, on: datetime.date | None = None,
              search: str | None = None) -> QuerySet[Area]:
    qs = Area.objects.select_related("parent")
    if on is not None:
        qs = qs.valid_on(on)
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(path__startswith=parent.path + ".")
    if search:  # accents and case ignored: "thai nguyen" finds Thái Nguyên
        qs = qs.filter(search_name__contains=search_key(search))
    return qs.order_by("path")


# Inside `counting_successors()` (the statistics asked "on the old map"), an area of the old map also counts the records
# of the new map made in its territory: see area_successor_paths.
_counting_successors: ContextVar[bool] = ContextVar("antq_counting_successors", default=False)


@contextlib.contextmanager
def counting_successors():
    token = _counting_successors.set(True)
    try:
        yield
    finally:
        _counting_successors.reset(token)


def counting_successors_on() -> bool:
    """Whether the figures being computed count the successors' records (part of a cached aggregate's key)."""
    return _counting_successors.get()


def area_q(area: Area, area_field: str) -> Q:
    """Rows whose `area_field` lies in `area` on any map: the area and the areas merged into it; inside
    `counting_successors()`, for an area of the old map, also the new communes counted under it."""
    paths = area.coverage_paths()
    if _counting_successors.get() and area.era == AreaEra.LEGACY:
        paths = paths + area_successor_paths(area=area)
    return paths_q(paths, area_field)


def _inside(path: str, paths) -> bool:
    return any(path == p or path.startswith(p + ".") for p in paths)


def area_successor_paths(*, area: Area) -> list[str]:
    """The communes of the new map whose records count under `area`, an area of the old map (successor → predecessor,
    by commune). Each new commune counts under one old commune, its principal predecessor, so that the old areas
    share the new records without counting one twice: among the old communes it succeeds by the default succession
    (AreaSuccession.is_default: a commune split between several new ones goes, by default, to one of them), the one
    whose code it kept, else the first by code; a new commune made only of parts of split communes (no default link)
    takes the first of those by code. Those whose principal predecessor lies in `area` (or an area merged into it)."""
    from .compute_cache import cached

    return cached(("successor_paths", area.pk), lambda: _successor_paths(area))


def _successor_paths(area: Area) -> list[str]:
    covered = area.coverage_paths()
    touched = AreaSuccession.objects.filter(
        paths_q(covered, "predecessor"), successor__era=AreaEra.REFORM_2025, successor__level=AreaLevel.COMMUNE,
    ).values("successor_id")
    links = (AreaSuccession.objects.filter(successor_id__in=touched)
             .values_list("successor__path", "successor__code", "predecessor__path", "predecessor__code", "is_default"))
    candidates: dict[str, list[tuple]] = {}
    for path, code, old_path, old_code, is_default in links:
        candidates.setdefault(path, []).append((not is_default, old_code != code, old_code, old_path))
    return sorted(path for path, olds in candidates.items() if _inside(min(olds)[3], covered))


def area_descendants(*, area: Area, level: str, on: datetime.date) -> QuerySet[Area]:
    """The areas of `level` under `area` on the map of `on`."""
    return Area.objects.valid_on(on).filter(level=level, path__startswith=area.path + ".").order_by("path")


def area_successors(*, area: Area) -> list[Area]:
    """What took over an area that ended: its own successors (the old Bắc Giang → the new Bắc Ninh) or, for an area
    with none of its own (a district, abolished with the districts), the areas of the next map that took over the
    communes it had on its last day (Huyện Việt Yên → Phường Tự Lạn, Phường Việt Yên…). Empty for an area that has
    not ended."""
    if area.valid_to is None:
        return []
    after = Q(valid_from__gt=area.valid_to)
    own = list(area.successors.filter(after).order_by("name"))
    if own:
        return own
    last_communes = Area.objects.valid_on(area.valid_to).filter(path__startswith=area.path + ".")
    return list(Area.objects.filter(after, predecessors__in=last_communes).distinct().order_by("name"))


def area_successors_on(*, area: Area, on: datetime.date) -> tuple[list[Area], Area | None]:
    """The areas existing on `on` that took over `area` (through every map in between: a commune of 2019 → its commune
    of 2020 → its commune of today), and the one that takes it by default: the end of the chain of default successions
    (AreaSuccession.is_default), None where there is no such chain (a district, whose communes went several ways)."""
    found: list[Area] = []
    todo, seen = [area], {area.pk}
    while todo:
        for successor in area_successors(area=todo.pop(0)):
            if successor.pk in seen:
                continue
            seen.add(successor.pk)
            (found if successor.is_valid_on(on) else todo).append(successor)
    default, node = None, area
    while node is not None and node.valid_to is not None and default is None:
        link = (AreaSuccession.objects.filter(predecessor=node, is_default=True)
                .filter(successor__valid_from__gt=node.valid_to)
                .select_related("successor").order_by("successor__code").first())
        node = link.successor if link else None
        if node is not None and node.is_valid_on(on):
            default = node
    return sorted(found, key=lambda a: a.path), default if default in found else None


@dataclass(frozen=True)
class EndedScope:
    """A user whose scope area ended before `on`, with what took it over."""

    user: User
    successors: list[Area]
    default: Area | None


def users_with_ended_scope(*, actor: User, on: datetime.date) -> list[EndedScope]:
    """The active users whose scope area ended before `on` (the 2019 district officer after 30/06/2025), among those the
    actor oversees (an administrator: everyone; province staff: the users of their scope), by area and name."""
    users = (User.objects.filter(is_active=True, scope_area__valid_to__lt=on).filter(scope_q(actor, "scope_area"))
             .select_related("scope_area", "organisation").order_by("scope_area__path", "username"))
    return [EndedScope(user, *area_successors_on(area=user.scope_area, on=on)) for user in users]


def provinces_with_history() -> set[str]:
    """The codes of the old map's provinces whose earlier areas are loaded (a history supplement: Bắc Giang's map of
    2019): some area of theirs starts after the data begins or ends before the old map's last day. The others are
    the package's map of 30/06/2025 on any earlier day."""
    last = last_day_of_old_map()
    paths = (Area.objects.filter(era=AreaEra.LEGACY).filter(Q(valid_from__isnull=False) | Q(valid_to__lt=last))
             .values_list("path", flat=True))
    return {path.split(".")[1] for path in paths}


def _map_note(provinces: list[str]) -> str | None:
    """The note for the old provinces `provinces` (codes): those without history are listed on the map of
    30/06/2025 before that day."""
    missing = sorted(set(provinces) - provinces_with_history())
    if not missing:
        return None
    names = list(Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.PROVINCE, code__in=missing)
                 .order_by("code").values_list("name", flat=True))
    whose = ", ".join(names) if len(names) <= 3 else f"{len(names)} tỉnh, thành phố"
    return (f"Danh sách đơn vị hành chính của {whose} theo bản đồ ngày {last_day_of_old_map():%d/%m/%Y} "
            f"(chưa nạp lịch sử trước đó)")


def area_map_note(area: Area, day: datetime.date) -> str | None:
    """Why the areas under `area` on `day` may not be those of that day: before 30/06/2025, a province of the old
    map without a history supplement (antqcore/data/history/README.md) has only the package's map of 30/06/2025, so
    its communes of 2023 are those of mid-2025. The note saying so, or None (a day of the new map, a province with
    its history). For a figure counting areas (context.communes), a report's footnote, a picker's help text."""
    if area.era != AreaEra.LEGACY or day >= last_day_of_old_map():
        return None
    return _map_note([area.path.split(".")[1]])


def area_picker_note(*, user: User) -> str | None:
    """The help text of an area picker of `user`: the note of area_map_note for the old provinces the user's scope
    covers (the new Bắc Ninh covers the old Bắc Giang, with its history, and the old Bắc Ninh, without), or None."""
    if user.sees_everything or user.scope_area is None:
        provinces = list(Area.objects.filter(era=AreaEra.LEGACY, level=AreaLevel.PROVINCE)
                         .values_list("code", flat=True))
    else:
        provinces = [path.split(".")[1] for path in user.scope_area.coverage_paths() if path.startswith("L.")]
    return _map_note(provinces)


def area_picker_help(*, user: User, help_text="") -> str:
    """A picker's help text followed by the map note of area_picker_note, if any."""
    return " ".join(str(text) for text in (help_text, area_picker_note(user=user)) if text)
