"""The statistics registry: every figure the system prints is registered here under the key used in
seed-figures.csv, with the records it counts. The stats API, the dashboard and the reports all call
`figures_compute`; the "Nguồn số liệu" page, the records API and the final reports' record lists call
`figure_records`.

A figure is registered with its `Source`: the query of the records behind it for an area and a period, the rule in
words, and how the figure follows from those records (their number by default, the sum of a field with `measure`,
or a `derive` function for the few figures that are neither, a percentage or a longest run). Without a `compute`
function, the figure IS its source's value; with one (an aggregate query shared by the figures of a registry, see
`register_group`), the registry's tests check, for every key, that both agree. No figure can be registered without
its source. Apps register their figures in their AppConfig.ready(), so this module never imports them.

A figure's value is cached under the versions of the registries it reads (`Figure.reads`, antqcore.figure_cache):
the app of the function its records come from, "areas" for every figure, and what its registration adds with
`reads=` (a figure that reads another app's records, or that derives its value from records of another app).
tests/antqcore/test_figure_cache.py runs every figure and checks the tables it queried against its reads."""

import contextlib
import datetime
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum, Value
from django.db.models.expressions import Combinable

from . import figure_cache
from .compute_cache import cached, compute_cache
from .models import Area

FigureFunc = Callable[[Area, datetime.date, datetime.date], int | float]
RecordsFunc = Callable[[Area, datetime.date, datetime.date], QuerySet]
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


def as_number(total: Decimal | int | float, more_than: bool = False):
    """A sum as a figure: an int when whole (a float otherwise), MoreThan when a value in it was "more than"."""
    total = Decimal(total)
    number = int(total) if total == total.to_integral_value() else float(total)
    return MoreThan(int(total)) if more_than else number


@dataclass(frozen=True)
class Column:
    """A column of a figure's records list (web page, Excel export, API `fields`) beyond the record itself."""

    name: str  # the API's field name
    label: Any  # the heading (lazy text)
    value: Callable[[Any], Any]  # record → a plain value (text, number, date)


@dataclass(frozen=True)
class Source:
    """The records behind a figure.

    records   the query of the records a figure counts for (area, start, end); it may annotate them.
    rule      the rule in words, for a reader: "Vụ trộm cắp tài sản có ngày xảy ra trong kỳ, tại địa bàn (theo địa giới
              ngày xảy ra)".
    measure   None: the figure is the number of records; a field or expression: the sum of its values.
    more_than a boolean field: a record whose value is known as "more than" makes the figure "more than".
    derive    for a figure that is neither a count nor a sum: its value from (records, area, start, end).
    area_field the lookup to the Area a record is placed in (scoping of the records list); None for Area itself.
    list_url  the registry's own list with the same filters, (area, start, end) → URL or None.
    columns   what the records list shows of each record besides its name and link.
    """

    records: RecordsFunc
    rule: Any
    measure: str | Combinable | None = None
    more_than: str | None = None
    derive: Callable[[QuerySet, Area, datetime.date, datetime.date], int | float] | None = None
    area_field: str | None = "area"
    list_url: Callable[[Area, datetime.date, datetime.date], str | None] | None = None
    columns: tuple[Column, ...] = field(default_factory=tuple)
    group: "Group | None" = None  # set by register_group: the figures whose records one query reads together

    def value(self, records: QuerySet, area: Area, start: datetime.date, end: datetime.date) -> int | float:
        """The figure its records make."""
        if self.derive is not None:
            return self.derive(records, area, start, end)
        if self.measure is None:
            return records.count()
        aggregates = {"total": Sum(self.measure)}
        if self.more_than:
            aggregates["more"] = Count("pk", filter=Q(**{self.more_than: True}))
        row = records.order_by().aggregate(**aggregates)
        return as_number(row["total"] or 0, row.get("more", 0) > 0)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    source: Source
    func: FigureFunc
    reads: frozenset[str]  # the registries whose writes may change its value (antqcore.figure_cache)
    note: NoteFunc | None = None
    # Sets apart in the cache a figure registered again under the same key (a test's own figure).
    serial: int = field(default_factory=itertools.count().__next__)

    @property
    def rule(self) -> str:
        return str(self.source.rule)


