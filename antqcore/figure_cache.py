"""Figures computed once per state of the data (#20).

A figure's value for an area, a period and its options changes only when the records it reads change. Each registry
— an app whose records figures count (units, certification, incidents…), and "areas" (Area and AreaSuccession,
which every figure reads) — has a version (antqcore.models.DataVersion), and a figure's value is cached under the
versions of the registries it reads (`antqcore.stats.Figure.reads`). A write makes the old entry unreachable:
nothing is ever deleted by hand, so no write path can forget to.

The database bumps the versions itself: a trigger on every table of a registry (installed after every migrate, see
antqcore.apps) gives the registry a new version inside the transaction that writes, whatever writes — a save, a
QuerySet.update, bulk_create, an Excel import, the demo seeding, a migration, raw SQL. The new version becomes
visible exactly when the new records do. A reader reads the versions before it computes: either it sees the new
versions with the new records, or it sees the old ones and what it stores under them is unreachable once the write
commits. On PostgreSQL the trigger fires once per statement (a bulk update sets one version); SQLite (`make run`) has
only row triggers, cheap there since its writes are serialised anyway. Another database has no triggers: the cache
is off there.

A version is a random 63-bit number, not a counter: a rolled-back write, or a database made again (the tests), would
bring a counter back to a number some cached value was computed under with other records.

The price: a writer holds its registry's version row from its first write to its commit, so two transactions
writing the same registry queue for each other (an import holds it while it runs); readers never wait."""

import datetime
import functools
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import InvalidCacheBackendError
from django.db import connections, transaction

from .compute_cache import cached

AREAS = "areas"
AREA_MODELS = ("antqcore.Area", "antqcore.AreaSuccession")
TRIGGER = "antq_data_version"
VENDORS = ("postgresql", "sqlite")


def registry_of_module(module: str) -> str:
    """The registry of the records a function of `module` reads: its app, "areas" for antqcore's own figures."""
    config = apps.get_containing_app_config(module)
    if config is None:
        raise ValueError(f"{module} belongs to no installed app")
    return AREAS if config.label == "antqcore" else config.label


def registry_models(registry: str) -> list:
    """The models whose writes change the registry's records (many-to-many tables included)."""
    if registry == AREAS:
        models = [apps.get_model(label) for label in AREA_MODELS]
        models += [f.remote_field.through for m in models for f in m._meta.local_many_to_many]
    else:
        models = list(apps.get_app_config(registry).get_models(include_auto_created=True))
    return [m for m in models if m._meta.managed and not m._meta.proxy]


def registry_tables(registry: str) -> list[str]:
    return sorted({m._meta.db_table for m in registry_models(registry)})


def install_triggers(*, using: str = "default", registries: Iterable[str]) -> None:
    """Creates the registries' version rows and the triggers that bump them (again after each migrate: a migration
    that rebuilt a table on SQLite dropped its triggers)."""
    from .models import DataVersion

    connection = connections[using]
    if connection.vendor not in VENDORS:
        return
    quote = connection.ops.quote_name
    versions = quote(DataVersion._meta.db_table)
    new_version = ("(random() * 4e18)::bigint" if connection.vendor == "postgresql"
                   else "random()")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                           f"UPDATE {versions} SET version = {new_version} WHERE registry = TG_ARGV[0]; "
                           "RETURN NULL; END $$")
        for registry in registries:
            # Only when missing: a registry keeps its version across migrations, and its cached figures with it.
            cursor.execute(f"INSERT INTO {versions} (registry, version) SELECT %s, {new_version} "
                           f"WHERE NOT EXISTS (SELECT 1 FROM {versions} WHERE registry = %s)", [registry, registry])
            for table in registry_tables(registry):
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quote(table)}")
                    cursor.execute(f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
                                   f"{quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}('{registry}')")
                    continue
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = quote(f"{TRIGGER}_{table}_{event.lower()}")
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(f"CREATE TRIGGER {name} AFTER {event} ON {quote(table)} BEGIN UPDATE {versions} "
                                   f"SET version = {new_version} WHERE registry = '{registry}'; END")


