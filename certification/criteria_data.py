"""Loads data/criteria.yaml: the schemes and the criteria sets shipped with the system. Idempotent: sets are matched
by scheme and name, items by code; what a province changed in the admin is overwritten only for shipped items."""

import datetime
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "criteria.yaml"


def criteria_load(*, scheme_model, set_model, criterion_model) -> dict[str, int]:
    """Takes the model classes so that a data migration can pass its historical models."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    counts = {"schemes": 0, "sets": 0, "criteria": 0}
    schemes = {}
    for item in data["schemes"]:
        schemes[item["code"]], created = scheme_model.objects.update_or_create(
            code=item["code"], defaults={"name": item["name"]})
        counts["schemes"] += created
    for item in data["criteria_sets"]:
        criteria_set, created = set_model.objects.update_or_create(
            scheme=schemes[item["scheme"]], name=item["name"], area=None,
            defaults={
                "legal_basis": item["legal_basis"], "unit_kinds": item["unit_kinds"],
                "valid_from": _date(item.get("valid_from")), "valid_to": _date(item.get("valid_to")),
            },
        )
        counts["sets"] += created
        for order, criterion in enumerate(item["criteria"], start=1):
            _obj, created = criterion_model.objects.update_or_create(
                criteria_set=criteria_set, code=criterion["code"],
                defaults={"order": order, "text": criterion["text"], "kind": criterion["kind"],
                          "incident_types": criterion.get("incident_types", []),
                          "serious_only": criterion.get("serious_only", False)},
            )
            counts["criteria"] += created
    return counts


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)
