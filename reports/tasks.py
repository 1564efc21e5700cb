"""Background jobs of the reports. Tasks take ids and call services (reports.services); callers enqueue them with
transaction.on_commit.

generate_report is acknowledged late and rejected when its worker is lost, so a message whose worker died is
delivered again (Redis: after the visibility timeout, set above the hard time limit in settings); the service's
claim makes a duplicate harmless. Transient errors (database, broker, disk) are retried with exponential backoff;
when the retries run out the run is marked failed. reap_stale_runs (Celery beat, every few minutes) catches what a
lost message would leave behind. create_scheduled_reports makes the quarterly and annual reports (Celery beat, see
the migration reports 0002 for the schedule, editable in the admin)."""

import logging
import time

from celery import Task, shared_task
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from . import services

logger = logging.getLogger(__name__)


class GenerateReportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Reached once the retries are exhausted (or for an error the service did not catch).
        run_id = kwargs.get("run_id", args[0] if args else None)
        if run_id is None:
            return
        with translation.override(settings.LANGUAGE_CODE):
            message = _("The report could not be generated: the database, the queue or the file storage did not "
                        "answer after several attempts. Generate it again later.")
            services.report_run_fail(run_id=run_id, message=message)


@shared_task(
    bind=True, base=GenerateReportTask, name="reports.tasks.generate_report",
    acks_late=True, reject_on_worker_lost=True,
    soft_time_limit=settings.ANTQ_REPORT_SOFT_TIME_LIMIT, time_limit=settings.ANTQ_REPORT_TIME_LIMIT,
    autoretry_for=services.TRANSIENT_ERRORS, retry_backoff=5, retry_backoff_max=300, retry_jitter=True,
    max_retries=5,
)
def generate_report(self, run_id: int) -> str:
    # Its log lines carry the request id of the request that queued it (antqcore.logs); /metrics reads the generation
    # time from the run's row (reports.metrics).
    started = time.monotonic()
    outcome = services.report_run_generate(run_id=run_id)
    duration_ms = round((time.monotonic() - started) * 1000, 1)
    logger.info("Report run %s: %s in %sms", run_id, outcome, duration_ms,
                extra={"run_id": run_id, "outcome": outcome, "duration_ms": duration_ms})
    if outcome == "busy":
        # Another worker holds the run and is alive. Look again once it would count as dead: if it finished, the
        # run is done and this message ends; if it died, this one takes over.
        raise self.retry(countdown=settings.ANTQ_REPORT_STALE_AFTER + 5, max_retries=None)
    return outcome


@shared_task(name="reports.tasks.reap_stale_runs")
def reap_stale_runs() -> dict:
    return services.report_runs_reap()


@shared_task(name="reports.tasks.create_scheduled_reports")
def create_scheduled_reports(kind: str) -> list[int]:
    return [run.pk for run in services.scheduled_reports_create(kind=kind)]