def installed_triggers(*, using: str = "default") -> set[str]:
    """The tables that have the version trigger (the tests check every registry table has it)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE t.tgname = %s", [TRIGGER])
        else:
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                           [f"{TRIGGER}_%"])
        return {row[0] for row in cursor.fetchall()}


def enabled(using: str = "default") -> bool:
    return settings.ANTQ_FIGURE_CACHE and connections[using].vendor in VENDORS


def data_versions() -> dict[str, int]:
    """{registry: version}, in one small query, once per computation (an outer compute_cache shares it: the
    dashboard reads the versions once for its dozen computations)."""
    from .models import DataVersion

    return cached(("data-versions",), lambda: dict(DataVersion.objects.values_list("registry", "version")))


_AREA_MEMO: dict = {}
AREA_MEMO_SIZE = 20_000


def through_areas_version(key: tuple, compute: Callable[[], object]):
    """`compute()` once per state of the areas and this process: what is derived from the map alone (an area's
    coverage, which every scoped page and API request asks) is kept in this process's memory under the areas'
    version, read with one small query; where the cache is off, computed every time."""
    if not enabled():
        return compute()
    version = data_versions().get(AREAS)
    if version is None:
        return compute()
    memo_key = (connections["default"].settings_dict["NAME"], version, *key)
    try:
        return _AREA_MEMO[memo_key]
    except KeyError:
        pass
    value = compute()
    if len(_AREA_MEMO) >= AREA_MEMO_SIZE:
        _AREA_MEMO.clear()
    _AREA_MEMO[memo_key] = value
    return value


def store():
    """The cache alias "figures" where settings define it (Redis, or this process's memory with room for the
    figures of many areas and periods), else the default cache."""
    try:
        return caches["figures"]
    except InvalidCacheBackendError:
        return caches["default"]


@functools.cache
def code_fingerprint() -> str:
    """A digest of the code that counts figures (the project's Python files outside migrations and tests): a value
    cached in Redis by the code of yesterday is not read by the code of today."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        path = Path(config.path)
        if root not in path.parents:
            continue
        for source in sorted(path.rglob("*.py")):
            if "migrations" not in source.parts and "tests" not in source.parts:
                digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def entry_key(*, name: str, reads: Iterable[str], place: str, versions: dict[str, int]) -> str | None:
    """The key of one figure's value: its name, the place (area, period, options) and the versions of what it reads;
    None when a registry it reads has no version yet (computed then, not cached)."""
    try:
        read = ",".join(f"{registry}={versions[registry]:x}" for registry in sorted(reads))
    except KeyError:
        return None
    return f"fig:{code_fingerprint()}:{name}:{place}:{read}"


def values_through_cache(entries: dict[str, tuple[str, Iterable[str]]], *, place: str,
                         compute: Callable[[str], object]) -> dict[str, object]:
    """{key: value} for `entries` ({key: (its name in the cache, the registries it reads)}): the values cached under
    the current versions, in one cache read, and `compute(key)` for the others, stored in one cache write."""
    if not enabled():
        return {key: compute(key) for key in entries}
    versions = data_versions()
    cache_keys = {key: entry_key(name=name, reads=reads, place=place, versions=versions)
                  for key, (name, reads) in entries.items()}
    found = store().get_many([cache_key for cache_key in cache_keys.values() if cache_key])
    values, computed = {}, {}
    for key, cache_key in cache_keys.items():
        if cache_key in found:
            values[key] = found[cache_key]
        else:
            values[key] = computed[cache_key] = compute(key)
    computed.pop(None, None)
    if computed:
        store().set_many(computed, timeout=settings.ANTQ_FIGURE_CACHE_SECONDS)
    return values


def value_through_cache(name: str, *, place: str, compute: Callable[[], object]) -> object:
    """`compute()` once per state of all the data: for what is built of many figures and a few queries of several
    registries (the home page's dashboard with its charts drawn), kept under the versions of every registry, so
    that any write anywhere recomputes it. Computed every time where the cache is off."""
    if not enabled():
        return compute()
    versions = data_versions()
    # Every registry's version makes a long key: hashed, so that any cache backend takes it (memcached: 250 bytes).
    long_key = entry_key(name=name, reads=versions, place=place, versions=versions)
    cache_key = f"whole:{name}:{hashlib.sha256(long_key.encode()).hexdigest()}"
    value = store().get(cache_key)
    if value is None:
        value = compute()
        store().set(cache_key, value, timeout=settings.ANTQ_FIGURE_CACHE_SECONDS)
    return value


def place_key(*, area_pk: int, start: datetime.date, end: datetime.date, count_successors: bool) -> str:
    return f"{area_pk}:{start:%Y%m%d}-{end:%Y%m%d}:{'s' if count_successors else '-'}"
