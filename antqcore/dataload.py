"""One loader for the data files the system ships: the certification criteria, the incident types, the tallies'
catalogue, the models registry's reference lists and the report templates. Each is read, validated, compared with
the database and applied the same way, from its `load_*` command and from the data migration that first loaded it.

An app describes its file with a DataSpec: the lists it holds (Collection: the model each list fills, the natural
key that finds an item's row, the fields, child lists, references to other rows) and checks of its own. Then:

- read: YAML, every mapping remembering its line, so that a mistake is reported where it is written;
- validate, before anything is written: unknown keys, missing required fields, values outside a field's choices,
  duplicates, references to rows that exist neither in the database nor in a registered data file (a criterion
  naming an incident type that does not exist, a figure naming an indicator that does not), and the spec's own
  checks. Every mistake is reported, each naming the file, the line and the item (DataFileInvalid);
- diff and apply: a row the file has and the database lacks is created; a row whose values differ from the file's
  is updated, unless staff changed it since it was loaded; rows the file does not have are never deleted, only
  reported. `dry_run` says all that and writes nothing.

Staff edits are known from the rows' history (django-simple-history): a row counts as changed by staff when its
latest history record was made by a signed-in user (the admin, a page, the API); the loader's own writes, from a
command or a migration, have no user. Such a row keeps the staff's values, and a row whose key a person deleted
(or renamed away) is not created again, unless `reset`: then every row the file has takes the file's values again.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps as global_apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone, translation

PROJECT_DIR = Path(__file__).resolve().parent.parent


# --- Describing a data file -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ref:
    """A field that names other rows by their `key`: a foreign key (the row is looked up), a many-to-many field (the
    rows are added, never removed) or a list kept as data (checked only). A name is known when the database has such
    a row or a registered data file ships one. With `choices`, the names are the choices of the model's `key` field
    instead (the unit kinds a criteria set applies to). `resolve(model, name, data)` replaces the lookup (an area
    code read on a date); it returns None for an unknown name and may raise Skip."""

    model: str
    key: str = "code"
    choices: bool = False
    resolve: Callable[[type[models.Model], Any, dict], models.Model | None] | None = None


@dataclass(frozen=True)
class Field:
    """A key of an item and the model field it fills (`attr`, by default the same name). A missing value takes
    `default`; a present one goes through `convert`, which raises ValueError with what is wrong. A model field with
    choices is checked against them."""

    key: str
    attr: str = ""
    required: bool = False
    default: Any = None
    convert: Callable[[Any], Any] | None = None
    ref: Ref | None = None

    @property
    def name(self) -> str:
        return self.attr or self.key


@dataclass(frozen=True)
class Collection:
    """A list of a data file and the model its items fill.

    `key` names the fields (file keys) that find an item's row; `source` is the list's key in the file or in the
    parent item ("": the file is the one item); `parent` is a child list's foreign key to its parent's row;
    `position` = (field, step) sets a field from the item's place in the list; `scope` (the file's data -> filters)
    says which rows the file owns (a province's own criteria sets are not the file's); `label` the key fields the
    report names an item by (all of `key` by default); `on_create(model, values)` adds values to a new row;
    `check(item, document)` returns more problems of an item as (file key or "", message)."""

    model: str
    what: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    source: str = ""
    parent: str = ""
    children: tuple["Collection", ...] = ()
    position: tuple[str, int] | None = None
    scope: Callable[[dict], dict] | None = None
    label: tuple[str, ...] = ()
    on_create: Callable[[type[models.Model], dict], dict] | None = None
    check: Callable[["Item", "Document"], list[tuple[str, str]]] | None = None

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


@dataclass(frozen=True)
class DataSpec:
    """A data file (or a family of them: one report template a file). `other_keys` are further top-level keys (a
    date, YAML anchors); `check(document, known)` returns problems across the file as (line, item, message), where
    known(ref) is the set of names a Ref may use."""

    name: str
    files: tuple[Path, ...]
    collections: tuple[Collection, ...]
    other_keys: tuple[str, ...] = ()
    check: Callable[["Document", Callable[[Ref], set]], list[tuple[int | None, str, str]]] | None = None


_REGISTERED: dict[str, DataSpec] = {}


def datafile_register(spec: DataSpec) -> None:
    """Makes a data file's names known to the references of the others (the criteria name incident types), from the
    registering app's ready(): so a file is checked against another even before that one is loaded."""
    _REGISTERED[spec.name] = spec


