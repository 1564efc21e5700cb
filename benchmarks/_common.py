"""What the benchmarks share: their database (created if missing, never the application's or the tests'), the
advisory lock that keeps two runs of one benchmark apart, Django with production-like settings, and the report file.
"""

import datetime
import os
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Scenario:
    """The figures of an area (its code, resolved on `end`) over a period."""

    name: str
    code: str
    start: datetime.date
    end: datetime.date


def database_ensure(url: str) -> None:
    """Create the benchmark database if missing, never touching the application's or the tests' databases."""
    import psycopg2
    from psycopg2 import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.scheme not in ("postgres", "postgresql", "pgsql") or not name:
        sys.exit(f"DATABASE_URL must be a PostgreSQL URL with a database name, not {url!r}")
    if name in ("antq", "postgres") or name.startswith("test"):
        sys.exit(f"Refusing to benchmark in database {name!r}: use a dedicated one such as antq_bench")
    conn = psycopg2.connect(dbname="postgres", user=parsed.username or "postgres", password=parsed.password,
                            host=parsed.hostname or "127.0.0.1", port=parsed.port or 5432)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}", flush=True)
    conn.close()


def run_lock(url: str, script: str):
    """Hold a session advisory lock for the whole run: two runs at once would time each other's load (and one
    would drop the other's candidate indexes)."""
    import psycopg2

    parsed = urlparse(url)
    conn = psycopg2.connect(dbname=parsed.path.lstrip("/"), user=parsed.username or "postgres",
                            password=parsed.password, host=parsed.hostname or "127.0.0.1", port=parsed.port or 5432)
    with conn.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [f"antq benchmarks/{script}"])
        if not cur.fetchone()[0]:
            sys.exit("Another run of this benchmark is using the database; try again when it has finished.")
    return conn


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import override_settings

    # No collectstatic here: plain static URLs instead of the manifest (a dict lookup in production), and no
    # warning from WhiteNoise about the missing folder.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()
    connection.settings_dict["CONN_MAX_AGE"] = 60


def run_start(url: str, script: str):
    """Create the database if missing, take the run's lock and set Django up; the caller keeps the returned lock
    (a connection) until the process exits."""
    database_ensure(url)
    lock = run_lock(url, script)
    django_setup(url)
    return lock


def time_runs(compute, runs: int, warm_up: int = 3):
    """Warm up, then time `runs` calls of compute; returns the last warm-up's result and the times in ms."""
    for _ in range(warm_up):
        result = compute()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        compute()
        timings.append((time.perf_counter() - started) * 1000)
    return result, timings


def report_write(report: str, output: str) -> None:
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report, encoding="utf-8")
    print()
    print(report)
