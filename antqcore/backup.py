"""Backups that restore (issue #13 part 2): one archive holds everything needed to bring the registry back.

`backup_create` writes `antq-backup-YYYYmmdd-HHMMSS.tar.gz` into ANTQ_BACKUP_DIR:
- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite: the online backup API), a
  consistent copy taken while the application keeps running;
- `media/…`: every file of MEDIA_ROOT (uploads, report PDFs and annexes);
- `manifest.json`: the version and the applied migrations, the database engine, the row count of every table of that
  same copy, and the SHA-256 and size of every other member.
It is written under a hidden temporary name and renamed when complete, with a `<archive>.sha256` file beside it
(`sha256sum -c` checks a copy kept elsewhere): an archive under its final name is always whole.

`backup_restore` brings an archive back into an empty database: it checks every member against the manifest before
touching anything, restores the database (`pg_restore --single-transaction`: all or nothing) and the files, then counts
every table again; any difference with the manifest fails loudly.

`backup_retention_apply` deletes the nightly archives past the retention rule, after a new one has been written
(antqcore.tasks.backup_nightly), never before.

Errors an operator must read are `BackupError`s with a translated message; the log (`antq.backup`) records what was
written, restored and deleted."""

import contextlib
import datetime
import fcntl
import hashlib
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connections, models
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("antq.backup")

FORMAT = "antq-backup/1"
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
ARCHIVE_PREFIX = "antq-backup-"
SAFETY_PREFIX = "antq-before-restore-"  # what a forced restore replaced; never deleted by the retention rule
ARCHIVE_RE = re.compile(r"^antq-backup-(\d{8}-\d{6})(?:-\d+)?\.tar\.gz$")
LOCK_NAME = ".antq-backup.lock"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that did not happen, with the reason an operator reads."""


@dataclass
class BackupResult:
    path: Path
    size: int
    sha256: str
    tables: dict[str, int]
    files: int
    media_bytes: int
    missing_media: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass
class RestoreResult:
    archive: Path
    engine: str
    tables: dict[str, int]
    files: int
    created_at: str
    target_empty: bool = True
    media_conflicts: list[str] = field(default_factory=list)
    safety_archive: Path | None = None
    migrations_to_apply: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# --- Helpers -------------------------------------------------------------------------------------------------------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Hashes what tarfile reads from a file, so that the manifest holds the checksum of the bytes archived."""

    def __init__(self, file):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def human_size(size: float) -> str:
    unit = "B"
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            break
        size /= 1024
    return f"{size:.0f} B" if unit == "B" else f"{size:.1f} {unit}"


