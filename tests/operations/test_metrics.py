"""/metrics for Prometheus: the requests (django-prometheus), the tasks the worker ran or failed and the time reports
took to generate. Only configured addresses, or a scraper with the token, read it; never the public site."""

import datetime
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from antqcore.tasks import ping
from config.celery import app as celery_app
from reports.models import RunStatus
from tests.conftest import area
from tests.reports.helpers_core import make_run
from tests.reports.test_celery_worker import ROOT, test_database_url

pytestmark = pytest.mark.django_db
TOKEN = "9f2c1e7a4b8d6f0a3c5e7b9d1f2a4c6e8b0d2f4a"


@celery_app.task(name="tests.operations.always_fails")
def always_fails():
    raise ValueError("broken on purpose")


def samples(response) -> dict:
    """{(name, ((label, value), ...)): value} of a Prometheus text page."""
    text = response.content.decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_an_address_not_allowed_gets_nothing(client):
    r = client.get("/metrics", REMOTE_ADDR="203.0.113.7")
    assert r.status_code == 404
    assert b"django_http" not in r.content and b"antq_" not in r.content


def test_a_request_through_the_reverse_proxy_gets_nothing_even_from_an_allowed_address(client):
    # nginx on the same machine connects from 127.0.0.1: what it forwards is the public site's request.
    r = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert r.status_code == 404 and b"django_http" not in r.content


def test_an_allowed_address_reads_requests_tasks_and_report_generation(client, settings):
    settings.ANTQ_METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    client.get("/healthz")
    client.get("/no-such-page/")
    ping.apply()
    always_fails.apply()
    started = timezone.now() - datetime.timedelta(minutes=5)
    seconds = datetime.timedelta(seconds=1)
    make_run(area("222"), status=RunStatus.DONE, started_at=started, finished_at=started + 3 * seconds)
    make_run(area("222"), status=RunStatus.FAILED, started_at=started, finished_at=started + 40 * seconds)
    make_run(area("222"), status=RunStatus.QUEUED)

    r = client.get("/metrics", REMOTE_ADDR="10.20.30.40")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/plain")
    values = samples(r)
    # Requests, latencies and errors (django-prometheus).
    assert values[("django_http_responses_total_by_status_total", (("status", "404"),))] >= 1
    assert any(name == "django_http_requests_latency_seconds_by_view_method_count" and ("view", "healthz") in labels
               for name, labels in values)
    # The tasks' runs and failures.
    assert values[("antq_celery_task_runs_total", (("outcome", "success"), ("task", "antqcore.tasks.ping")))] == 1
    assert values[("antq_celery_task_runs_total",
                   (("outcome", "failure"), ("task", "tests.operations.always_fails")))] == 1
    # The reports' generation time, by type and outcome, and the runs waiting.
    done = (("kind", "annual"), ("status", "done"))
    assert values[("antq_report_generation_seconds_count", done)] == 1
    assert values[("antq_report_generation_seconds_sum", done)] == pytest.approx(3)
    assert values[("antq_report_generation_seconds_bucket", (*done[:1], ("le", "2.0"), *done[1:]))] == 0
    assert values[("antq_report_generation_seconds_bucket", (*done[:1], ("le", "5.0"), *done[1:]))] == 1
    failed = (("kind", "annual"), ("status", "failed"))
    assert values[("antq_report_generation_seconds_sum", failed)] == pytest.approx(40)
    assert values[("antq_report_runs", (("status", "queued"),))] == 1
    # What /healthz says, for alerts.
    assert values[("antq_health_check_ok", (("check", "database"),))] == 1
    assert ("antq_celery_queue_length", ()) in values and ("antq_media_free_bytes", ()) in values


def test_a_scraper_elsewhere_reads_with_the_token(client, settings):
    settings.ANTQ_METRICS_TOKEN = TOKEN
    r = client.get("/metrics", REMOTE_ADDR="172.18.0.1", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert r.status_code == 200
    assert ("antq_health_check_ok", (("check", "database"),)) in samples(r)
    # Through the proxy too: the token, not the address, is what lets it in.
    r = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7",
                   HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert r.status_code == 200


def test_a_wrong_token_is_refused_even_from_an_allowed_address(client, settings):
    settings.ANTQ_METRICS_TOKEN = TOKEN
    for wrong in (f"Bearer {TOKEN[:-1]}x", "Bearer ", f"Token {TOKEN}", TOKEN):
        r = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_AUTHORIZATION=wrong)
        assert r.status_code == 403, wrong
        assert b"antq_" not in r.content


def test_no_token_is_accepted_when_none_is_configured(client, settings):
    settings.ANTQ_METRICS_TOKEN = ""
    r = client.get("/metrics", REMOTE_ADDR="172.18.0.1", HTTP_AUTHORIZATION="Bearer ")
    assert r.status_code == 403


def test_scrapes_are_not_throttled_locked_out_or_redirected(client):
    # A scrape every few seconds, for a while: the API's anonymous rate (60/min) and the login lockouts do not apply.
    for _ in range(70):
        r = client.get("/metrics")
        assert r.status_code == 200


def test_the_requests_of_every_gunicorn_worker_are_added_up(tmp_path):
    """Production serves with several gunicorn workers (gunicorn.conf.py turns on prometheus-client's multiprocess
    mode): a scrape counts every worker's requests, whichever worker answers it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    with (tmp_path / "gunicorn.log").open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "3"],
            cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
            env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": test_database_url()})
    base = f"http://127.0.0.1:{port}"
    try:
        sent = 0
        deadline = time.monotonic() + 60
        while True:
            try:
                sent += 1
                urllib.request.urlopen(f"{base}/healthz?only=database", timeout=60)
                break
            except urllib.error.HTTPError:
                raise
            except urllib.error.URLError as exc:
                # Only a refused connection is a request Django never saw (a timeout may have been counted).
                if not isinstance(exc.reason, ConnectionRefusedError):
                    raise
                assert time.monotonic() < deadline and server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                sent -= 1
                time.sleep(0.3)
        for _ in range(30):
            urllib.request.urlopen(f"{base}/healthz?only=database", timeout=60)
            sent += 1
        for scrape in (1, 2):  # each scrape answered by any of the three workers
            page = urllib.request.urlopen(f"{base}/metrics", timeout=60).read().decode()
            gets = next(s.value for family in text_string_to_metric_families(page) for s in family.samples
                        if s.name == "django_http_requests_total_by_method_total" and s.labels == {"method": "GET"})
            assert gets == sent + scrape  # the scrapes themselves are counted too
    finally:
        server.terminate()
        server.wait(timeout=20)