class Skip(Exception):
    """Raised by a Ref's resolve: the item cannot be loaded yet and is reported as skipped, for the reason given."""


# --- Converting values ----------------------------------------------------------------------------------------------

def text(value) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValueError("must be text")
    return str(value).strip()


def integer(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"must be a whole number, not {value!r}")
    return value


def boolean(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {value!r}")
    return value


def date(value) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"must be a date written YYYY-MM-DD, not {value!r}") from None


def names(value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of codes")
    return value


# --- Reading --------------------------------------------------------------------------------------------------------

class Item(dict):
    """A mapping of a data file, with the line (from 1) it starts on and the line of each of its keys."""

    line: int | None = None
    key_lines: dict[str, int] = {}  # replaced per instance


class _Loader(yaml.SafeLoader):
    """Mappings become Items. A key written twice in one mapping is an error (PyYAML keeps the last silently);
    keys merged from an anchor (<<: *anchor) may be overridden, as YAML means them to be."""


def _construct_item(loader: _Loader, node: yaml.MappingNode) -> Item:
    first_line: dict[Any, int] = {}
    for key_node, _value in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            if key_node.value in first_line:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key “{key_node.value}” is written twice in this mapping (first on line "
                    f"{first_line[key_node.value]})", key_node.start_mark)
            first_line[key_node.value] = key_node.start_mark.line + 1
    item = Item(loader.construct_mapping(node, deep=True))
    item.line = node.start_mark.line + 1
    item.key_lines = {str(k.value): k.start_mark.line + 1 for k, _v in node.value if isinstance(k, yaml.ScalarNode)}
    return item


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_item)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    item: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.item}: {self.message}" if self.item else f"{where}: {self.message}"


class DataFileInvalid(Exception):
    """Nothing was written; `problems` says what is wrong, each naming the file, the line and the item."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Document:
    path: Path
    data: Any

    @property
    def name(self) -> str:
        """The file as the project names it (incidents/data/types.yaml)."""
        try:
            return str(self.path.resolve().relative_to(PROJECT_DIR))
        except ValueError:
            return str(self.path)


def datafile_read(path: Path) -> Document:
    """The parsed file; raises DataFileInvalid when it cannot be read or is not YAML (with the line)."""
    document = Document(Path(path), None)
    try:
        document.data = yaml.load(document.path.read_text(encoding="utf-8"), Loader=_Loader)  # a SafeLoader
    except OSError as exc:
        raise DataFileInvalid([Problem(document.name, None, "", f"cannot be read ({exc.strerror})")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(m for m in (exc.context, exc.problem) if m) or str(exc)
        raise DataFileInvalid([Problem(document.name, mark.line + 1 if mark else None, "", message)]) from None
    return document


# --- Loading --------------------------------------------------------------------------------------------------------

@dataclass
class LoadResult:
    """What a load did (or would do, in a dry run), each item named as the report names it."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed or deleted by staff, left so
    unchanged: list[str] = field(default_factory=list)
    skipped: dict[str, list[str]] = field(default_factory=dict)  # reason -> items
    not_in_file: list[str] = field(default_factory=list)  # rows the file does not have: never deleted


def datafile_load(spec: DataSpec, *, apps=None, models_by_label: dict[str, type[models.Model]] | None = None,
                  files: Iterable[Path] | None = None, reset: bool = False, dry_run: bool = False) -> LoadResult:
    """Reads, validates and applies `spec`'s files (or `files`, read with the same spec). `apps` is a data
    migration's registry (its historical models), `models_by_label` replaces some of the spec's models (a migration
    of an app that owned them before). Raises DataFileInvalid, having written nothing, when a file is wrong."""
    run = _Run(spec, apps=apps or global_apps, models_by_label=models_by_label or {}, reset=reset, dry_run=dry_run)
    documents = [datafile_read(path) for path in (spec.files if files is None else files)]
    problems = run.problems(documents)
    if problems:
        raise DataFileInvalid(problems)
    with transaction.atomic():
        for document in documents:
            for collection in spec.collections:
                run.apply(document, collection, _items(document.data, collection), parent=None, parent_label="",
                          parent_missing=False)
    return run.result