def _app_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as f:
            return tomllib.load(f)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every stored file the records point at."""
    return [
        (model._meta.db_table, f.column)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    ]


@dataclass
class _State:
    """What the manifest says of a database: read from the very copy that is archived."""

    tables: dict[str, int]
    migrations: dict[str, list[str]]
    file_refs: set[str]
    server_version: str


def _count(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT count(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _read_state(cursor, tables: list[str], server_version: str) -> _State:
    counts = _count(cursor, tables)
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    refs = set()
    for table, column in _file_columns():
        if table in counts:
            cursor.execute(f"SELECT {_quote(column)} FROM {_quote(table)} "
                           f"WHERE {_quote(column)} IS NOT NULL AND {_quote(column)} <> ''")
            refs.update(row[0] for row in cursor.fetchall())
    return _State(counts, migrations, refs, server_version)


# --- Databases -----------------------------------------------------------------------------------------------------


class _Postgres:
    engine = "postgresql"
    dump_name = "database.dump"
    # Django's OPTIONS that libpq also reads from the environment (sslmode and its files, a service, a password file).
    LIBPQ_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
                     "sslkey": "PGSSLKEY", "sslcrl": "PGSSLCRL", "passfile": "PGPASSFILE", "service": "PGSERVICE",
                     "connect_timeout": "PGCONNECT_TIMEOUT", "options": "PGOPTIONS"}

    def __init__(self, connection):
        self.connection = connection
        self.settings = connection.settings_dict
        self.name = self.settings["NAME"]

    def env(self) -> dict[str, str]:
        """pg_dump and pg_restore connect with the configured settings, handed over in their environment: the
        password never appears on a command line (where `ps` would show it)."""
        env = dict(os.environ)
        for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                         ("NAME", "PGDATABASE")):
            if self.settings.get(key):
                env[var] = str(self.settings[key])
        for option, var in self.LIBPQ_OPTIONS.items():
            if self.settings.get("OPTIONS", {}).get(option):
                env[var] = str(self.settings["OPTIONS"][option])
        return env

    def check_tools(self, *programs: str) -> None:
        for program in programs:
            if not shutil.which(program):
                raise BackupError(_(
                    "%(program)s was not found on this machine: install the PostgreSQL client programs (Debian: "
                    "apt-get install postgresql-client) of the server's version or newer."
                ) % {"program": program})

    def _run(self, args: list[str]) -> None:
        proc = subprocess.run(args, env=self.env(), capture_output=True, text=True)
        if proc.returncode:
            error = (proc.stderr or proc.stdout).strip()[-2000:]
            raise BackupError(_("%(program)s failed (exit code %(code)s): %(error)s")
                              % {"program": args[0], "code": proc.returncode, "error": error})

    @contextlib.contextmanager
    def _raw(self) -> Iterator:
        # A connection of its own: the caller's transaction (a test's, a request's) neither sees nor hides anything.
        conn = self.connection.get_new_connection(self.connection.get_connection_params())
        try:
            conn.autocommit = False
            yield conn
        finally:
            conn.close()

    @staticmethod
    def _tables(cursor) -> list[str]:
        cursor.execute("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(current_schemas(false)) ORDER BY 1")
        return [row[0] for row in cursor.fetchall()]

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[tuple]:
        """A read-only transaction whose snapshot pg_dump shares: the counts and the dump see the same data."""
        with self._raw() as conn:
            cursor = conn.cursor()
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, version = cursor.fetchone()
            try:
                yield cursor, snapshot, version
            finally:
                conn.rollback()

    def inspect(self) -> _State:
        with self._snapshot() as (cursor, _snapshot_id, version):
            return _read_state(cursor, self._tables(cursor), version)

    def capture(self, dump: Path) -> _State:
        self.check_tools("pg_dump")
        with self._snapshot() as (cursor, snapshot_id, version):
            state = _read_state(cursor, self._tables(cursor), version)
            self._run(["pg_dump", "--format=custom", "--no-password", f"--snapshot={snapshot_id}",
                       f"--file={dump}"])
        return state

    def contents(self) -> dict[str, int]:
        with self._raw() as conn:
            cursor = conn.cursor()
            counts = _count(cursor, self._tables(cursor))
            conn.rollback()
        return counts

    def other_sessions(self) -> int:
        with self._raw() as conn:
            cursor = conn.cursor()
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")
            count = cursor.fetchone()[0]
            conn.rollback()
        return count

    def load(self, dump: Path, *, replace: bool) -> None:
        self.check_tools("pg_restore")
        if replace:
            with self._raw() as conn:
                cursor = conn.cursor()
                tables = self._tables(cursor)
                if tables:
                    cursor.execute("DROP TABLE IF EXISTS " + ", ".join(_quote(t) for t in tables) + " CASCADE")
                conn.commit()
        # One transaction: a dump that fails half-way leaves the database as empty as it was.
        # No owners, grants or comments: the restoring role owns what it creates (the schema has no comments of its
        # own; COMMENT ON EXTENSION would need the extension's owner).
        self._run(["pg_restore", "--no-owner", "--no-privileges", "--no-comments", "--exit-on-error",
                   "--single-transaction", "--no-password", f"--dbname={self.name}", str(dump)])
        with self._raw() as conn:  # pg_restore brings no planner statistics
            conn.autocommit = True
            conn.cursor().execute("ANALYZE")


class _Sqlite:
    engine = "sqlite"
    dump_name = "database.sqlite3"

    def __init__(self, connection):
        self.connection = connection
        self.name = str(connection.settings_dict["NAME"])
        if self.name in ("", ":memory:") or self.name.startswith("file:"):
            raise BackupError(_("The SQLite database %(name)s is not a file: there is nothing to back up or restore "
                                "into.") % {"name": self.name or "(memory)"})
        self.path = Path(self.name)

    def check_tools(self, *programs: str) -> None:
        """SQLite needs no program: Python's sqlite3 module does it all."""

    @staticmethod
    def _tables(conn) -> list[str]:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                            "ORDER BY name")
        return [row[0] for row in rows]

    def _state(self, conn) -> _State:
        version = sqlite3.sqlite_version
        return _read_state(conn.cursor(), self._tables(conn), version)

    def inspect(self) -> _State:
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            return self._state(conn)
        finally:
            conn.close()

    def capture(self, dump: Path) -> _State:
        if not self.path.exists():
            raise BackupError(_("The SQLite database %(name)s does not exist.") % {"name": self.name})
        # The online backup API copies a consistent state of the database while others keep using it.
        source, copy = sqlite3.connect(self.path, timeout=30), sqlite3.connect(dump)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            return self._state(copy)
        finally:
            source.close()
            copy.close()

    def contents(self) -> dict[str, int]:
        if not self.path.exists() or self.path.stat().st_size == 0:
            return {}
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            return _count(conn.cursor(), self._tables(conn))
        finally:
            conn.close()

    def other_sessions(self) -> int:
        return 0  # SQLite cannot tell; the deploy guide says to stop the services first

    def load(self, dump: Path, *, replace: bool) -> None:
        # The backup API again, the other way: every page of the database is replaced in one step.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        source, target = sqlite3.connect(dump), sqlite3.connect(self.path, timeout=30)
        try:
            source.backup(target)
        except sqlite3.Error as exc:
            raise BackupError(_("The SQLite database could not be written: %(error)s") % {"error": exc}) from exc
        finally:
            source.close()
            target.close()


