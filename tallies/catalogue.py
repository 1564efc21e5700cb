"""The tallies' catalogue, data/catalogue.yaml: indicators, reporting bodies with their data sets, and the seed
report's figures as sums of indicators. Read here (figure_specs); loaded into the database by the migration
activities.0002 (the app's name before #14) and by `manage.py load_catalogue` through antqcore.dataload, which first
checks that the figures name indicators, bodies and kinds of bodies that exist."""

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from antqcore.dataload import (
    Collection,
    DataSpec,
    Document,
    Field,
    LoadResult,
    Ref,
    Skip,
    datafile_load,
    datafile_read,
    names,
    text,
)

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
    return datafile_read(DATA_FILE).data


def figure_specs() -> list[FigureSpec]:
    return [FigureSpec(key=key, label=spec["label"], indicators=tuple(spec["indicators"]),
                       bodies=tuple(spec.get("bodies", ())), kinds=tuple(spec.get("kinds", ())))
            for key, spec in catalogue_data()["figures"].items()]


def _area_on(area_model, code: str, day: datetime.date):
    return (area_model.objects.filter(code=code, level=AREA_LEVELS.get(len(code)))
            .exclude(valid_from__gt=day).exclude(valid_to__lt=day).first())


def _body_area(area_model, code: str, data: dict):
    """A body's area: its official code on the map of the file's `areas_on` day. Before `manage.py load_areas` has
    loaded that map, the body waits (Skip); once it has, a code it does not have is a mistake of the file."""
    day = data.get("areas_on")
    if not isinstance(day, datetime.date):
        raise Skip("the file's areas_on is not a date")
    area = _area_on(area_model, code, day)
    if area is None and not area_model.objects.exclude(valid_from__gt=day).exclude(valid_to__lt=day).exists():
        raise Skip("area not loaded, run load_areas first")
    return area


FIGURE_KEYS = {"label": "", "indicators": "indicator", "bodies": "reporting body", "kinds": "kind of body"}


def _catalogue_problems(document: Document, known) -> list[tuple[int | None, str, str]]:
    """The date of the bodies' map, and the figures: each names indicators, bodies and kinds that exist."""
    data, problems = document.data, []
    if not isinstance(data.get("areas_on"), datetime.date):
        problems.append((data.key_lines.get("areas_on"), "", "“areas_on” must be a date written YYYY-MM-DD"))
    figures = data.get("figures")
    if not isinstance(figures, dict):
        return [*problems, (data.key_lines.get("figures"), "", "“figures” must map figure keys to their sums")]
    named = {"indicators": known(Ref("tallies.Indicator")), "bodies": known(Ref("tallies.ReportingBody")),
             "kinds": known(Ref("tallies.ReportingBody", key="kind", choices=True))}
    for key, figure in figures.items():
        item = f"figure “{key}”"
        if not isinstance(figure, dict):
            problems.append((figures.key_lines.get(key), item, "must be a mapping of keys to values"))
            continue
        for name in figure:
            if name not in FIGURE_KEYS:
                problems.append((figure.key_lines.get(name), item,
                                 f"unknown key “{name}” (known: {', '.join(sorted(FIGURE_KEYS))})"))
        for name in ("label", "indicators"):
            if not figure.get(name):
                problems.append((figure.line, item, f"“{name}” is required"))
        for name, known_names in named.items():
            values = figure.get(name) or []
            line = figure.key_lines.get(name, figure.line)
            if not isinstance(values, list):
                problems.append((line, item, f"“{name}” must be a list"))
                continue
            problems += [(line, item, f"“{name}”: unknown {FIGURE_KEYS[name]} “{value}”")
                         for value in values if value not in known_names]
    return problems


CATALOGUE = DataSpec(
    name="tallies catalogue", files=(DATA_FILE,), check=_catalogue_problems,
    # The figures are checked by _catalogue_problems; the other keys hold the YAML anchors the lists reuse.
    other_keys=("areas_on", "figures", "district_police_set", "district_committee_set", "police"),
    collections=(
        Collection(model="tallies.Indicator", what="indicator", source="indicators", key=("code",),
                   position=("order", 10),
                   fields=(Field("code", required=True, convert=text), Field("name", required=True, convert=text),
                           Field("unit", attr="unit_of_measure", required=True, convert=text),
                           Field("category", required=True),
                           Field("not_below", convert=text, ref=Ref("tallies.Indicator")))),
        Collection(model="tallies.ReportingBody", what="reporting body", source="bodies", key=("code",),
                   fields=(Field("code", required=True, convert=text), Field("name", required=True, convert=text),
                           Field("kind", required=True),
                           Field("area", required=True, convert=text, ref=Ref("antqcore.Area", resolve=_body_area)),
                           Field("period", attr="period_type", required=True),
                           Field("indicators", default=list, convert=names, ref=Ref("tallies.Indicator")))),
    ),
)


def catalogue_load(*, apps=None, models_by_label: dict | None = None, reset: bool = False,
                   dry_run: bool = False) -> LoadResult:
    """`apps`: a data migration's registry; `models_by_label`: the models that held the catalogue then (the
    migration activities.0002 passes activities' Indicator and ReportingBody). Indicators and bodies are found by
    code; the indicators the admin added to a body's data set stay. See antqcore.dataload for what is created,
    updated and kept."""
    return datafile_load(CATALOGUE, apps=apps, models_by_label=models_by_label, reset=reset, dry_run=dry_run)