_registry: dict[str, Figure] = {}


class UnknownFigure(KeyError):
    pass


def register_figure(key: str, label: str, *, source: Source, compute: FigureFunc | None = None,
                    note: NoteFunc | None = None, reads: Iterable[str] = ()) -> Figure:
    """Registers the figure `key` counting the records of `source`. `compute` is a faster way to the same number
    (one aggregate for many figures); without it the figure is computed from its records. `reads`: the registries
    it reads besides its own records' (the app of its records function, or of its group's base) and the areas."""
    if not isinstance(source, Source):
        raise TypeError(f"Figure {key!r} needs the Source of its records")
    if key in _registry:
        raise ValueError(f"Figure {key!r} is registered twice")

    def from_records(area, start, end):
        return source.value(source.records(area, start, end), area, start, end)

    origin = source.group.base if source.group is not None else source.records
    reads = frozenset({figure_cache.AREAS, figure_cache.registry_of_module(origin.__module__), *reads})
    figure = Figure(key=key, label=label, source=source, func=compute or from_records, reads=reads, note=note)
    _registry[key] = figure
    return figure


def unregister_figure(key: str) -> None:
    """For tests that register a figure of their own."""
    _registry.pop(key, None)


@dataclass(frozen=True)
class Part:
    """One figure of a group (`register_group`): the records of the group's base that match `filter`, counted, or
    their `measure` summed."""

    label: Any
    rule: Any
    filter: Q = field(default_factory=Q)
    measure: str | Combinable | None = None


@dataclass(frozen=True, eq=False)
class Group:
    """The figures of one register_group: parts of one base query."""

    base: RecordsFunc
    parts: dict[str, Part]

    def record_ids(self, keys: list[str], area: Area, start: datetime.date, end: datetime.date) -> dict[str, list]:
        """{key: sorted ids} of the records of `keys`, in ONE query: the base's rows that any of them counts, each
        with a flag per figure (a report keeps them at generation)."""
        flags = {f"in_{i}": (ExpressionWrapper(self.parts[key].filter, output_field=BooleanField())
                             if self.parts[key].filter else Value(True)) for i, key in enumerate(keys)}
        wanted = Q(pk__in=[])
        for key in keys:
            wanted |= self.parts[key].filter if self.parts[key].filter else ~Q(pk__in=[])
        rows = self.base(area, start, end).filter(wanted).order_by().annotate(**flags).values_list("pk", *flags)
        ids: dict[str, set] = {key: set() for key in keys}
        for pk, *inside in rows:
            for key, flag in zip(keys, inside, strict=True):
                if flag:
                    ids[key].add(pk)
        return {key: sorted(found) for key, found in ids.items()}


def register_group(parts: dict[str, Part], *, base: RecordsFunc, area_field: str | None = "area",
                   more_than: str | None = None, list_url: Callable[[str, Area, datetime.date, datetime.date],
                                                                      str | None] | None = None,
                   columns: tuple[Column, ...] = (), reads: Iterable[str] = ()) -> None:
    """Registers figures that each count (or sum) a filtered part of one base query, computed together in ONE
    aggregate query per area and period (inside a figures_compute call). A figure's records are the base filtered by
    its part's filter, so the count is by construction the number of its records. `list_url(key, area, start, end)`."""
    keys = tuple(parts)
    group = Group(base=base, parts=dict(parts))

    def aggregate(area, start, end) -> dict[str, int | float]:
        from .selectors import counting_successors_on
        cache_key = ("figure-group", keys, area.pk, start, end, counting_successors_on())
        return cached(cache_key, lambda: _aggregate(area, start, end))

    def _aggregate(area, start, end):
        aggregates = {}
        for i, part in enumerate(parts.values()):
            if part.measure is None:
                aggregates[f"v{i}"] = Count("pk", filter=part.filter)
            else:
                aggregates[f"v{i}"] = Sum(part.measure, filter=part.filter)
                if more_than:
                    aggregates[f"m{i}"] = Count("pk", filter=part.filter & Q(**{more_than: True}))
        row = base(area, start, end).order_by().aggregate(**aggregates)
        return {key: (row[f"v{i}"] if part.measure is None else as_number(row[f"v{i}"] or 0, row.get(f"m{i}", 0) > 0))
                for i, (key, part) in enumerate(parts.items())}

    for key, part in parts.items():
        source = Source(
            records=(lambda q: lambda area, start, end: base(area, start, end).filter(q))(part.filter),
            rule=part.rule, measure=part.measure, more_than=more_than if part.measure is not None else None,
            area_field=area_field, columns=columns, group=group,
            list_url=(lambda k: (lambda area, start, end: list_url(k, area, start, end)))(key) if list_url else None)
        register_figure(key, part.label, source=source, reads=reads,
                        compute=(lambda k: lambda area, start, end: aggregate(area, start, end)[k])(key))


