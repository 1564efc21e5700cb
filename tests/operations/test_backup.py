"""Backups that restore (issue #13 part 2).

`manage.py backup` and `manage.py restore` run in subprocesses against databases they can see: a source database
created for this module and seeded once with the demo data (migrated, the areas of Bắc Giang and Bắc Ninh, seed_demo,
an uploaded document, a report's PDF and Excel annex), never pytest's test transaction. The archive is restored
into another, new database, and every table's rows (an ordered hash of every row, and PostgreSQL's sequences) and
every file's bytes must be equal on both sides.

The demo is seeded once, in PostgreSQL, starting from a copy of the session's freshly migrated test database; the
SQLite source, migrated meanwhile, gets the same rows copied field by field and the same files (seeding it too
took as long again). Without PostgreSQL, the SQLite source is seeded itself. Seeding is most of the time: about 30 s
on an idle machine, and 10 s the copy.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]

# Run by `manage.py shell -c` in the source database after seed_demo: an uploaded directive document and a generated
# report with its PDF and annex, stored the way the application stores them.
MEDIA_SCRIPT = r"""
import datetime, os, random
from django.conf import settings
from antqcore.models import Area
from coordination.models import Document
from reports.models import ReportRun, ReportTemplate

def put(name, data):
    path = os.path.join(settings.MEDIA_ROOT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return name

rng = random.Random(13)
blob = bytes(rng.getrandbits(8) for _ in range(300_000))
doc = Document.objects.order_by("pk").first()
Document.objects.filter(pk=doc.pk).update(
    file=put("documents/2019/5f0c1e2d3b4a59687766554433221100.pdf", b"%PDF-1.4\n" + blob[:40_000]),
    file_name="Công văn 1010-UBND-NC.pdf")
template = ReportTemplate.objects.filter(active=True).order_by("pk").first()
run = ReportRun.objects.create(
    template=template, kind=template.kind, area=Area.objects.get(path="L.24"), map_date=datetime.date(2019, 9, 30),
    period_start=datetime.date(2014, 8, 15), period_end=datetime.date(2019, 9, 30), issuer="BAN CHỈ ĐẠO",
    place="Bắc Giang", title="BÁO CÁO", status="done", progress=100)
ReportRun.objects.filter(pk=run.pk).update(
    pdf=put("reports/2019/9a8b7c6d5e4f30211203f4e5d6c7b8a9.pdf", b"%PDF-1.7\n" + blob),
    xlsx=put("reports/2019/9a8b7c6d5e4f30211203f4e5d6c7b8a9.xlsx", b"PK\x03\x04" + blob[::-1]))
print("media seeded")
"""


@dataclass
class Site:
    """One installation as the commands see it: a database, a MEDIA_ROOT and a backup folder."""

    database_url: str
    media: Path
    backups: Path
    extra_env: dict = field(default_factory=dict)

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
        env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=self.database_url,
                   MEDIA_ROOT=str(self.media), ANTQ_BACKUP_DIR=str(self.backups), **self.extra_env)
        return env

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True,
                              text=True, timeout=900)
        if check and proc.returncode:
            pytest.fail(f"manage.py {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return proc

    def archives(self) -> list[Path]:
        return sorted(self.backups.glob("antq-backup-*.tar.gz")) if self.backups.exists() else []


def new_site(tmp: Path, database_url: str) -> Site:
    return Site(database_url=database_url, media=tmp / "media", backups=tmp / "backups")


# Run by `manage.py shell -c` in the migrated SQLite source: every model's rows, read through its fields from the
# seeded PostgreSQL source (ANTQ_COPY_FROM), replace those `migrate` wrote, each value written as Django writes it.
COPY_SCRIPT = r"""
import os
import environ
from django.apps import apps
from django.db import connections, transaction

# A second connection, given the defaults Django gives the settings' own.
connections.settings["source"] = connections.configure_settings(
    {"default": environ.Env.db_url_config(os.environ["ANTQ_COPY_FROM"])})["default"]
target = connections["default"]
copied = 0
with transaction.atomic(), target.cursor() as cursor:  # SQLite checks the foreign keys at the commit
    for model in apps.get_models(include_auto_created=True):
        fields = model._meta.concrete_fields
        table = target.ops.quote_name(model._meta.db_table)
        columns = ", ".join(target.ops.quote_name(f.column) for f in fields)
        rows = [[f.get_db_prep_save(value, connection=target) for f, value in zip(fields, row)]
                for row in model._base_manager.using("source").order_by().values_list(*(f.attname for f in fields))]
        cursor.execute(f"DELETE FROM {table}")
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", rows)
        copied += len(rows)
print(f"copied {copied} rows")
"""


def seed(site: Site) -> None:
    """The demo and the media files, in a database that has the areas of Bắc Giang and Bắc Ninh."""
    site.manage("seed_demo")
    site.manage("shell", "-c", MEDIA_SCRIPT)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def backup(site: Site) -> Path:
    before = set(site.archives())
    out = site.manage("backup").stdout
    (archive,) = set(site.archives()) - before
    assert archive.name in out
    return archive


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def assert_manifest_covers_every_model(manifest: dict) -> None:
    from django.apps import apps

    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    assert tables - set(manifest["tables"]) == set(), "tables of models missing from the manifest"
    for table in ("auth_permission", "django_celery_beat_periodictask", "units_historicalunit", "reports_reportrun",
                  "reports_historicalreportrun", "django_migrations"):
        assert table in manifest["tables"]
    assert manifest["tables"]["units_unit"] > 1500


# --- PostgreSQL ----------------------------------------------------------------------------------------------------


def _postgres_missing() -> str:
    """Why the PostgreSQL backup tests cannot run here ("" when they can)."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return ("the PostgreSQL backup tests need DATABASE_URL=postgres://… (a server where they may create "
                "databases)")
    for program in ("pg_dump", "pg_restore"):
        if not shutil.which(program):
            return f"{program} is not installed (Debian: apt-get install postgresql-client)"
    return ""