def _database():
    connection = connections["default"]
    if connection.vendor == "postgresql":
        return _Postgres(connection)
    if connection.vendor == "sqlite":
        return _Sqlite(connection)
    raise BackupError(_("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": connection.vendor})


# --- Media ---------------------------------------------------------------------------------------------------------


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[tuple[str, Path]]:
    """(name inside MEDIA_ROOT, path) of every regular file, in a fixed order. Links are not followed."""
    found = []
    if not root.is_dir():
        return found
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                logger.warning("Backup: %s is not a regular file, left out", path)
                continue
            found.append((path.relative_to(root).as_posix(), path))
    return found


# --- Backup --------------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _lock(folder: Path) -> Iterator[None]:
    with (folder / LOCK_NAME).open("a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BackupError(_("Another backup is being written into %(folder)s: try again when it has finished.")
                              % {"folder": folder}) from exc
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _remove_leftovers(folder: Path) -> None:
    """What a backup killed half-way left behind (the lock is ours, so no other backup is writing)."""
    for path in folder.glob(".antq-*"):
        if path.name == LOCK_NAME:
            continue
        shutil.rmtree(path) if path.is_dir() else path.unlink()
        logger.warning("Backup: removed %s, left by an interrupted backup", path)
    for sidecar in folder.glob("antq-*.tar.gz.sha256"):
        if not sidecar.with_suffix("").exists():
            sidecar.unlink()


def _new_name(folder: Path, prefix: str, now: datetime.datetime) -> str:
    stamp = f"{prefix}{timezone.localtime(now):%Y%m%d-%H%M%S}"
    name, n = f"{stamp}.tar.gz", 1
    while (folder / name).exists():
        n += 1
        name = f"{stamp}-{n}.tar.gz"
    return name


