"""The catalogue ships as data (tallies/data/catalogue.yaml), loaded by the migration and `load_catalogue`."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tallies.catalogue import catalogue_data, figure_specs
from tallies.models import Indicator, ReportingBody

from .helpers import load_catalogue

pytestmark = pytest.mark.django_db
SEED_CSV = Path(__file__).resolve().parents[1] / "reports" / "data" / "seed-figures.csv"  # the seed's copy
TALLIED = ("propaganda.", "fn3.", "trainings.", "guards.training_classes", "guards.trained", "fire.training_classes",
           "fire.trained", "enforcement.environment_", "fire_inspections.")


def run(*args) -> str:
    out = io.StringIO()
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue()


def test_the_migration_loads_the_indicators_and_the_command_the_bodies_once_areas_exist():
    # The test database was migrated before its areas were loaded: indicators only.
    assert Indicator.objects.count() == len(catalogue_data()["indicators"]) == 51
    assert not ReportingBody.objects.exists()
    assert "Would have created: bao-bac-giang" in run("--dry-run")
    assert not ReportingBody.objects.exists()
    run()
    assert ReportingBody.objects.count() == 30
    police = ReportingBody.objects.get(code="ca-222")
    assert (police.area.code, police.kind, police.period_type) == ("222", "police", "quarter")
    assert sorted(police.indicators.values_list("code", flat=True)) == sorted(
        ["sessions", "participants", "leaflets", "documents", "handbooks", "bulletins", "commitments", "tips"])
    assert Indicator.objects.get(code="legal_participants").not_below.code == "legal_sessions"
    assert run() == "created: -\nupdated: -\n"


def test_loading_again_restores_the_files_values_and_keeps_what_the_admin_added():
    load_catalogue()
    Indicator.objects.filter(code="tips").update(name="Tin báo")
    extra = Indicator.objects.create(code="hotline_calls", name="Cuộc gọi đường dây nóng", unit_of_measure="cuộc",
                                     category="tips")
    police = ReportingBody.objects.get(code="ca-222")
    police.indicators.add(extra)
    assert "updated: tips" in run()
    assert Indicator.objects.get(code="tips").name == "Nguồn tin về ANTT cung cấp cho lực lượng Công an"
    assert police.indicators.filter(code="hotline_calls").exists()


def test_the_catalogue_has_every_tallied_figure_of_the_seed():
    with SEED_CSV.open(encoding="utf-8") as f:
        seed = {row["key"] for row in csv.DictReader(f) if row["key"].startswith(TALLIED)}
    assert {s.key for s in figure_specs()} == seed