def figure_keys() -> list[str]:
    return sorted(_registry)


def registries_read() -> list[str]:
    """Every registry some figure reads: those whose tables get the version triggers."""
    return sorted(set().union(*(figure.reads for figure in _registry.values())))


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
    that 2026 can be compared with 2024 for an old district.

    A value is computed once per state of the records it reads (antqcore.figure_cache): the same area, period and
    map read again before any write to those records is served from the cache."""
    from .selectors import counting_successors, counting_successors_on

    wanted = keys if keys else figure_keys()
    figures = {k: figure_get(k) for k in wanted}  # unknown keys fail before any work
    with compute_cache(), (counting_successors() if count_successors else contextlib.nullcontext()):
        place = figure_cache.place_key(area_pk=area.pk, start=start, end=end,
                                       count_successors=counting_successors_on())
        return figure_cache.values_through_cache(
            {key: (f"{key}#{figure.serial}", figure.reads) for key, figure in figures.items()}, place=place,
            compute=lambda key: figures[key].func(area, start, end))


def figure_records(key: str, *, area: Area, start: datetime.date, end: datetime.date,
                   count_successors: bool = False) -> QuerySet:
    """The records behind the figure `key` of `area` over [start, end]: what figures_compute counts (or sums)."""
    from .selectors import counting_successors

    figure = figure_get(key)
    with counting_successors() if count_successors else contextlib.nullcontext():
        return figure.source.records(area, start, end)


def figure_from_records(key: str, *, area: Area, start: datetime.date, end: datetime.date,
                        count_successors: bool = False) -> int | float:
    """The figure `key` as its records make it (the number of records, the sum of their values...): the tests hold
    it equal to figures_compute's value for every key."""
    source = figure_get(key).source
    records = figure_records(key, area=area, start=start, end=end, count_successors=count_successors)
    return source.value(records, area, start, end)


def figure_record_ids(*, area: Area, start: datetime.date, end: datetime.date, keys: Iterable[str] | None = None,
                      count_successors: bool = False) -> dict[str, dict]:
    """{key: {"model": "app.Model", "ids": [sorted primary keys]}} of the records behind each figure: what a final
    report keeps so that a later version can say, figure by figure, which records came, went or changed. The
    figures of a group are read together (one query for the 62 tally figures)."""
    from .selectors import counting_successors

    keys = list(keys) if keys is not None else figure_keys()
    groups: dict[Group, list[str]] = {}
    kept = {}
    with counting_successors() if count_successors else contextlib.nullcontext():
        for key in keys:
            source = figure_get(key).source
            if source.group is not None:
                groups.setdefault(source.group, []).append(key)
                continue
            records = source.records(area, start, end)
            kept[key] = {"model": records.model._meta.label,
                         "ids": sorted(records.order_by().values_list("pk", flat=True).distinct())}
        for group, members in groups.items():
            model = group.base(area, start, end).model._meta.label
            kept |= {key: {"model": model, "ids": ids}
                     for key, ids in group.record_ids(members, area, start, end).items()}
    return {key: kept[key] for key in keys}


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
    with compute_cache():  # the data versions read once for every row
        for child in breakdown_areas(area=area, on=on or end, by=by):
            figures = figures_compute(area=child, start=start, end=end, keys=keys,
                                      count_successors=count_successors or by == "former")
            rows.append({"code": child.code, "name": child.name, "figures": figures})
            if step:
                step()
    return rows
