"""The default report templates, data/templates/*.yaml: the multi-year review shaped like the seed report, and the
annual, six-month and quarterly reports. Loaded by the migration 0002 and by `manage.py load_report_templates`; both
call report_templates_load, which takes the model classes so that the migration can pass its historical models.

Province staff edit the templates in the admin afterwards. A later load (after the files changed) updates what
staff did not touch and keeps what they changed: a template or a section counts as changed by staff when one of its
latest history record has a user (the loader's own writes have none). `reset` puts the files' text back everywhere."""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data" / "templates"
KINDS = ["review", "annual", "half-year", "quarterly"]
TEMPLATE_FIELDS = ["title", "subtitle", "closing"]
SECTION_FIELDS = ["order", "level", "heading", "body", "narrative"]


@cache
def template_data(kind: str) -> dict:
    data = yaml.safe_load((DATA_DIR / f"{kind}.yaml").read_text(encoding="utf-8"))
    if data["kind"] != kind:
        raise ValueError(f"{kind}.yaml describes a {data['kind']!r} template")
    return data


def section_values(data: dict) -> list[dict]:
    """The sections of a template file, each with all SECTION_FIELDS (order in steps of 10, as listed)."""
    out = []
    for position, item in enumerate(data["sections"], start=1):
        out.append({"key": item["key"], "order": position * 10, "level": item.get("level", 0),
                    "heading": (item.get("heading") or "").strip(), "body": (item.get("body") or "").strip(),
                    "narrative": bool(item.get("narrative", False))})
    return out


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed by staff, left alone
    unchanged: list[str] = field(default_factory=list)


def _edited_by_staff(history_model, *, deleted: bool = False, **lookup) -> bool:
    """Whether the row's latest history record (its deletion, with `deleted`) was made by a person."""
    if history_model is None:
        return False
    latest = history_model.objects.filter(**lookup).order_by("-history_date", "-history_id").first()
    return (latest is not None and latest.history_user_id is not None
            and (latest.history_type == "-") == deleted)


def report_templates_load(*, template_model, section_model, template_history_model=None, section_history_model=None,
                          kinds: list[str] | None = None, reset: bool = False, dry_run: bool = False) -> LoadResult:
    """Creates the templates and sections the files have and the database lacks (a template by kind and name, a
    section by key); updates those staff did not change; keeps those they changed (or deleted), unless `reset`.
    Never deletes. With `dry_run`, says what it would do and writes nothing."""
    result = LoadResult()
    for kind in kinds or KINDS:
        data = template_data(kind)
        values = {f: (data.get(f) or "").strip() for f in TEMPLATE_FIELDS}
        template = template_model.objects.filter(kind=kind, name=data["name"]).first()
        label = f"{kind}"
        if template is None:
            result.created.append(label)
            if not dry_run:
                active = not template_model.objects.filter(kind=kind, active=True).exists()
                template = template_model.objects.create(kind=kind, name=data["name"], active=active, **values)
        elif all(getattr(template, f) == v for f, v in values.items()):
            result.unchanged.append(label)
        elif not reset and _edited_by_staff(template_history_model, id=template.pk):
            result.kept.append(label)
        else:
            result.updated.append(label)
            if not dry_run:
                for f, v in values.items():
                    setattr(template, f, v)
                template.save()
        existing = {s.key: s for s in section_model.objects.filter(template=template)} if template and template.pk \
            else {}
        for item in section_values(data):
            key = item.pop("key")
            label = f"{kind}/{key}"
            section = existing.get(key)
            if section is None:
                deleted_by_staff = template is not None and template.pk and _edited_by_staff(
                    section_history_model, deleted=True, template_id=template.pk, key=key)
                if deleted_by_staff and not reset:
                    result.kept.append(label)
                    continue
                result.created.append(label)
                if not dry_run:
                    section_model.objects.create(template=template, key=key, **item)
            elif all(getattr(section, f) == v for f, v in item.items()):
                result.unchanged.append(label)
            elif not reset and _edited_by_staff(section_history_model, id=section.pk):
                result.kept.append(label)
            else:
                result.updated.append(label)
                if not dry_run:
                    for f, v in item.items():
                        setattr(section, f, v)
                    section.save()
    return result
