"""Metrics for Prometheus at /metrics, for the configured addresses or a scraper with the token only.

The system runs in several processes, so the metrics come from three places:
- the web's requests, latencies and errors: django-prometheus's middlewares count them in each gunicorn worker's
  memory; prometheus-client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR, set by gunicorn.conf.py) adds up the
  workers, so a scrape reads the same totals whichever worker answers it;
- the tasks' runs and failures: the Celery worker is another process (in production another container), so it
  records each task's outcome in the database (TaskOutcomeCount: one UPDATE a task, from Celery's signals), which
  every web worker reads and exports as counters, whatever restarts in between;
- figures computed at each scrape: the /healthz checks as gauges, and what higher apps register
  (register_metrics: the reports' generation time, from their runs' rows).
"""

import ipaddress
import logging
import os
from collections.abc import Callable, Iterable

from celery.signals import task_postrun, task_revoked
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from .health import health_checks

logger = logging.getLogger(__name__)
security_logger = logging.getLogger("antq.security")

# --- Task outcomes, recorded by the worker -----------------------------------------------------------------------


def task_outcome_record(*, task: str, outcome: str) -> None:
    """One more `outcome` for `task`, now. A conditional update; the row is created the first time."""
    from .models import TaskOutcomeCount

    now = timezone.now()
    rows = TaskOutcomeCount.objects.filter(task=task, outcome=outcome)
    if rows.update(count=F("count") + 1, last_at=now):
        return
    try:
        with transaction.atomic():
            TaskOutcomeCount.objects.create(task=task, outcome=outcome, count=1, last_at=now)
    except IntegrityError:  # another worker process created it meanwhile
        rows.update(count=F("count") + 1, last_at=now)


def _record(task: str | None, outcome: str) -> None:
    try:
        task_outcome_record(task=task or "unknown", outcome=outcome)
    except Exception:  # counting must never break a task
        logger.exception("Could not count the outcome %s of task %s", outcome, task)


@task_postrun.connect
def _task_ran(sender=None, state=None, **kwargs):
    # Celery's state: SUCCESS, FAILURE, RETRY, IGNORED, REJECTED.
    _record(getattr(sender, "name", None), (state or "unknown").lower())


@task_revoked.connect
def _task_revoked(sender=None, request=None, expired=False, **kwargs):
    # A heartbeat that waited past its expiry (no worker free for it) is dropped: "expired".
    _record(getattr(sender, "name", None) or getattr(request, "task_name", None), "expired" if expired else "revoked")


# --- What is computed at each scrape ----------------------------------------------------------------------------

MetricsProvider = Callable[[], Iterable[Metric]]
_providers: list[MetricsProvider] = []


def register_metrics(provider: MetricsProvider) -> None:
    """Higher apps add their metrics (prometheus_client metric families, computed when /metrics is read) from their
    AppConfig.ready(), so that antqcore never imports them."""
    if provider not in _providers:
        _providers.append(provider)


def task_metrics() -> Iterable[Metric]:
    from .models import TaskOutcomeCount

    runs = CounterMetricFamily("antq_celery_task_runs", "Celery tasks run by the workers, by task and outcome "
                               "(Celery's state: success, failure, retry...; expired, revoked).",
                               labels=["task", "outcome"])
    last = GaugeMetricFamily("antq_celery_task_last_run_timestamp_seconds", "When a task last ended with this outcome.",
                             labels=["task", "outcome"])
    for task, outcome, count, last_at in TaskOutcomeCount.objects.values_list("task", "outcome", "count", "last_at"):
        runs.add_metric([task, outcome], count)
        last.add_metric([task, outcome], last_at.timestamp())
    yield runs
    yield last


def health_metrics() -> Iterable[Metric]:
    checks = health_checks()
    ok = GaugeMetricFamily("antq_health_check_ok", "1 when the /healthz check is ok, else 0.", labels=["check"])
    for name, check in checks.items():
        ok.add_metric([name], 1 if check["status"] == "ok" else 0)
    yield ok
    if checks["queue"].get("length") is not None:
        yield GaugeMetricFamily("antq_celery_queue_length", "Messages waiting in the default Celery queue.",
                                value=checks["queue"]["length"])
    if checks["disk"].get("free_mb") is not None:
        yield GaugeMetricFamily("antq_media_free_bytes", "Free space of the files folder (MEDIA_ROOT), to the MB.",
                                value=checks["disk"]["free_mb"] * 2**20)


class _ComputedMetrics:
    """A prometheus_client collector of everything computed at scrape time; a provider that fails is logged and
    left out, the others are still served."""

    def collect(self):
        for provider in (task_metrics, health_metrics, *_providers):
            try:
                yield from list(provider())
            except Exception:
                logger.exception("metrics: %s failed", getattr(provider, "__name__", provider))


def _process_registry() -> CollectorRegistry:
    """The requests' metrics of this process, or of every gunicorn worker in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


# --- Who may read them --------------------------------------------------------------------------------------------

# Set by a reverse proxy: a request carrying one comes from the public site, whatever address it arrives from.
PROXY_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")


def _from_allowed_address(request) -> bool:
    if any(header in request.headers for header in PROXY_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(allowed, strict=False)
               for allowed in settings.ANTQ_METRICS_ALLOWED_IPS)


@never_cache
@transaction.non_atomic_requests
@require_safe
def metrics_view(request):
    """A scraper with `Authorization: Bearer <ANTQ_METRICS_TOKEN>`, or a request from ANTQ_METRICS_ALLOWED_IPS that no
    proxy forwarded, reads the metrics; a wrong token is a 403; anyone else finds nothing here (404)."""
    authorization = request.headers.get("Authorization")
    if authorization is not None:
        scheme, _space, credentials = authorization.partition(" ")
        token = settings.ANTQ_METRICS_TOKEN
        if not (token and scheme.lower() == "bearer" and constant_time_compare(credentials.strip(), token)):
            security_logger.warning("metrics: wrong token from %s", request.META.get("REMOTE_ADDR"))
            return HttpResponseForbidden(_("Wrong metrics token."), content_type="text/plain; charset=utf-8")
    elif not _from_allowed_address(request):
        raise Http404
    computed = CollectorRegistry()
    computed.register(_ComputedMetrics())
    return HttpResponse(generate_latest(_process_registry()) + generate_latest(computed),
                        content_type=CONTENT_TYPE_LATEST)
