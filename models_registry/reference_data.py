"""Loads data/reference.yaml (model types and the rating scale). Idempotent; takes the model classes so that the
data migration can pass its historical models."""

from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "reference.yaml"


def reference_load(*, type_model, rating_model, config_model) -> None:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    for item in data["model_types"]:
        type_model.objects.update_or_create(code=item["code"], defaults={"name": item["name"], "order": item["order"]})
    for item in data["ratings"]:
        rating_model.objects.update_or_create(name=item["name"], defaults={
            "order": item["order"], "is_weak": item.get("is_weak", False)})
    if not config_model.objects.exists():
        config_model.objects.create()
