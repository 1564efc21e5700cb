"""How the system is, for /healthz and /metrics: one function per check, each a few milliseconds (a query by key, one
broker connection, a disk stat). None of them asks the workers over the broker (`inspect ping` blocks for its whole
timeout when no worker answers): the worker's sign of life is the heartbeat task that beat sends every minute, whose
last run the worker records in the database (antqcore.metrics). Nothing is cached: a check says what is true now.

A check answers {"status": ..., <its values>}; "ok" is healthy, anything else is not: "down" (database, broker,
worker, beat), "low" (free space), "long" (queue), "unknown" (the check itself could not run, e.g. the database
is down)."""

import logging
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from kombu.exceptions import ChannelError

from .broker import celery_app

logger = logging.getLogger(__name__)

HEARTBEAT_TASK = "antqcore.tasks.heartbeat"
CHECKS = ("database", "broker", "worker", "beat", "queue", "disk")


def database_check() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"status": "ok"}
    except Exception as exc:  # any failure means "down" for a health check
        logger.warning("healthz: database down: %s", exc)
        return {"status": "down"}


def broker_and_queue_checks(names: set[str]) -> dict[str, dict]:
    """The broker answers; how many messages wait in the default queue (Redis: LLEN of its lists; the folder broker
    of `make run`: its files). One connection for both."""
    queue = celery_app().conf.task_default_queue
    try:
        with celery_app().connection_for_write() as conn:
            conn.ensure_connection(max_retries=0)  # one attempt: a health check reports, it does not wait
            checks = {"broker": {"status": "ok"}}
            if "queue" in names:
                try:
                    length = conn.default_channel.queue_declare(queue=queue, passive=True).message_count
                except ChannelError:  # Redis keeps no empty list: the queue is not there until a message is
                    length = 0
                maximum = settings.ANTQ_HEALTH_MAX_QUEUE_LENGTH
                checks["queue"] = {"status": "ok" if length <= maximum else "long", "name": queue, "length": length,
                                   "max_length": maximum}
    except Exception as exc:
        logger.warning("healthz: broker down: %s", exc)
        checks = {"broker": {"status": "down"}, "queue": {"status": "unknown", "name": queue, "length": None,
                                                          "max_length": settings.ANTQ_HEALTH_MAX_QUEUE_LENGTH}}
    return {name: check for name, check in checks.items() if name in names}


def _age(last, max_age: int, *, key: str) -> dict:
    age = None if last is None else max(0, int((timezone.now() - last).total_seconds()))
    healthy = age is not None and age <= max_age
    return {"status": "ok" if healthy else "down", key: last.isoformat() if last else None, "age_seconds": age,
            "max_age_seconds": max_age}


def worker_check() -> dict:
    """The last time a worker ran the heartbeat. Older than ANTQ_HEALTH_WORKER_MAX_AGE_SECONDS: no worker is taking
    jobs (stopped, or every one of its processes busy for that long), or beat stopped sending (see the beat check)."""
    from .models import TaskOutcomeCount

    last = (TaskOutcomeCount.objects.filter(task=HEARTBEAT_TASK, outcome="success")
            .values_list("last_at", flat=True).first())
    return _age(last, settings.ANTQ_HEALTH_WORKER_MAX_AGE_SECONDS, key="last_heartbeat")


def beat_check() -> dict:
    """The last time beat sent the heartbeat (django-celery-beat writes last_run_at after each task it sends:
    CELERY_BEAT_SYNC_EVERY = 1)."""
    from django_celery_beat.models import PeriodicTask

    last = (PeriodicTask.objects.filter(task=HEARTBEAT_TASK, enabled=True)
            .aggregate(last=Max("last_run_at"))["last"])
    return _age(last, settings.ANTQ_HEALTH_BEAT_MAX_AGE_SECONDS, key="last_run")


def disk_check() -> dict:
    """Free space where uploads and generated reports are written (MEDIA_ROOT, or the folder it will be made in)."""
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent
    free_mb = shutil.disk_usage(path).free // 2**20
    minimum = settings.ANTQ_HEALTH_MIN_FREE_MB
    return {"status": "ok" if free_mb >= minimum else "low", "free_mb": free_mb, "min_free_mb": minimum}


def _timed(check: Callable[[], dict]) -> dict:
    started = time.monotonic()
    try:
        result = check()
    except Exception as exc:
        logger.warning("healthz: %s could not run: %s", check.__name__, exc)
        result = {"status": "unknown"}
    return result | {"ms": round((time.monotonic() - started) * 1000, 1)}


def health_checks(names: Iterable[str] = CHECKS) -> dict[str, dict]:
    """The named checks, in the order of CHECKS, each with the milliseconds it took."""
    wanted = set(names)
    single = {"database": database_check, "worker": worker_check, "beat": beat_check, "disk": disk_check}
    results = {}
    for name in CHECKS:
        if name not in wanted:
            continue
        if name in single:
            results[name] = _timed(single[name])
        elif name not in results:  # the broker and the queue, from one connection
            started = time.monotonic()
            pair = broker_and_queue_checks(wanted)
            ms = round((time.monotonic() - started) * 1000, 1)
            results.update({key: value | {"ms": ms} for key, value in pair.items()})
    return {name: results[name] for name in CHECKS if name in results}