def _items(data, collection: Collection) -> list:
    if not collection.source:
        return [data]
    value = data.get(collection.source) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _is_late(model: type[models.Model], collection: Collection, f: Field) -> bool:
    """References set once every item of the list has its row: to the list's own rows, and many-to-many ones."""
    if f.ref is None or f.key in collection.key:
        return False
    model_field = model._meta.get_field(f.name)
    return model_field.many_to_many or (model_field.many_to_one and f.ref.model == collection.model)


class _Run:
    def __init__(self, spec: DataSpec, *, apps, models_by_label, reset: bool, dry_run: bool):
        self.spec, self.apps, self.models_by_label = spec, apps, models_by_label
        self.reset, self.dry_run = reset, dry_run
        self.result = LoadResult()
        self.documents: list[Document] = []
        self._known: dict[Ref, set] = {}
        self._rows: dict[tuple, models.Model | None] = {}

    def model(self, label: str) -> type[models.Model]:
        return self.models_by_label.get(label) or self.apps.get_model(label)

    # --- validate ---------------------------------------------------------------------------------------------------

    def problems(self, documents: list[Document]) -> list[Problem]:
        self.documents = documents
        problems: list[Problem] = []
        seen: dict[tuple, int | None] = {}
        for document in documents:
            problems += self._document_problems(document, seen)
        return problems

    def _document_problems(self, document: Document, seen: dict) -> list[Problem]:
        data, spec = document.data, self.spec
        if not isinstance(data, dict):
            return [Problem(document.name, None, "", "must be a mapping of keys to values")]
        problems = []
        top_lists = [c for c in spec.collections if c.source]
        if top_lists:
            allowed = {c.source for c in top_lists} | set(spec.other_keys)
            for key in data:
                if key not in allowed:
                    problems.append(Problem(document.name, data.key_lines.get(str(key)), "",
                                            f"unknown key “{key}” (known: {', '.join(sorted(allowed))})"))
            for collection in top_lists:
                if not isinstance(data.get(collection.source), list):
                    problems.append(Problem(document.name, data.key_lines.get(collection.source), "",
                                            f"“{collection.source}” must be a list"))
        for collection in spec.collections:
            problems += self._items_problems(document, collection, _items(data, collection), "", seen)
        if spec.check and not problems:
            problems += [Problem(document.name, line, item, message)
                         for line, item, message in spec.check(document, self.known)]
        return problems

    def _items_problems(self, document: Document, collection: Collection, items: list, parent_name: str,
                        seen: dict) -> list[Problem]:
        problems: list[Problem] = []
        model = self.model(collection.model)
        for position, item in enumerate(items, start=1):
            name = self._item_name(collection, item, position, parent_name)
            if not isinstance(item, Item):
                problems.append(Problem(document.name, None, name, "must be a mapping of keys to values"))
                continue
            found: list[tuple[str, str]] = []  # (file key or "", message)
            allowed = {f.key for f in collection.fields} | {c.source for c in collection.children}
            found += [(str(key), f"unknown key “{key}” (known: {', '.join(sorted(allowed))})")
                      for key in item if key not in allowed]
            for f in collection.fields:
                found += [(f.key, message) for message in self._value_problems(model, f, item.get(f.key), document)]
            key = (id(collection), parent_name, *(repr(item.get(k)) for k in collection.key))
            if all(item.get(k) not in (None, "") for k in collection.key):
                if key in seen:
                    found.append(("", f"repeats the {collection.what} on line {seen[key]}"))
                else:
                    seen[key] = item.line
            if collection.check:
                found += collection.check(item, document)
            problems += [Problem(document.name, item.key_lines.get(key_name, item.line), name, message)
                         for key_name, message in found]
            for child in collection.children:
                children = item.get(child.source, [])
                if isinstance(children, list):
                    problems += self._items_problems(document, child, children, name, seen)
                else:
                    problems.append(Problem(document.name, item.key_lines.get(child.source), name,
                                            f"“{child.source}” must be a list"))
        return problems

    def _value_problems(self, model, f: Field, value, document: Document) -> list[str]:
        if value is None or value == "":
            return [f"“{f.key}” is required"] if f.required else []
        try:
            value = f.convert(value) if f.convert else value
        except ValueError as exc:
            return [f"“{f.key}” {exc}"]
        model_field = model._meta.get_field(f.name)
        if model_field.choices and f.ref is None:
            allowed = {str(code) for code, _label in model_field.flatchoices}
            if str(value) not in allowed:
                return [f"“{f.key}”: unknown value “{value}” (known: {', '.join(sorted(allowed))})"]
        if f.ref is not None:
            wanted = value if isinstance(value, list) else [value]
            if f.ref.resolve is not None:
                try:
                    return [self._unknown(f, name) for name in wanted if self._resolved(f.ref, name, document) is None]
                except Skip:
                    return []  # reported as skipped when loaded
            known = self.known(f.ref)
            return [self._unknown(f, name, known) for name in wanted if name not in known]
        return []

    def _unknown(self, f: Field, name, known: set | None = None) -> str:
        if f.ref.choices:
            return f"“{f.key}”: unknown value “{name}” (known: {', '.join(sorted(map(str, known or ())))})"
        try:
            with translation.override("en"):
                what = str(self.model(f.ref.model)._meta.verbose_name)
        except LookupError:
            what = f.ref.model
        return f"“{f.key}”: unknown {what} “{name}”"

    def known(self, ref: Ref) -> set:
        """The names a reference may use: the choices of the field, or the rows of the database and of the data
        files of this load and of every registered spec."""
        if ref not in self._known:
            found: set = set()
            try:
                model = self.model(ref.model)
            except LookupError:
                model = None
            if model is not None and ref.choices:
                found = {code for code, _label in model._meta.get_field(ref.key).flatchoices}
            elif model is not None:
                found = set(model.objects.values_list(ref.key, flat=True))
            if not ref.choices:
                found |= self._file_names(ref)
            self._known[ref] = found
        return self._known[ref]

    def _file_names(self, ref: Ref) -> set:
        """The names the data files of this load, and the registered ones, give rows of `ref.model`."""
        found = set()
        sources = [(self.spec, self.documents)]
        for spec in _REGISTERED.values():
            if spec.name != self.spec.name and any(c.model == ref.model for c in spec.collections):
                try:
                    sources.append((spec, [datafile_read(path) for path in spec.files]))
                except DataFileInvalid:
                    continue  # reported when that file is loaded
        for spec, documents in sources:
            for collection in spec.collections:
                if collection.model != ref.model:
                    continue
                for document in documents:
                    found |= {item.get(ref.key) for item in _items(document.data, collection) if isinstance(item, dict)}
        return found

    def _item_name(self, collection: Collection, item, position: int, parent_name: str) -> str:
        values = [item.get(k) for k in collection.key] if isinstance(item, dict) else []
        own = (f"{collection.what} “{' / '.join(str(v) for v in values)}”"
               if values and all(v not in (None, "") for v in values) else f"{collection.what} #{position}")
        return f"{parent_name} › {own}" if parent_name else own

    # --- diff and apply ---------------------------------------------------------------------------------------------

    def apply(self, document: Document, collection: Collection, items: list, *, parent, parent_label: str,
              parent_missing: bool) -> None:
        """Creates, updates or keeps the rows of `items`. `parent` is the row of a child list's parent (None when
        the parent is not there: it would be created in a dry run, or staff deleted it); `parent_missing` says it
        is not there."""
        model = self.model(collection.model)
        scope = self._scope(model, collection, document, parent)
        rows = {}
        if not parent_missing:
            rows = {self._row_key(model, collection, row): row for row in model.objects.filter(**scope)}
        pending = []
        for position, item in enumerate(items, start=1):
            label = self._label(collection, item, parent_label)
            try:
                values = self._values(model, collection, item, position, document)
            except Skip as exc:
                self.result.skipped.setdefault(str(exc), []).append(label)
                continue
            key = tuple(values[model._meta.get_field(collection.field(k).name).attname] for k in collection.key)
            row = None if parent_missing or None in key else rows.pop(key, None)
            state, row = self._apply_row(model, collection, row, values, scope, key, label, parent_missing)
            if state == "kept-missing":
                continue
            pending.append((item, row, label, state))
            for child in collection.children:
                self.apply(document, child, item.get(child.source) or [], parent=row, parent_label=label,
                           parent_missing=row is None)
        self._apply_late(model, collection, pending)
        self.result.not_in_file += [self._row_label(model, collection, row, parent_label) for row in rows.values()]

    def _apply_row(self, model, collection: Collection, row, values: dict, scope: dict, key: tuple, label: str,
                   parent_missing: bool) -> tuple[str, models.Model | None]:
        """Creates, updates or keeps one row; returns what it did and the row (None when there is none)."""
        if row is None:
            lookup = scope | dict(zip(self._key_attnames(model, collection), key, strict=True))
            if not parent_missing and None not in key and not self.reset and self._removed_by_staff(model, lookup):
                self.result.kept.append(label)
                return "kept-missing", None
            self.result.created.append(label)
            if not self.dry_run:
                extra = collection.on_create(model, values) if collection.on_create else {}
                row = model.objects.create(**(scope | values | extra))
                self._record(model, row, "+")
            return "created", row
        changed = {attname: value for attname, value in values.items() if getattr(row, attname) != value}
        if not changed:
            self.result.unchanged.append(label)
            return "unchanged", row
        if not self.reset and self._edited_by_staff(model, row):
            self.result.kept.append(label)
            return "kept", row
        self.result.updated.append(label)
        if not self.dry_run:
            for attname, value in changed.items():
                setattr(row, attname, value)
            row.save()
            self._record(model, row, "~")
        return "updated", row

    def _apply_late(self, model, collection: Collection, pending: list) -> None:
        late = [f for f in collection.fields if _is_late(model, collection, f)]
        if not late:
            return
        for item, row, label, state in pending:
            if row is None or state == "kept":
                continue
            changes = []
            for f in late:
                model_field = model._meta.get_field(f.name)
                value = item.get(f.key)
                value = f.convert(value) if f.convert and value not in (None, "") else value
                if model_field.many_to_many:
                    wanted = {r.pk for r in (self._row(f.ref, name) for name in value or []) if r is not None}
                    missing = wanted - set(getattr(row, f.name).values_list("pk", flat=True))
                    if missing:
                        changes.append((f.name, missing))
                else:
                    target = self._row(f.ref, value) if value else None
                    pk = target.pk if target is not None else None
                    if getattr(row, model_field.attname) != pk:
                        changes.append((model_field.attname, pk))
            if not changes:
                continue
            if state == "unchanged":
                self.result.unchanged.remove(label)
                if not self.reset and self._edited_by_staff(model, row):
                    self.result.kept.append(label)
                    continue
                self.result.updated.append(label)
            if not self.dry_run:
                self._apply_changes(model, row, changes)

    def _apply_changes(self, model, row, changes: list) -> None:
        save = False
        for name, value in changes:
            if model._meta.get_field(name.removesuffix("_id")).many_to_many:
                getattr(row, name).add(*value)
            else:
                setattr(row, name, value)
                save = True
        if save:
            row.save()
            self._record(model, row, "~")

    def _values(self, model, collection: Collection, item: dict, position: int, document: Document) -> dict:
        """The item's values by the model's attribute names (a foreign key by its _id), without the late ones."""
        values = {}
        for f in collection.fields:
            if _is_late(model, collection, f):
                continue
            value = item.get(f.key)
            if value is None or value == "":
                value = f.default() if callable(f.default) else f.default
            elif f.convert:
                value = f.convert(value)
            model_field = model._meta.get_field(f.name)
            if f.ref is not None and model_field.many_to_one:
                target = self._resolved(f.ref, value, document) if value is not None else None
                value = target.pk if target is not None else None
            values[model_field.attname] = value
        if collection.position:
            name, step = collection.position
            values[name] = position * step
        return values

    def _resolved(self, ref: Ref, name, document: Document):
        if ref.resolve is None:
            return self._row(ref, name)
        cache_key = ("resolve", ref, name)
        if cache_key not in self._rows:
            try:
                self._rows[cache_key] = ref.resolve(self.model(ref.model), name, document.data)
            except Skip as exc:
                self._rows[cache_key] = exc
        found = self._rows[cache_key]
        if isinstance(found, Skip):
            raise found
        return found

    def _row(self, ref: Ref, name):
        cache_key = (ref, name)
        if cache_key not in self._rows or self._rows[cache_key] is None:
            self._rows[cache_key] = self.model(ref.model).objects.filter(**{ref.key: name}).first()
        return self._rows[cache_key]

    def _scope(self, model, collection: Collection, document: Document, parent) -> dict:
        scope = {}
        for name, value in (collection.scope(document.data) if collection.scope else {}).items():
            scope[model._meta.get_field(name).attname] = value.pk if isinstance(value, models.Model) else value
        if collection.parent:
            scope[model._meta.get_field(collection.parent).attname] = parent.pk if parent is not None else None
        return scope

    def _key_attnames(self, model, collection: Collection) -> list[str]:
        return [model._meta.get_field(collection.field(k).name).attname for k in collection.key]

    def _row_key(self, model, collection: Collection, row) -> tuple:
        return tuple(getattr(row, attname) for attname in self._key_attnames(model, collection))

    def _label(self, collection: Collection, item: dict, parent_label: str) -> str:
        own = "/".join(str(item.get(k)) for k in (collection.label or collection.key))
        return f"{parent_label}/{own}" if parent_label else own

    def _row_label(self, model, collection: Collection, row, parent_label: str) -> str:
        parts = []
        for key in collection.label or collection.key:
            f = collection.field(key)
            value = getattr(row, f.name)
            parts.append(str(getattr(value, f.ref.key) if isinstance(value, models.Model) and f.ref else value))
        own = "/".join(parts)
        return f"{parent_label}/{own}" if parent_label else own

    # --- staff edits ------------------------------------------------------------------------------------------------

    @staticmethod
    def _history(model):
        try:
            return model._meta.apps.get_model(model._meta.app_label, f"Historical{model._meta.object_name}")
        except LookupError:
            return None

    def _record(self, model, row, history_type: str) -> None:
        """A data migration's models record no history by themselves: the loader writes the record (without a
        user), so that a row's key is remembered from its first load (a rename by staff is then known)."""
        history = self._history(model)
        if history is None or hasattr(model, "history"):
            return  # the application's models record their own
        values = {f.attname: getattr(row, f.attname) for f in history._meta.fields
                  if not f.name.startswith("history_")}
        history.objects.create(**values, history_date=timezone.now(), history_type=history_type)

    def _edited_by_staff(self, model, row) -> bool:
        """Whether the row's latest change was made by a person (the loader's own changes have no user)."""
        history = self._history(model)
        if history is None:
            return False
        latest = history.objects.filter(id=row.pk).order_by("-history_date", "-history_id").first()
        return latest is not None and latest.history_user_id is not None

    def _removed_by_staff(self, model, lookup: dict) -> bool:
        """Whether a row that had this key was last changed by a person: deleted, or its key changed."""
        history = self._history(model)
        if history is None:
            return False
        for pk in set(history.objects.filter(**lookup).values_list("id", flat=True)):
            latest = history.objects.filter(id=pk).order_by("-history_date", "-history_id").first()
            if latest.history_user_id is not None:
                return True
        return False


