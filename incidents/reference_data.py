"""Loads data/types.yaml (the incident types and their seriousness rules). Takes the model class so that the data
migration can pass its historical model."""

from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "types.yaml"
RULE_KEYS = ["serious_deaths", "serious_injuries", "serious_damage_vnd", "serious_when_prosecuted", "serious_always"]


def incident_types_data() -> list[dict]:
    items = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["incident_types"]
    return [{"code": item["code"], "name": item["name"], "order": item["order"],
             "serious_deaths": item.get("serious_deaths"), "serious_injuries": item.get("serious_injuries"),
             "serious_damage_vnd": item.get("serious_damage_vnd"),
             "serious_when_prosecuted": item.get("serious_when_prosecuted", False),
             "serious_always": item.get("serious_always", False)} for item in items]


def incident_types_load(*, type_model, reset: bool = False, dry_run: bool = False) -> dict[str, list[str]]:
    """Creates the types the file has and the database lacks. Types already there keep what the admin made of them
    (name, order, rules), unless `reset`: then they take the file's values again. Returns the codes created and
    updated (what would be, with `dry_run`)."""
    done: dict[str, list[str]] = {"created": [], "updated": []}
    existing = {t.code: t for t in type_model.objects.all()}
    for item in incident_types_data():
        current = existing.get(item["code"])
        if current is None:
            done["created"].append(item["code"])
            if not dry_run:
                type_model.objects.create(**item)
        elif reset and any(getattr(current, k) != v for k, v in item.items()):
            done["updated"].append(item["code"])
            if not dry_run:
                for key, value in item.items():
                    setattr(current, key, value)
                current.save()
    return done
