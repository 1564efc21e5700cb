"""The reports' metrics for /metrics (registered into antqcore.metrics from ReportsConfig.ready()): how long
generations took, from the runs' own rows (started_at of the last attempt to finished_at), and how many runs are in
each status. Read from the database at each scrape, so they count the work of every worker process."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.utils import floatToGoString

from .models import ReportRun, RunStatus

# Seconds: a small area's report takes a few; the province's five-year review a minute or more; 660 is the hard limit.
GENERATION_BUCKETS = (1, 2, 5, 10, 20, 30, 60, 120, 300, 600)


def report_metrics() -> Iterable[Metric]:
    duration = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
    buckets = {f"le_{i}": Count("pk", filter=Q(duration__lte=datetime.timedelta(seconds=bound)))
               for i, bound in enumerate(GENERATION_BUCKETS)}
    finished = (ReportRun.objects.filter(status__in=[RunStatus.DONE, RunStatus.FAILED], started_at__isnull=False,
                                         finished_at__isnull=False)
                .alias(duration=duration).values("kind", "status")
                .annotate(count=Count("pk"), total=Sum("duration"), **buckets).order_by())
    histogram = HistogramMetricFamily("antq_report_generation_seconds", "Time a report took to generate, by report "
                                      "type and outcome (done, failed).", labels=["kind", "status"])
    for row in finished:
        histogram.add_metric(
            [row["kind"], row["status"]],
            [(floatToGoString(bound), row[f"le_{i}"]) for i, bound in enumerate(GENERATION_BUCKETS)]
            + [("+Inf", row["count"])],
            sum_value=row["total"].total_seconds())
    yield histogram

    counts = dict(ReportRun.objects.values_list("status").annotate(n=Count("pk")).order_by())
    runs = GaugeMetricFamily("antq_report_runs", "Reports by generation status (queued ones wait for a worker).",
                             labels=["status"])
    for status in RunStatus.values:
        runs.add_metric([status], counts.get(status, 0))
    yield runs
