"""The models registry's reference lists, data/reference.yaml: the model types and the rating scale, loaded by the
migration 0002 and by `manage.py load_model_reference` through antqcore.dataload (a type is found by its code, a
rating by its name). Also makes the registry's one row of settings when it has none."""

from pathlib import Path

from django.apps import apps as global_apps

from antqcore.dataload import Collection, DataSpec, Field, LoadResult, boolean, datafile_load, integer, text

DATA_FILE = Path(__file__).parent / "data" / "reference.yaml"

REFERENCE = DataSpec(name="models reference", files=(DATA_FILE,), collections=(
    Collection(model="models_registry.ModelType", what="model type", source="model_types", key=("code",),
               fields=(Field("code", required=True, convert=text), Field("name", required=True, convert=text),
                       Field("order", required=True, convert=integer))),
    Collection(model="models_registry.Rating", what="rating", source="ratings", key=("name",),
               fields=(Field("name", required=True, convert=text), Field("order", required=True, convert=integer),
                       Field("is_weak", default=False, convert=boolean))),
))


def reference_load(*, apps=None, reset: bool = False, dry_run: bool = False) -> LoadResult:
    """`apps`: a data migration's registry. See antqcore.dataload for what is created, updated and kept."""
    result = datafile_load(REFERENCE, apps=apps, reset=reset, dry_run=dry_run)
    config_model = (apps or global_apps).get_model("models_registry", "RegistryConfig")
    if not dry_run and not config_model.objects.exists():
        config_model.objects.create()
    return result
