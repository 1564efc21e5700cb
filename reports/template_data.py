"""The default report templates, data/templates/*.yaml (one template a file): the multi-year review shaped like the
seed report, and the annual, six-month and quarterly reports. Loaded by the migration 0002 and by
`manage.py load_report_templates` through antqcore.dataload: a template is found by its type and name, a section by
its key within its template.

Province staff edit the templates in the admin and on /reports/templates/ afterwards; a later load (after the files
changed) updates what staff did not touch and keeps what they changed or deleted, unless `reset`. Every text is
checked in the report language before anything is loaded: a tag outside it, or a figure the statistics registry does
not know, names its file and section."""

import re
from functools import cache
from pathlib import Path

from antqcore.dataload import (
    Collection,
    DataSpec,
    Document,
    Field,
    Item,
    LoadResult,
    boolean,
    datafile_load,
    datafile_read,
    integer,
    text,
)

from .rendering import text_problems

DATA_DIR = Path(__file__).parent / "data" / "templates"
KINDS = ["review", "annual", "half-year", "quarterly"]


UNKNOWN_FIGURE = re.compile(r"\[\?(.+)\]")  # how text_problems names a figure key the registry does not know


def _texts_problems(*keys: str):
    def check(item: Item, document: Document) -> list[tuple[str, str]]:
        found = []
        for key in keys:
            for problem in text_problems(str(item[key])) if item.get(key) else ():
                unknown = UNKNOWN_FIGURE.fullmatch(problem)
                if unknown:
                    problem = f"the statistics registry has no figure “{unknown[1]}”"
                found.append((key, f"“{key}”: {problem}"))
        return found
    return check


def _template_problems(item: Item, document: Document) -> list[tuple[str, str]]:
    problems = _texts_problems("title", "subtitle", "closing")(item, document)
    if item.get("kind") and item["kind"] != document.path.stem:
        problems.append(("kind", f"“kind”: {document.path.name} must describe the “{document.path.stem}” template"))
    return problems


def _first_of_its_kind_is_active(model, values: dict) -> dict:
    return {"active": not model.objects.filter(kind=values["kind"], active=True).exists()}


REPORT_TEMPLATES = DataSpec(
    name="report templates", files=tuple(DATA_DIR / f"{kind}.yaml" for kind in KINDS), collections=(Collection(
        model="reports.ReportTemplate", what="template", key=("kind", "name"), label=("kind",),
        scope=lambda data: {"kind": data.get("kind")}, on_create=_first_of_its_kind_is_active,
        check=_template_problems,
        fields=(Field("kind", required=True, convert=text), Field("name", required=True, convert=text),
                Field("title", default="", convert=text), Field("subtitle", default="", convert=text),
                Field("closing", default="", convert=text)),
        children=(Collection(
            model="reports.ReportSection", what="section", source="sections", parent="template", key=("key",),
            position=("order", 10), check=_texts_problems("heading", "body"),
            fields=(Field("key", required=True, convert=text), Field("level", default=0, convert=integer),
                    Field("heading", default="", convert=text), Field("body", default="", convert=text),
                    Field("narrative", default=False, convert=boolean)),
        ),),
    ),),
)


@cache
def template_data(kind: str) -> dict:
    """A template's file as written."""
    return datafile_read(DATA_DIR / f"{kind}.yaml").data


def report_templates_load(*, apps=None, kinds: list[str] | None = None, reset: bool = False,
                          dry_run: bool = False) -> LoadResult:
    """The templates of `kinds` (all by default). `apps`: a data migration's registry. See antqcore.dataload for
    what is created, updated and kept."""
    return datafile_load(REPORT_TEMPLATES, apps=apps, files=[DATA_DIR / f"{kind}.yaml" for kind in kinds or KINDS],
                         reset=reset, dry_run=dry_run)
