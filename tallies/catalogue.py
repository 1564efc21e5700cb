"""The tallies' catalogue, data/catalogue.yaml: indicators, the kinds of body a province has (kind_specs), reporting
bodies with their data sets, and the seed report's figures as sums of indicators over kinds of body. Read here
(figure_specs, kind_specs); loaded into the database by the migration activities.0002 (the app's name before #14) and
by `manage.py load_catalogue` through antqcore.dataload, which first checks that the kinds and the figures name
indicators and kinds of body that exist. Figures are defined on kinds, never on bodies' codes: a figure naming bodies
is refused."""

import dataclasses
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
    """A figure of the report: the sum of the values of `indicators` reported by the bodies of one of the kinds
    `kinds` (of every kind when it is empty)."""

    key: str
    label: str
    indicators: tuple[str, ...]
    kinds: tuple[str, ...] = ()


KIND_LEVELS = ("province", "district", "commune")


@dataclass(frozen=True)
class KindSpec:
    """A kind of body a province has (the catalogue's `kinds`): its body on the province (`level` "province"), on
    each district of a province of the old map ("district") or on each commune of a province of the new map
    ("commune"), with the code `code`-<the area's path> and the name `name` ({area}: "tỉnh Hà Tĩnh", {short}:
    "Hà Tĩnh"), reporting by `period` the indicators `indicators`."""

    kind: str
    level: str
    code: str
    name: str
    period: str
    indicators: tuple[str, ...]


@cache
def catalogue_data() -> dict:
    return datafile_read(DATA_FILE).data


def figure_specs() -> list[FigureSpec]:
    return [FigureSpec(key=key, label=spec["label"], indicators=tuple(spec["indicators"]),
                       kinds=tuple(spec.get("kinds", ())))
            for key, spec in catalogue_data()["figures"].items()]


def kind_specs() -> list[KindSpec]:
    """The kinds of body a province has, in the catalogue's order."""
    return [KindSpec(kind=k["kind"], level=k["level"], code=k["code"], name=k["name"], period=k["period"],
                     indicators=tuple(k["indicators"]))
            for k in catalogue_data().get("kinds", [])]


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


FIGURE_KEYS = {"label": "", "indicators": "indicator", "kinds": "kind of body"}
KIND_KEYS = ("kind", "level", "code", "name", "period", "indicators")


def _kinds_problems(data, known) -> list[tuple[int | None, str, str]]:
    """The catalogue's `kinds`: each a known kind of body, once, at a known level, with a code, a name, a reporting
    period and a data set of known indicators."""
    kinds = data.get("kinds", [])  # none: the catalogue makes no body for a province
    if not isinstance(kinds, list):
        return [(data.key_lines.get("kinds"), "", "“kinds” must list the kinds of body a province has")]
    problems, seen = [], {}
    known_kinds = known(Ref("tallies.ReportingBody", key="kind", choices=True))
    periods = known(Ref("tallies.ReportingBody", key="period_type", choices=True))
    indicators = known(Ref("tallies.Indicator"))
    for position, entry in enumerate(kinds, start=1):
        if not isinstance(entry, dict):
            problems.append((None, f"kind #{position}", "must be a mapping of keys to values"))
            continue
        item = f"kind “{entry.get('kind')}”" if entry.get("kind") else f"kind #{position}"
        line = entry.key_lines.get
        problems += [(line(key), item, f"unknown key “{key}” (known: {', '.join(sorted(KIND_KEYS))})")
                     for key in entry if key not in KIND_KEYS]
        problems += [(entry.line, item, f"“{key}” is required") for key in KIND_KEYS if not entry.get(key)]
        kind = entry.get("kind")
        if kind and kind not in known_kinds:
            problems.append((line("kind"), item, f"unknown kind of body “{kind}” (known: "
                                                 f"{', '.join(sorted(known_kinds))})"))
        elif kind in seen:
            problems.append((line("kind"), item, f"repeats the kind on line {seen[kind]}"))
        elif kind:
            seen[kind] = entry.line
        if entry.get("level") and entry["level"] not in KIND_LEVELS:
            problems.append((line("level"), item, f"unknown level “{entry['level']}” (known: "
                                                  f"{', '.join(KIND_LEVELS)})"))
        if entry.get("period") and entry["period"] not in periods:
            problems.append((line("period"), item, f"unknown reporting period “{entry['period']}” (known: "
                                                   f"{', '.join(sorted(periods))})"))
        name = entry.get("name")
        if name and (not isinstance(name, str) or "{area}" not in name and "{short}" not in name):
            problems.append((line("name"), item, "“name” must name the area: {area} or {short}"))
        values = entry.get("indicators") or []
        if not isinstance(values, list):
            problems.append((line("indicators"), item, "“indicators” must be a list"))
            continue
        problems += [(line("indicators"), item, f"“indicators”: unknown indicator “{value}”")
                     for value in values if value not in indicators]
    return problems