def _check_folder(folder: Path) -> None:
    media = _media_root().resolve()
    if folder.resolve().is_relative_to(media):
        raise BackupError(_("The backup folder %(folder)s lies inside MEDIA_ROOT (%(media)s): each archive would "
                            "hold the previous ones. Choose another ANTQ_BACKUP_DIR.")
                          % {"folder": folder, "media": media})


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict:
    stat = path.stat()
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o640
    with path.open("rb") as f:
        reader = _HashingReader(f)
        tar.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": stat.st_size}


def backup_create(*, output_dir: Path | str | None = None, dry_run: bool = False,
                  prefix: str = ARCHIVE_PREFIX) -> BackupResult:
    """Write one archive of the database and MEDIA_ROOT into `output_dir` (ANTQ_BACKUP_DIR by default)."""
    folder = Path(output_dir or settings.ANTQ_BACKUP_DIR)
    _check_folder(folder)
    database = _database()
    media_root = _media_root()
    now = timezone.now()
    if dry_run:
        database.check_tools("pg_dump")
        state = database.inspect()
        media = _media_files(media_root)
        return BackupResult(path=folder / _new_name(folder, prefix, now), size=0, sha256="", tables=state.tables,
                            files=len(media),
                            media_bytes=sum(p.stat().st_size for _n, p in media),
                            missing_media=sorted(state.file_refs - {n for n, _p in media}), dry_run=True)

    folder.mkdir(parents=True, exist_ok=True)
    with _lock(folder):
        _remove_leftovers(folder)
        name = _new_name(folder, prefix, now)
        final, partial, sidecar = folder / name, folder / f".{name}.partial", folder / f"{name}.sha256"
        work = Path(tempfile.mkdtemp(prefix=".antq-work-", dir=folder))
        try:
            dump = work / database.dump_name
            state = database.capture(dump)
            files: dict[str, dict] = {}
            media_bytes = 0
            with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
                files[database.dump_name] = _add_file(tar, dump, database.dump_name)
                dump.unlink()
                for rel, path in _media_files(media_root):
                    try:
                        files[MEDIA_PREFIX + rel] = entry = _add_file(tar, path, MEDIA_PREFIX + rel)
                    except FileNotFoundError:  # deleted since the folder was listed: its record is gone too
                        continue
                    media_bytes += entry["size"]
                media_names = {n.removeprefix(MEDIA_PREFIX) for n in files if n.startswith(MEDIA_PREFIX)}
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.localtime(now).isoformat(),
                    "app": {"name": "antq", "version": _app_version()},
                    "migrations": state.migrations,
                    "database": {"engine": database.engine, "server_version": state.server_version,
                                 "name": Path(database.name).name, "dump": database.dump_name},
                    "tables": state.tables,
                    "rows": sum(state.tables.values()),
                    "media": {"files": len(media_names), "bytes": media_bytes,
                              "missing": sorted(state.file_refs - media_names)},
                    "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o640
                tar.addfile(info, io.BytesIO(data))
            _fsync(partial)
            digest = _sha256_file(partial)
            sidecar.write_text(f"{digest}  {name}\n", encoding="ascii")
            os.replace(partial, final)  # complete: only now does it carry an archive's name
            _fsync(folder)
        except BaseException as exc:
            partial.unlink(missing_ok=True)
            sidecar.unlink(missing_ok=True)
            if isinstance(exc, OSError | sqlite3.Error):  # a full disk, an unreadable file, a locked database
                raise BackupError(_("The archive could not be written: %(error)s. No archive was left behind.")
                                  % {"error": exc}) from exc
            raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
    result = BackupResult(path=final, size=final.stat().st_size, sha256=digest, tables=state.tables,
                          files=len(media_names), media_bytes=media_bytes,
                          missing_media=manifest["media"]["missing"])
    logger.info("Backup written: %s (%s, sha256 %s, %d tables, %d rows, %d files)", final, human_size(result.size),
                digest, len(result.tables), result.rows, result.files)
    if result.missing_media:
        logger.warning("Backup: %d stored files named by records are missing from MEDIA_ROOT, e.g. %s",
                       len(result.missing_media), result.missing_media[0])
    return result


