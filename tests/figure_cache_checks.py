"""Checks of the figure cache (antqcore.figure_cache) that need records in every registry: the fast tests call them
on a few records, tests/reports/test_seed_pdf.py on the demo data."""

import datetime
import re

from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from antqcore import figure_cache
from antqcore.compute_cache import compute_cache
from antqcore.models import Area, DataVersion
from antqcore.stats import figure_get, figure_keys, figures_compute, registries_read

IDENTIFIER = re.compile(r'"([A-Za-z0-9_]+)"')


def versions_now() -> dict[str, int]:
    return dict(DataVersion.objects.values_list("registry", "version"))


def tables_queried(queries) -> set[str]:
    """The tables the queries read, but the versions themselves (what an area covers is kept under the areas'
    version: reading a version cannot leave a value stale)."""
    tables = set(connection.introspection.table_names()) - {DataVersion._meta.db_table}
    return {name for query in queries for name in IDENTIFIER.findall(query["sql"])} & tables


def assert_every_figure_reads_what_it_declares(*, area: Area, start: datetime.date, end: datetime.date) -> None:
    """Each figure, computed alone, queries only tables of the registries in its `reads`: a table of another
    registry (or of none) would let a write there leave its cached value stale."""
    registry_of = {table: registry for registry in registries_read()
                   for table in figure_cache.registry_tables(registry)}
    undeclared = {}
    for key in figure_keys():
        figure = figure_get(key)
        with CaptureQueriesContext(connection) as queries, compute_cache():
            figure.func(area, start, end)
        read = {registry_of.get(table, f"table {table}") for table in tables_queried(queries.captured_queries)}
        if read - figure.reads:
            undeclared[key] = sorted(read - figure.reads)
    assert undeclared == {}, undeclared


class RecordingStore:
    """The figure cache, noting which figures were computed (stored) again."""

    def __init__(self, inner):
        self.inner, self.computed = inner, set()

    def get_many(self, keys):
        return self.inner.get_many(keys)

    def set_many(self, data, timeout=None):
        self.computed |= {key.split(":")[2].partition("#")[0] for key in data}
        return self.inner.set_many(data, timeout=timeout)


def a_row_of(registry: str):
    """A record of the registry (the first of its first model that has one)."""
    if registry == figure_cache.AREAS:
        return Area.objects.order_by("pk").first()
    models = sorted((m for m in figure_cache.registry_models(registry) if not m._meta.auto_created),
                    key=lambda m: m._meta.label)
    return next(row for m in models if (row := m._default_manager.order_by("pk").first()) is not None)


def figures_uncached(*, area: Area, start: datetime.date, end: datetime.date) -> dict:
    """Every figure computed past the figure cache (its groups' aggregates still shared)."""
    with compute_cache():
        return {key: figure_get(key).func(area, start, end) for key in figure_keys()}


def assert_cached_figures_are_the_figures(*, area: Area, start: datetime.date, end: datetime.date) -> None:
    uncached = figures_uncached(area=area, start=start, end=end)
    assert figures_compute(area=area, start=start, end=end) == uncached  # computed, then stored
    assert figures_compute(area=area, start=start, end=end) == uncached  # from the cache


def registries_with_records() -> list[str]:
    return [r for r in registries_read() if any(m._default_manager.exists() for m in figure_cache.registry_models(r))]


def assert_writes_invalidate_exactly_their_readers(monkeypatch, *, area: Area, start: datetime.date,
                                                   end: datetime.date) -> list[str]:
    """For each registry that has records: a save, and a bulk update, of one of them each change its version alone,
    and the next computation computes again exactly the figures that read it, the others served from the cache.
    Returns the registries checked."""
    recording = RecordingStore(figure_cache.store())
    monkeypatch.setattr(figure_cache, "store", lambda: recording)
    uncached = figures_uncached(area=area, start=start, end=end)
    assert figures_compute(area=area, start=start, end=end) == uncached
    checked = registries_with_records()
    for registry in checked:
        readers = {key for key in figure_keys() if registry in figure_get(key).reads}
        row = a_row_of(registry)
        rows = type(row)._default_manager.filter(pk=row.pk)
        for write in (row.save, lambda rows=rows: rows.update(**{rows.model._meta.pk.attname: F("pk")})):
            before = versions_now()
            write()
            after = versions_now()
            assert {r for r in after if after[r] != before[r]} == {registry}, write
        recording.computed.clear()
        assert figures_compute(area=area, start=start, end=end) == uncached
        assert recording.computed == readers, registry
    return checked
