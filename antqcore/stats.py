"""The statistics registry: every figure the system prints has one function, registered here under the key
used in seed-figures.csv. The stats API, the dashboard and the reports all call `figures_compute`.

A figure function takes an area and a period and returns a number computed by the database. Apps register
their figures in their AppConfig.ready(), so this module never imports them."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from .compute_cache import compute_cache
from .models import Area

FigureFunc = Callable[[Area, datetime.date, datetime.date], int | float]


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


_registry: dict[str, Figure] = {}


class UnknownFigure(KeyError):
    pass


def register_figure(key: str, label: str) -> Callable[[FigureFunc], FigureFunc]:
    def decorator(func: FigureFunc) -> FigureFunc:
        if key in _registry and _registry[key].func is not func:
            raise ValueError(f"Figure {key!r} is registered twice")
        _registry[key] = Figure(key=key, label=label, func=func)
        return func

    return decorator


def figure_keys() -> list[str]:
    return sorted(_registry)


def figure_get(key: str) -> Figure:
    try:
        return _registry[key]
    except KeyError as exc:
        raise UnknownFigure(key) from exc


def figures_compute(*, area: Area, start: datetime.date, end: datetime.date,
                    keys: list[str] | None = None) -> dict[str, int | float]:
    wanted = keys if keys else figure_keys()
    figures = [figure_get(k) for k in wanted]  # unknown keys fail before any work
    with compute_cache():
        return {f.key: f.func(area, start, end) for f in figures}
