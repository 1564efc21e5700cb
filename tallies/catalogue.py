"""The tallies' catalogue, data/catalogue.yaml: indicators, reporting bodies with their data sets, and the seed
report's figures as sums of indicators. Read here; loaded into the database by the migration activities.0002 (the
app's name before #14) and by `manage.py load_catalogue` (both call catalogue_load, which takes the model classes so
that the migration can pass its historical models)."""

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "catalogue.yaml"
# Body areas are official codes, read on the map of the catalogue's `areas_on` day (codes are reused over time).
AREA_LEVELS = {2: "province", 3: "district", 5: "commune"}


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the report: the sum of the values of `indicators`, of the bodies with one of the codes `bodies`
    or one of the kinds `kinds` (every body when both are empty)."""

    key: str
    label: str
    indicators: tuple[str, ...]
    bodies: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@cache
def catalogue_data() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def figure_specs() -> list[FigureSpec]:
    return [FigureSpec(key=key, label=spec["label"], indicators=tuple(spec["indicators"]),
                       bodies=tuple(spec.get("bodies", ())), kinds=tuple(spec.get("kinds", ())))
            for key, spec in catalogue_data()["figures"].items()]


def _area_on(area_model, code: str, day: datetime.date):
    return (area_model.objects.filter(code=code, level=AREA_LEVELS.get(len(code)))
            .exclude(valid_from__gt=day).exclude(valid_to__lt=day).first())


def catalogue_load(*, indicator_model, body_model, area_model, dry_run: bool = False) -> dict[str, list[str]]:
    """Creates what the file has and the database lacks, and gives what both have the file's values again (by code).
    Never deletes: indicators and bodies the admin added stay, and so do indicators the admin added to a body's data
    set. A body whose area is not loaded yet (`manage.py load_areas`) is skipped and reported. Returns the codes
    created, updated and skipped (what would be, with `dry_run`)."""
    data = catalogue_data()
    done: dict[str, list[str]] = {"created": [], "updated": [], "skipped": []}
    indicators = {i.code: i for i in indicator_model.objects.all()}
    for position, item in enumerate(data["indicators"], start=1):
        values = {"name": item["name"], "unit_of_measure": item["unit"], "category": item["category"],
                  "order": position * 10}
        current = indicators.get(item["code"])
        if current is None:
            done["created"].append(item["code"])
            if not dry_run:
                indicators[item["code"]] = indicator_model.objects.create(code=item["code"], **values)
        elif any(getattr(current, k) != v for k, v in values.items()):
            done["updated"].append(item["code"])
            if not dry_run:
                for key, value in values.items():
                    setattr(current, key, value)
                current.save()
    for item in data["indicators"]:  # once every indicator exists
        current = indicators.get(item["code"])
        below = indicators.get(item.get("not_below") or "")
        if current is not None and below is not None and current.not_below_id != below.pk:
            if item["code"] not in done["created"] + done["updated"]:
                done["updated"].append(item["code"])
            if not dry_run:
                current.not_below = below
                current.save()

    bodies = {b.code: b for b in body_model.objects.prefetch_related("indicators")}
    for item in data["bodies"]:
        area = _area_on(area_model, item["area"], data["areas_on"])
        if area is None:
            done["skipped"].append(item["code"])
            continue
        values = {"name": item["name"], "kind": item["kind"], "area_id": area.pk, "period_type": item["period"]}
        current = bodies.get(item["code"])
        wanted = [indicators[code] for code in item["indicators"] if code in indicators]
        if current is None:
            done["created"].append(item["code"])
            if not dry_run:
                body = body_model.objects.create(code=item["code"], **values)
                body.indicators.add(*wanted)
            continue
        missing = {i.pk for i in wanted} - {i.pk for i in current.indicators.all()}
        if any(getattr(current, k) != v for k, v in values.items()) or missing:
            done["updated"].append(item["code"])
            if not dry_run:
                for key, value in values.items():
                    setattr(current, key, value)
                current.save()
                current.indicators.add(*missing)
    return done