def _postgres_url() -> str:
    if missing := _postgres_missing():
        skip_or_fail(missing, "ANTQ_REQUIRE_SERVICES")
    return os.environ["DATABASE_URL"]


class Postgres:
    """Creates and drops the module's databases, named after the configured one (antq_h → antq_h_bk_src…) and the
    pytest-xdist worker (antq_h_gw1_bk_src…): the module's tests may run on both workers, each with its sources."""

    def __init__(self, url: str):
        self.url = urlsplit(url)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        self.base = (self.url.path.lstrip("/") or "antq") + (f"_{worker}" if worker else "")
        self.created: list[str] = []

    def url_for(self, name: str) -> str:
        return urlunsplit(self.url._replace(path="/" + name))

    def _admin(self):
        import psycopg2

        conn = psycopg2.connect(host=self.url.hostname, port=self.url.port or 5432, user=self.url.username,
                                password=self.url.password, dbname="postgres")
        conn.autocommit = True
        return conn

    def create(self, suffix: str, copy_of: str = "") -> str:
        name = f"{self.base}_bk_{suffix}"
        template = f' TEMPLATE "{urlsplit(copy_of).path.lstrip("/")}"' if copy_of else ""
        conn = self._admin()
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{name}"{template}')
        conn.close()
        self.created.append(name)
        return self.url_for(name)

    def drop_all(self) -> None:
        conn = self._admin()
        with conn.cursor() as cur:
            for name in self.created:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()

    def query(self, url: str, sql: str) -> list[tuple]:
        import psycopg2

        u = urlsplit(url)
        conn = psycopg2.connect(host=u.hostname, port=u.port or 5432, user=u.username, password=u.password,
                                dbname=u.path.lstrip("/"))
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
                return cur.fetchall()
        finally:
            conn.close()

    def tables(self, url: str) -> list[str]:
        return [r[0] for r in self.query(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                              "ORDER BY tablename")]

    def fingerprint(self, url: str) -> dict[str, tuple]:
        """Every table's row count and a hash of its rows in a fixed order, and every sequence's position."""
        parts = [
            f"SELECT '{t}', count(*), md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) "
            f'FROM "{t}" x'
            for t in self.tables(url)
        ]
        rows = self.query(url, " UNION ALL ".join(parts))
        sequences = self.query(url, "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        return {name: (count, digest) for name, count, digest in rows} | {
            f"sequence {name}": (value,) for name, value in sequences
        }


@pytest.fixture(scope="module")
def postgres():
    server = Postgres(_postgres_url())
    yield server
    server.drop_all()


