"""The statistics registry: every figure the system prints has one function, registered here under the key
used in seed-figures.csv. The stats API, the dashboard and the reports all call `figures_compute`.

A figure function takes an area and a period and returns a number computed by the database. Apps register
their figures in their AppConfig.ready(), so this module never imports them."""

import contextlib
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from .compute_cache import compute_cache
from .models import Area

FigureFunc = Callable[[Area, datetime.date, datetime.date], int | float]
# What a reader must know about a figure's value for an area and period, or None (context.communes before 30/06/2025
# in a province without history: counted on the map of 30/06/2025).
NoteFunc = Callable[[Area, datetime.date, datetime.date], str | None]


class MoreThan(int):
    """A figure known only as "more than N" (the seed writes "trên 80.000"): an int, so that sums and JSON treat it
    as N, which reports print with "trên"."""

    more_than = True

    def __repr__(self):
        return f"MoreThan({int(self)})"


def is_more_than(value) -> bool:
    return getattr(value, "more_than", False)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    func: FigureFunc
    note: NoteFunc | None = None


_registry: dict[str, Figure] = {}


class UnknownFigure(KeyError):
    pass


def register_figure(key: str, label: str, note: NoteFunc | None = None) -> Callable[[FigureFunc], FigureFunc]:
    def decorator(func: FigureFunc) -> FigureFunc:
        if key in _registry and _registry[key].func is not func:
            raise ValueError(f"Figure {key!r} is registered twice")
        _registry[key] = Figure(key=key, label=label, func=func, note=note)
        return func

    return decorator


def figure_keys() -> list[str]:
    return sorted(_registry)


def figure_get(key: str) -> Figure:
    try:
        return _registry[key]
    except KeyError as exc:
        raise UnknownFigure(key) from exc


def figures_compute(*, area: Area, start: datetime.date, end: datetime.date, keys: list[str] | None = None,
                    count_successors: bool = False) -> dict[str, int | float]:
    """The figures of `area` over [start, end]. An area counts the records of its subtree on any map
    (Area.coverage_paths: the new Bắc Ninh counts the old Bắc Giang's). With `count_successors`, an area of the old
    map also counts the records of the new map made in its territory (antqcore.selectors.area_successor_paths), so
    that 2026 can be compared with 2024 for an old district."""
    from .selectors import counting_successors

    wanted = keys if keys else figure_keys()
    figures = [figure_get(k) for k in wanted]  # unknown keys fail before any work
    with compute_cache(), (counting_successors() if count_successors else contextlib.nullcontext()):
        return {f.key: f.func(area, start, end) for f in figures}


def figure_notes(*, area: Area, start: datetime.date, end: datetime.date, keys: list[str] | None = None
                 ) -> dict[str, str]:
    """{key: note} for the figures of `keys` (all by default) whose value needs one for this area and period (the
    stats API's `notes`; a report may print them as footnotes)."""
    notes = {}
    for key in keys if keys else figure_keys():
        figure = figure_get(key)
        note = figure.note(area, start, end) if figure.note else None
        if note:
            notes[key] = note
    return notes


BREAKDOWNS = ("area", "former")


def breakdown_areas(*, area: Area, on: datetime.date, by: str = "area") -> list[Area]:
    """The rows of a breakdown of `area`: by "area", the areas one level down on the map of `on` (a province's
    districts before 01/07/2025, its communes after; a district's communes); by "former", the areas it took over
    (the new Bắc Ninh: the old Bắc Giang and the old Bắc Ninh), which count the new map's records of their territory."""
    if by == "former":
        return list(area.predecessors.order_by("code"))
    return list(Area.objects.valid_on(on).filter(parent=area).order_by("code"))


def figures_breakdown(*, area: Area, start: datetime.date, end: datetime.date, keys: list[str] | None = None,
                      by: str = "area", on: datetime.date | None = None, count_successors: bool = False,
                      step: Callable[[], None] | None = None) -> list[dict]:
    """[{"code", "name", "figures"}] for each row of breakdown_areas (on the map of `on`, the period's end by
    default); the former areas always count the new map's records of their territory. `step` is called after each
    row."""
    rows = []
    for child in breakdown_areas(area=area, on=on or end, by=by):
        figures = figures_compute(area=child, start=start, end=end, keys=keys,
                                  count_successors=count_successors or by == "former")
        rows.append({"code": child.code, "name": child.name, "figures": figures})
        if step:
            step()
    return rows