# --- The command ----------------------------------------------------------------------------------------------------

class DataLoadCommand(BaseCommand):
    """The shape of every `load_*` command: `--dry-run`, `--reset`, one report, and a refusal naming the file, the
    line and the item of every mistake. A command sets `spec` (and `help`), or overrides `load` when its loader does
    more (a hook after the load, options of its own)."""

    spec: DataSpec | None = None
    show_unchanged = False  # also print how many items were already as the file has them

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; change nothing.")
        parser.add_argument("--reset", action="store_true",
                            help="Give the rows staff changed the file's values again, and create again the "
                                 "rows they deleted.")

    def handle(self, *args, dry_run=False, reset=False, **options):
        try:
            with transaction.atomic():
                result = self.load(reset=reset, dry_run=dry_run, **options)
        except DataFileInvalid as exc:
            raise CommandError(f"Nothing was loaded: the data file has mistakes.\n{exc}") from None
        self.report(result, dry_run=dry_run)

    def load(self, *, reset: bool, dry_run: bool, **options) -> LoadResult:
        return datafile_load(self.spec, reset=reset, dry_run=dry_run)

    def report(self, result: LoadResult, *, dry_run: bool) -> None:
        prefix = "Would have " if dry_run else ""
        self.stdout.write(f"{prefix}created: {', '.join(result.created) or '-'}")
        self.stdout.write(f"{prefix}updated: {', '.join(result.updated) or '-'}")
        if result.kept:
            self.stdout.write(f"kept (changed by staff; --reset to overwrite): {', '.join(result.kept)}")
        for reason, labels in result.skipped.items():
            self.stdout.write(f"skipped ({reason}): {', '.join(labels)}")
        if result.not_in_file:
            self.stdout.write(f"not in the file, left as they are (delete them in the admin if they are no longer "
                              f"wanted): {', '.join(result.not_in_file)}")
        if self.show_unchanged:
            self.stdout.write(f"unchanged: {len(result.unchanged)}")