@pytest.fixture(scope="module")
def pg_source(postgres, sqlite_migrating, migrated_database, tmp_path_factory) -> Site:
    site = new_site(tmp_path_factory.mktemp("pg-source"),
                    postgres.create("src", copy_of=postgres.url_for(migrated_database)))
    seed(site)
    return site


@pytest.fixture(scope="module")
def pg_archive(pg_source) -> Path:
    return backup(pg_source)


def test_a_postgres_backup_restores_every_row_and_file_into_another_database(postgres, pg_source, pg_archive,
                                                                              tmp_path):
    manifest = manifest_of(pg_archive)
    assert manifest["database"]["engine"] == "postgresql"
    assert_manifest_covers_every_model(manifest)
    assert manifest["tables"]["reports_reportrun"] == 1
    source_files = files_of(pg_source.media)
    assert len(source_files) == 3
    assert {name for name in manifest["files"] if name.startswith("media/")} == {f"media/{n}" for n in source_files}

    target = new_site(tmp_path, postgres.create("dst"))
    out = target.manage("restore", str(pg_archive)).stdout
    assert pg_archive.name in out

    source, restored = postgres.fingerprint(pg_source.database_url), postgres.fingerprint(target.database_url)
    assert set(restored) == set(source)
    differing = sorted(name for name in source if source[name] != restored[name])
    assert differing == [], f"tables that differ after the restore: {differing}"
    assert files_of(target.media) == source_files
    # The restored installation works: its migrations are all applied and the demo accounts can sign in.
    plan = target.manage("migrate", "--plan").stdout
    assert "No planned migration operations" in plan
    check = target.manage("shell", "-c", "from antqcore.models import User; "
                                         "print(User.objects.get(username='tinh').check_password('antq-demo-2019'))")
    assert check.stdout.strip().endswith("True")