def _catalogue_problems(document: Document, known) -> list[tuple[int | None, str, str]]:
    """The date of the bodies' map, the kinds of body, and the figures: each names indicators and kinds that exist,
    and no body (figures are defined on kinds)."""
    data, problems = document.data, []
    if not isinstance(data.get("areas_on"), datetime.date):
        problems.append((data.key_lines.get("areas_on"), "", "“areas_on” must be a date written YYYY-MM-DD"))
    problems += _kinds_problems(data, known)
    figures = data.get("figures")
    if not isinstance(figures, dict):
        return [*problems, (data.key_lines.get("figures"), "", "“figures” must map figure keys to their sums")]
    named = {"indicators": known(Ref("tallies.Indicator")),
             "kinds": known(Ref("tallies.ReportingBody", key="kind", choices=True))}
    bodies = known(Ref("tallies.ReportingBody"))
    for key, figure in figures.items():
        item = f"figure “{key}”"
        if not isinstance(figure, dict):
            problems.append((figures.key_lines.get(key), item, "must be a mapping of keys to values"))
            continue
        for name in figure:
            if name == "bodies":
                problems += _bodies_problems(figure, item, bodies)
            elif name not in FIGURE_KEYS:
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


def _bodies_problems(figure, item: str, bodies: set) -> list[tuple[int | None, str, str]]:
    """A figure naming bodies by code is refused: a body that does not exist as such, one that does because figures
    are defined on kinds (a body's code exists in one province only)."""
    line = figure.key_lines.get("bodies", figure.line)
    values = figure["bodies"] if isinstance(figure["bodies"], list) else [figure["bodies"]]
    unknown = [(line, item, f"“bodies”: unknown reporting body “{value}”") for value in values if value not in bodies]
    return unknown or [(line, item, "“bodies”: figures are defined on kinds, never on bodies' codes: write "
                                    "“kinds” instead")]


CATALOGUE = DataSpec(
    name="tallies catalogue", files=(DATA_FILE,), check=_catalogue_problems,
    # The kinds and the figures are checked by _catalogue_problems; the other keys hold YAML anchors.
    other_keys=("areas_on", "kinds", "figures", "local_police", "police", "local_committees"),
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


# The indicators alone, for the migration that first loaded the catalogue (activities.0002): its models know only the
# kinds of body of their day, and no body could be loaded there anyway (a new database has no areas yet).
INDICATORS = dataclasses.replace(CATALOGUE, collections=CATALOGUE.collections[:1], check=None,
                                 other_keys=(*CATALOGUE.other_keys, "bodies"))


def catalogue_load(*, apps=None, models_by_label: dict | None = None, reset: bool = False,
                   dry_run: bool = False, indicators_only: bool = False) -> LoadResult:
    """`apps`: a data migration's registry; `models_by_label`: the models that held the catalogue then (the
    migration activities.0002 passes activities' Indicator and ReportingBody). Indicators and bodies are found by
    code; the indicators the admin added to a body's data set stay. See antqcore.dataload for what is created,
    updated and kept."""
    return datafile_load(INDICATORS if indicators_only else CATALOGUE, apps=apps, models_by_label=models_by_label,
                         reset=reset, dry_run=dry_run)