# --- Restore -------------------------------------------------------------------------------------------------------


DUMP_NAMES = (_Postgres.dump_name, _Sqlite.dump_name)


def _member_is_safe(member: tarfile.TarInfo) -> bool:
    name = member.name
    path = PurePosixPath(name)
    if not (member.isfile() or member.isdir()) or not name or "\\" in name or "\x00" in name:
        return False
    if path.is_absolute() or ".." in path.parts or name.startswith("/"):
        return False
    if member.isdir():
        return name.rstrip("/") == "media" or name.startswith(MEDIA_PREFIX)
    return name in (MANIFEST, *DUMP_NAMES) or (name.startswith(MEDIA_PREFIX) and len(path.parts) > 1)


def _unpack_verified(archive: Path, staging: Path) -> dict:
    """Every member into `staging`, each checked against the manifest. Raises before anything else is touched."""
    digests: dict[str, dict] = {}
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                if not _member_is_safe(member):
                    raise BackupError(_(
                        "The archive holds a member that may not be restored: %(name)s (an absolute path, “..”, a "
                        "link, a device or a name outside the archive's layout). Nothing was restored."
                    ) % {"name": member.name})
                if member.isdir():
                    continue
                if member.name in digests:
                    raise BackupError(_("The archive holds %(name)s twice. Nothing was restored.")
                                      % {"name": member.name})
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with tar.extractfile(member) as src, target.open("wb") as dst:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        dst.write(chunk)
                digests[member.name] = {"sha256": digest.hexdigest(), "size": member.size}
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(_("%(path)s is not a complete backup archive (%(error)s). Nothing was restored.")
                          % {"path": archive, "error": exc}) from exc
    try:
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
        listed = manifest["files"]
        engine = manifest["database"]["engine"]
        dump_name = manifest["database"]["dump"]
        if manifest["format"] != FORMAT or not isinstance(manifest["tables"], dict):
            raise ValueError(manifest["format"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(_("%(path)s has no readable manifest of this version: it is not an ANTQ backup archive. "
                            "Nothing was restored.") % {"path": archive}) from exc
    problems = []
    for name in sorted(set(listed) | (set(digests) - {MANIFEST})):
        if name not in digests:
            problems.append(_("%(name)s: listed in the manifest, missing from the archive") % {"name": name})
        elif name not in listed:
            problems.append(_("%(name)s: in the archive, not in the manifest") % {"name": name})
        elif digests[name] != {"sha256": listed[name].get("sha256"), "size": listed[name].get("size")}:
            problems.append(_("%(name)s: its checksum differs from the manifest's") % {"name": name})
    if dump_name not in digests or engine not in (_Postgres.engine, _Sqlite.engine):
        problems.append(_("the database dump: missing"))
    if problems:
        raise BackupError(_("The archive is damaged or has been altered: %(problems)s. Nothing was restored.")
                          % {"problems": "; ".join(problems[:20])})
    return manifest


def _check_sidecar(archive: Path) -> None:
    sidecar = archive.with_name(archive.name + ".sha256")
    if not sidecar.exists():
        return
    expected = sidecar.read_text(encoding="ascii", errors="replace").split()[:1]
    if expected != [_sha256_file(archive)]:
        raise BackupError(_("The archive does not match its checksum file %(sidecar)s: it is damaged or incomplete. "
                            "Nothing was restored.") % {"sidecar": sidecar})


def _migration_gaps(manifest: dict) -> tuple[list[str], list[str]]:
    """(applied in the archive but unknown to this code, known to this code but not applied in the archive)."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    archived = {(app, name) for app, names in manifest.get("migrations", {}).items() for name in names}
    # Only the apps of this project and its libraries count; a squashed migration's replaced names may linger.
    unknown = sorted(f"{a}.{n}" for a, n in archived - known if a in {k[0] for k in known})
    missing = sorted(f"{a}.{n}" for a, n in known - archived)
    return unknown, missing


def _media_conflicts(manifest: dict, media_root: Path) -> list[str]:
    conflicts = []
    for name in manifest["files"]:
        if name.startswith(MEDIA_PREFIX):
            target = media_root / name.removeprefix(MEDIA_PREFIX)
            if target.exists() and (not target.is_file() or _sha256_file(target) != manifest["files"][name]["sha256"]):
                conflicts.append(name.removeprefix(MEDIA_PREFIX))
    return sorted(conflicts)


def _media_place(manifest: dict, staging: Path, media_root: Path) -> None:
    root = media_root.resolve()
    for name in sorted(manifest["files"]):
        if not name.startswith(MEDIA_PREFIX):
            continue
        target = media_root / name.removeprefix(MEDIA_PREFIX)
        if not target.resolve().is_relative_to(root):  # a folder of MEDIA_ROOT that is a link out of it
            raise BackupError(_("%(name)s would be written outside MEDIA_ROOT: refused.") % {"name": name})
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.restoring")
        shutil.move(staging / name, temporary)
        os.replace(temporary, target)


def _verify_restored(database, manifest: dict, media_root: Path) -> list[str]:
    problems = []
    counts = database.contents()
    for table in sorted(set(counts) | set(manifest["tables"])):
        archived, restored = manifest["tables"].get(table), counts.get(table)
        if archived != restored:
            problems.append(_("table %(table)s: %(archived)s rows in the archive, %(restored)s in the database")
                            % {"table": table, "archived": "—" if archived is None else archived,
                               "restored": "—" if restored is None else restored})
    for name, entry in sorted(manifest["files"].items()):
        if name.startswith(MEDIA_PREFIX):
            target = media_root / name.removeprefix(MEDIA_PREFIX)
            if not target.is_file() or _sha256_file(target) != entry["sha256"]:
                problems.append(_("%(name)s: missing or different in MEDIA_ROOT") % {"name": name})
    return problems


def backup_restore(*, archive: Path | str, force: bool = False, dry_run: bool = False) -> RestoreResult:
    """Bring an archive back into the configured (empty) database and MEDIA_ROOT, then check it against its
    manifest. With `force`, a database that holds data is first saved to a new archive, then replaced."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("There is no archive at %(path)s.") % {"path": archive})
    media_root = _media_root()
    _check_sidecar(archive)
    staging = Path(tempfile.mkdtemp(prefix="antq-restore-"))
    try:
        manifest = _unpack_verified(archive, staging)
        database = _database()
        engine = manifest["database"]["engine"]
        if engine != database.engine:
            raise BackupError(_(
                "The archive holds a %(archive)s database and this installation uses %(current)s: restore it into a "
                "%(archive)s database (DATABASE_URL). Nothing was restored."
            ) % {"archive": engine, "current": database.engine})
        unknown, missing = _migration_gaps(manifest)
        if unknown:
            raise BackupError(_(
                "The archive was made by a newer version of ANTQ (migrations this code does not have: %(names)s): "
                "deploy that version first. Nothing was restored."
            ) % {"names": ", ".join(unknown[:10])})
        current = database.contents()
        conflicts = _media_conflicts(manifest, media_root)
        result = RestoreResult(archive=archive, engine=engine, tables=manifest["tables"],
                               files=sum(n.startswith(MEDIA_PREFIX) for n in manifest["files"]),
                               created_at=manifest.get("created_at", ""), target_empty=not current,
                               media_conflicts=conflicts, migrations_to_apply=missing, dry_run=dry_run)
        if dry_run:
            return result
        database.check_tools("pg_restore")
        others = database.other_sessions()
        if others:
            raise BackupError(_(
                "%(count)s other connections to the database %(name)s are open: stop web, worker and beat before a "
                "restore. Nothing was restored."
            ) % {"count": others, "name": database.name})
        if current and not force:
            raise BackupError(_(
                "The database %(name)s is not empty (%(tables)s tables, %(rows)s rows): a restore writes only into "
                "an empty database. Point DATABASE_URL at a new, empty database, or pass --force to replace its "
                "contents (they are first saved to a new archive). Nothing was restored."
            ) % {"name": database.name, "tables": len(current), "rows": sum(current.values())})
        if conflicts and not force:
            raise BackupError(_(
                "MEDIA_ROOT already holds different files under the names of the archive's (%(names)s): pass "
                "--force to replace them. Nothing was restored."
            ) % {"names": ", ".join(conflicts[:5])})
        if current:
            try:
                result.safety_archive = backup_create(prefix=SAFETY_PREFIX).path
            except BackupError as exc:
                raise BackupError(_("The current contents could not be saved before replacing them (%(error)s). "
                                    "Nothing was restored.") % {"error": exc}) from exc
            logger.warning("Restore: the database's previous contents were saved to %s", result.safety_archive)
        connections.close_all()
        try:
            database.load(staging / manifest["database"]["dump"], replace=bool(current))
        except BackupError as exc:
            if result.safety_archive:
                raise BackupError(_("%(error)s The database's previous contents are in %(path)s.")
                                  % {"error": exc, "path": result.safety_archive}) from exc
            raise
        _media_place(manifest, staging, media_root)
        problems = _verify_restored(database, manifest, media_root)
        if problems:
            logger.error("Restore of %s FAILED its check: %s", archive, "; ".join(problems))
            raise BackupError(_("The restore of %(path)s does NOT match its manifest: %(problems)s.")
                              % {"path": archive, "problems": "; ".join(problems[:20])})
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    logger.info("Restored %s: %d tables, %d rows, %d files, all equal to the manifest", archive, len(result.tables),
                result.rows, result.files)
    return result


# --- Retention -----------------------------------------------------------------------------------------------------


def _archive_time(name: str) -> datetime.datetime | None:
    match = ARCHIVE_RE.match(name)
    return datetime.datetime.strptime(match[1], "%Y%m%d-%H%M%S") if match else None


def backup_retention_select(*, names: Iterable[str], keep_daily: int, keep_monthly: int) -> tuple[list[str], list[str]]:
    """(kept, deleted) among nightly archive names: the newest archive of each of the last `keep_daily` days that
    have one, the newest of each of the last `keep_monthly` months, and always the newest of all."""
    stamped = sorted(((t, n) for n in names if (t := _archive_time(n))), reverse=True)
    keep: set[str] = {stamped[0][1]} if stamped else set()
    days: set[datetime.date] = set()
    months: set[tuple[int, int]] = set()
    for when, name in stamped:
        if when.date() not in days:
            days.add(when.date())
            if len(days) <= keep_daily:
                keep.add(name)
        if (when.year, when.month) not in months:
            months.add((when.year, when.month))
            if len(months) <= keep_monthly:
                keep.add(name)
    return ([n for _t, n in stamped if n in keep], [n for _t, n in stamped if n not in keep])


def backup_retention_apply(*, directory: Path | str | None = None, keep_daily: int | None = None,
                           keep_monthly: int | None = None, dry_run: bool = False) -> list[Path]:
    """Delete the archives of `directory` past the retention rule (archives named otherwise, such as the copies a
    forced restore saves, are never touched). Returns what was (or would be) deleted."""
    folder = Path(directory or settings.ANTQ_BACKUP_DIR)
    keep_daily = settings.ANTQ_BACKUP_KEEP_DAILY if keep_daily is None else keep_daily
    keep_monthly = settings.ANTQ_BACKUP_KEEP_MONTHLY if keep_monthly is None else keep_monthly
    names = [p.name for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
    _kept, deleted = backup_retention_select(names=names, keep_daily=keep_daily, keep_monthly=keep_monthly)
    paths = [folder / name for name in deleted]
    if not dry_run:
        for path in paths:
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".sha256").unlink(missing_ok=True)
            logger.info("Backup retention (%d daily, %d monthly): deleted %s", keep_daily, keep_monthly, path)
    return paths
