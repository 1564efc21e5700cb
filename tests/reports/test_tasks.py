import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from reports import services
from reports.models import ReportRun, RunStatus
from reports.tasks import create_scheduled_reports, generate_report, reap_stale_runs
from tests.conftest import area
from tests.reports.helpers_core import make_run, small_template

pytestmark = [pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    small_template("annual")


def queued_run():
    return make_run(area("222"), status=RunStatus.QUEUED)


def test_the_generation_task_is_acknowledged_late_and_has_time_limits(settings):
    assert generate_report.acks_late and generate_report.reject_on_worker_lost
    assert (generate_report.soft_time_limit, generate_report.time_limit) == (
        settings.ANTQ_REPORT_SOFT_TIME_LIMIT, settings.ANTQ_REPORT_TIME_LIMIT)
    assert generate_report.soft_time_limit < generate_report.time_limit < settings.ANTQ_REPORT_STALE_AFTER
    assert OperationalError in generate_report.autoretry_for and generate_report.max_retries == 5
    assert generate_report.retry_backoff


def test_the_task_generates_the_report():
    run = queued_run()
    assert generate_report.apply(args=[run.pk]).get() == "done"
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.pdf


def test_transient_errors_are_retried_then_the_run_fails_with_a_message(monkeypatch):
    calls = []

    def database_gone(**kwargs):
        calls.append(1)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "figures_compute", database_gone)
    run = queued_run()
    result = generate_report.apply(args=[run.pk])
    assert result.failed() and len(calls) == 6  # the first attempt and 5 retries
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "không phản hồi" in run.error
    assert run.attempts == 0  # the database, not the worker, failed


def test_a_transient_error_that_goes_away_is_overcome(monkeypatch):
    real, calls = services.figures_compute, []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(services, "figures_compute", flaky)
    run = queued_run()
    assert generate_report.apply(args=[run.pk]).get() == "done"
    run.refresh_from_db()
    assert run.status == RunStatus.DONE


def test_a_run_held_by_another_worker_is_looked_at_again_later(monkeypatch):
    outcomes = iter(["busy", "skipped"])
    monkeypatch.setattr(services, "report_run_generate", lambda run_id: next(outcomes))
    assert generate_report.apply(args=[1]).get() == "skipped"


def test_the_reaper_task_requeues_runs_whose_worker_died(settings, monkeypatch):
    monkeypatch.setattr("reports.tasks.generate_report.delay", lambda run_id: None)
    dead = make_run(area("222"), status=RunStatus.RUNNING, attempts=1,
                    heartbeat_at=timezone.now() - datetime.timedelta(seconds=settings.ANTQ_REPORT_STALE_AFTER + 1))
    assert reap_stale_runs.apply().get()["requeued"] == [dead.pk]
    assert ReportRun.objects.get(pk=dead.pk).status == RunStatus.QUEUED


def test_the_scheduled_task_creates_the_reports_of_the_last_period(settings, monkeypatch):
    settings.ANTQ_SCHEDULED_REPORT_AREAS = ["24"]
    monkeypatch.setattr("reports.services.timezone.localdate", lambda *a: datetime.date(2020, 1, 10))
    ids = create_scheduled_reports.apply(kwargs={"kind": "annual"}).get()
    run = ReportRun.objects.get(pk__in=ids)
    assert (run.area.code, run.period_start, run.period_end, run.scheduled) == (
        "24", datetime.date(2019, 1, 1), datetime.date(2019, 12, 31), True)
    assert create_scheduled_reports.apply(kwargs={"kind": "annual"}).get() == []


def test_beat_creates_the_quarterly_and_annual_reports_and_runs_the_reaper():
    tasks = {t.task + json.dumps(json.loads(t.kwargs)): t for t in PeriodicTask.objects.filter(
        task__startswith="reports.tasks.").select_related("crontab", "interval")}
    quarterly = tasks['reports.tasks.create_scheduled_reports{"kind": "quarterly"}'].crontab
    assert (quarterly.day_of_month, quarterly.month_of_year) == ("5", "1,4,7,10")
    annual = tasks['reports.tasks.create_scheduled_reports{"kind": "annual"}'].crontab
    assert (annual.day_of_month, annual.month_of_year) == ("10", "1")
    reaper = tasks["reports.tasks.reap_stale_runs{}"].interval
    assert (reaper.every, reaper.period) == (5, "minutes")
    assert all(t.enabled for t in tasks.values())


def test_with_redis_a_message_is_redelivered_only_after_the_hard_time_limit():
    code = ("from django.conf import settings as s; "
            "print(s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'], s.ANTQ_REPORT_TIME_LIMIT, "
            "s.CELERY_WORKER_MAX_MEMORY_PER_CHILD, s.CELERY_TASK_ACKS_LATE)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}
    env.pop("CELERY_VISIBILITY_TIMEOUT", None)
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    visibility, hard_limit, memory, acks_late = int(out[0]), int(out[1]), int(out[2]), out[3]
    assert visibility > hard_limit and memory > 0 and acks_late == "True"
