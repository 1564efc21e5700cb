"""Figures computed once per state of the data (#20, antqcore.figure_cache): every registry's tables carry the
trigger that versions them, every figure declares what it reads, a write recomputes exactly the figures that read
what it wrote, and a cached figure is the figure."""

import datetime

import pytest
from django.db import transaction

from antqcore import figure_cache
from antqcore.models import Area
from antqcore.stats import figure_get, figures_compute, registries_read
from tests.conftest import area
from tests.figure_cache_checks import (
    RecordingStore,
    assert_every_figure_reads_what_it_declares,
    assert_writes_invalidate_exactly_their_readers,
    versions_now,
)

pytestmark = pytest.mark.django_db
START, END = datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)


def test_every_table_of_every_registry_carries_the_version_trigger():
    tables = {table for registry in registries_read() for table in figure_cache.registry_tables(registry)}
    assert {"incidents_incident", "units_unit", "antqcore_area", "tallies_tallyvalue"} <= tables
    assert tables - figure_cache.installed_triggers() == set()
    assert set(versions_now()) == set(registries_read())


def test_the_registries_are_the_apps_figures_count_and_the_areas():
    assert set(registries_read()) == {"areas", "units", "certification", "models_registry", "incidents",
                                      "commendations", "tallies", "coordination"}
    assert figure_get("incidents.thefts").reads == {"areas", "incidents"}
    assert figure_get("context.communes").reads == {"areas"}


def test_every_figure_queries_only_the_registries_it_reads():
    assert_every_figure_reads_what_it_declares(area=area("24"), start=START, end=END)


def test_a_write_recomputes_exactly_the_figures_that_read_it(monkeypatch):
    checked = assert_writes_invalidate_exactly_their_readers(monkeypatch, area=area("24"), start=START, end=END)
    assert "areas" in checked


def test_a_second_computation_reads_the_cache_only(monkeypatch, django_assert_max_num_queries):
    province = area("24")
    figures = figures_compute(area=province, start=START, end=END)
    recording = RecordingStore(figure_cache.store())
    monkeypatch.setattr(figure_cache, "store", lambda: recording)
    with django_assert_max_num_queries(1):  # the versions
        assert figures_compute(area=province, start=START, end=END) == figures
    assert recording.computed == set()


def test_a_rolled_back_write_never_brings_its_version_back():
    before = versions_now()
    with pytest.raises(RuntimeError), transaction.atomic():
        Area.objects.filter(pk=area("24").pk).update(name="Tên tạm")
        inside = versions_now()
        raise RuntimeError
    assert versions_now() == before
    assert inside["areas"] != before["areas"]
    Area.objects.filter(pk=area("24").pk).update(name=area("24").name)
    assert versions_now()["areas"] not in (before["areas"], inside["areas"])


def test_without_the_cache_every_computation_counts_again(settings, monkeypatch):
    settings.ANTQ_FIGURE_CACHE = False
    recording = RecordingStore(figure_cache.store())
    monkeypatch.setattr(figure_cache, "store", lambda: recording)
    figures_compute(area=area("24"), start=START, end=END, keys=["incidents.thefts"])
    assert recording.computed == set()