def test_a_tampered_archive_is_refused_and_restores_nothing(postgres, pg_archive, tmp_path):
    tampered = tmp_path / "copy" / pg_archive.name
    tampered.parent.mkdir()
    with tarfile.open(pg_archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src:
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name.endswith(".pdf"):
                data = data.replace(b"%PDF-1.7", b"%PDF-1.6")  # one byte of a report changed, the manifest kept
            dst.addfile(member, io.BytesIO(data) if data is not None else None)

    target = new_site(tmp_path, postgres.create("tampered"))
    proc = target.manage("restore", str(tampered), check=False)

    assert proc.returncode != 0
    assert "media/reports/2019/9a8b7c6d5e4f30211203f4e5d6c7b8a9.pdf" in proc.stderr
    assert postgres.tables(target.database_url) == []
    assert not target.media.exists() or files_of(target.media) == {}


def test_a_restore_into_a_database_with_data_is_refused(postgres, pg_source, pg_archive, tmp_path):
    # A copy of the source, changed after the backup: a refused restore must leave the change where it is.
    live = new_site(tmp_path, postgres.create("live", copy_of=pg_source.database_url))
    live.manage("shell", "-c", "from units.models import Unit; Unit.objects.filter(pk=Unit.objects.order_by("
                               "'pk').first().pk).update(name='Đơn vị sửa sau sao lưu')")
    changed = postgres.fingerprint(live.database_url)
    assert changed != postgres.fingerprint(pg_source.database_url)

    proc = live.manage("restore", str(pg_archive), check=False)

    assert proc.returncode != 0
    assert "--force" in proc.stderr
    assert postgres.fingerprint(live.database_url) == changed


def test_a_failed_backup_leaves_no_archive_and_says_why(pg_source, tmp_path):
    # A pg_dump that dies half-way (a lost connection, a full disk) after writing part of its output.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "pg_dump"
    fake.write_text('#!/bin/sh\nfor a; do case "$a" in --file=*) printf PGDMP-partial > "${a#--file=}";; esac; '
                    'done\necho "pg_dump: error: connection to server lost" >&2\nexit 1\n')
    fake.chmod(0o755)
    site = Site(pg_source.database_url, pg_source.media, tmp_path / "backups",
                extra_env={"PATH": f"{bin_dir}:{os.environ['PATH']}"})

    proc = site.manage("backup", check=False)

    assert proc.returncode != 0
    assert "connection to server lost" in proc.stderr
    assert [p.name for p in site.backups.iterdir() if not p.name.endswith(".lock")] == []


# --- SQLite --------------------------------------------------------------------------------------------------------


def sqlite_fingerprint(path: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        result = {}
        for table in tables:
            rows = sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{table}"'))
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return result
    finally:
        conn.close()


@pytest.fixture(scope="module")
def sqlite_migrating(tmp_path_factory):
    """Migrates the SQLite source in the background while the PostgreSQL one is seeded (whose fixture asks for it
    first)."""
    tmp = tmp_path_factory.mktemp("sqlite-source")
    site = new_site(tmp, f"sqlite:///{tmp / 'antq.sqlite3'}")
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield site, tmp / "antq.sqlite3", pool.submit(site.manage, "migrate", "--noinput", "-v0")


@pytest.fixture(scope="module")
def sqlite_source(sqlite_migrating, request) -> tuple[Site, Path]:
    """The PostgreSQL source's rows and files, in SQLite; seeded here where there is no PostgreSQL."""
    site, db, migrating = sqlite_migrating
    migrating.result()
    if _postgres_missing():
        site.manage("load_areas", "--province", "24", "--province", "27")
        seed(site)
        return site, db
    pg_source = request.getfixturevalue("pg_source")
    copier = Site(site.database_url, site.media, site.backups, extra_env={"ANTQ_COPY_FROM": pg_source.database_url})
    copier.manage("shell", "-c", COPY_SCRIPT)
    shutil.copytree(pg_source.media, site.media)
    return site, db


@pytest.fixture(scope="module")
def sqlite_archive(sqlite_source) -> Path:
    return backup(sqlite_source[0])


def test_a_sqlite_backup_restores_every_row_and_file_into_another_database(sqlite_source, sqlite_archive, tmp_path):
    site, db = sqlite_source
    manifest = manifest_of(sqlite_archive)
    assert manifest["database"]["engine"] == "sqlite"
    assert_manifest_covers_every_model(manifest)

    target = new_site(tmp_path, f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    target.manage("restore", str(sqlite_archive))

    source, restored = sqlite_fingerprint(db), sqlite_fingerprint(tmp_path / "restored.sqlite3")
    assert source["units_unit"][0] > 1500
    assert restored == source
    assert files_of(target.media) == files_of(site.media)
    assert len(files_of(target.media)) == 3


def test_restore_force_replaces_a_database_after_saving_it(sqlite_source, sqlite_archive, tmp_path):
    site, db = sqlite_source
    copy = tmp_path / "live.sqlite3"
    src, dst = sqlite3.connect(db), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    target = new_site(tmp_path, f"sqlite:///{copy}")
    target.manage("shell", "-c", "from antqcore.models import User; User.objects.create_user('sau-sao-luu')")

    refused = target.manage("restore", str(sqlite_archive), check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr
    target.manage("restore", str(sqlite_archive), "--force")

    assert sqlite_fingerprint(copy) == sqlite_fingerprint(db)
    (saved,) = target.backups.glob("antq-before-restore-*.tar.gz")
    assert manifest_of(saved)["tables"]["antqcore_user"] == manifest_of(sqlite_archive)["tables"]["antqcore_user"] + 1


def test_an_archive_is_not_restored_into_another_database_engine(postgres, sqlite_archive, tmp_path):
    target = new_site(tmp_path, postgres.create("cross"))

    proc = target.manage("restore", str(sqlite_archive), check=False)

    assert proc.returncode != 0
    assert "sqlite" in proc.stderr.lower()
    assert postgres.tables(target.database_url) == []


def test_a_backup_dry_run_writes_nothing(sqlite_source, tmp_path):
    site, _db = sqlite_source
    dry = Site(site.database_url, site.media, tmp_path / "backups")

    out = dry.manage("backup", "--dry-run").stdout

    assert "antq-backup-" in out
    assert not dry.backups.exists()


# --- Retention and the nightly schedule ----------------------------------------------------------------------------


def _touch(folder: Path, when: datetime.datetime) -> str:
    name = f"antq-backup-{when:%Y%m%d-%H%M%S}.tar.gz"
    (folder / name).write_bytes(b"archive")
    (folder / f"{name}.sha256").write_text(f"0  {name}\n")
    return name


def test_retention_keeps_the_last_daily_and_monthly_archives(tmp_path):
    from antqcore.backup import backup_retention_apply

    start = datetime.datetime(2025, 1, 1, 2, 0)
    names = [_touch(tmp_path, start + datetime.timedelta(days=d)) for d in range(120)]  # 01/01 – 30/04/2025
    extra = _touch(tmp_path, datetime.datetime(2025, 4, 30, 14, 30))  # a manual backup on the last day
    older_same_day = names[-1]
    (tmp_path / "antq-before-restore-20250101-090000.tar.gz").write_bytes(b"kept")
    (tmp_path / "notes.txt").write_text("kept")

    deleted = backup_retention_apply(directory=tmp_path, keep_daily=3, keep_monthly=3)

    kept = sorted(p.name for p in tmp_path.glob("antq-backup-*.tar.gz"))
    # Days: 30/04 (its newest, the manual one), 29/04, 28/04; months: April (the same), March 31, February 28.
    assert kept == sorted([extra, names[-2], names[-3], "antq-backup-20250331-020000.tar.gz",
                           "antq-backup-20250228-020000.tar.gz"])
    assert sorted(p.name for p in deleted) == sorted(set(names + [extra]) - set(kept))
    assert older_same_day not in kept
    assert sorted(p.name for p in tmp_path.glob("*.sha256")) == sorted(f"{n}.sha256" for n in kept)
    assert (tmp_path / "antq-before-restore-20250101-090000.tar.gz").exists() and (tmp_path / "notes.txt").exists()


def test_the_nightly_task_deletes_old_archives_only_after_a_new_one(tmp_path, settings, monkeypatch):
    from antqcore import backup as service
    from antqcore.tasks import backup_nightly

    settings.ANTQ_BACKUP_DIR = str(tmp_path)
    settings.ANTQ_BACKUP_KEEP_DAILY, settings.ANTQ_BACKUP_KEEP_MONTHLY = 2, 0
    old = [_touch(tmp_path, datetime.datetime(2025, 5, d, 2)) for d in (1, 2, 3)]

    def failing_backup(**kwargs):
        raise service.BackupError("pg_dump failed")

    monkeypatch.setattr(service, "backup_create", failing_backup)
    with pytest.raises(service.BackupError):
        backup_nightly.apply(throw=True)
    assert sorted(p.name for p in tmp_path.glob("antq-backup-*.tar.gz")) == old

    def working_backup(**kwargs):
        name = _touch(tmp_path, datetime.datetime(2025, 5, 4, 2))
        return service.BackupResult(path=tmp_path / name, size=7, sha256="0", tables={}, files=0, media_bytes=0)

    monkeypatch.setattr(service, "backup_create", working_backup)
    backup_nightly.apply(throw=True)
    assert sorted(p.name for p in tmp_path.glob("antq-backup-*.tar.gz")) == [
        "antq-backup-20250503-020000.tar.gz", "antq-backup-20250504-020000.tar.gz"]


@pytest.mark.django_db
def test_a_nightly_backup_is_scheduled():
    from django_celery_beat.models import PeriodicTask

    from config.celery import app

    task = PeriodicTask.objects.get(task="antqcore.tasks.backup_nightly")
    assert task.enabled
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_month) == ("0", "2", "*")
    assert str(task.crontab.timezone) == "Asia/Ho_Chi_Minh"
    app.loader.import_default_modules()
    assert "antqcore.tasks.backup_nightly" in app.tasks


@pytest.mark.parametrize("member", ["media/../../outside.txt", "/tmp/outside.txt", "media/link"])
def test_an_archive_member_that_would_land_outside_media_root_is_refused(member, tmp_path, settings):
    from antqcore.backup import BackupError, backup_restore

    settings.MEDIA_ROOT = str(tmp_path / "var" / "media")
    data = b"planted"
    entry = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    manifest = {"format": "antq-backup/1", "database": {"engine": "sqlite", "dump": "database.sqlite3"},
                "tables": {}, "migrations": {}, "files": {"database.sqlite3": entry, member: entry}}
    archive = tmp_path / "antq-backup-20250101-020000.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, payload in [("database.sqlite3", data), (member, data),
                              ("manifest.json", json.dumps(manifest).encode())]:
            info = tarfile.TarInfo(name)
            if name == "media/link":
                info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
                tar.addfile(info)
            else:
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))

    with pytest.raises(BackupError, match=member.replace(".", r"\.")):
        backup_restore(archive=archive)

    assert not (tmp_path / "outside.txt").exists() and not Path("/tmp/outside.txt").exists()
    assert not (tmp_path / "var").exists()
