"""Logs as JSON lines in production: one line per request with its id, user, path, status and duration; the id is
echoed to the client and carried to the tasks the request started, so a report's generation logs under the id of
the request that asked for it."""

import copy
import io
import json
import logging.config
import os
import re
import subprocess
import sys
import time

import pytest
from celery import Celery
from celery.signals import before_task_publish
from django.conf import settings

from antqcore.models import Role
from reports.tasks import generate_report
from tests.antqcore.test_settings import PROD_ENV, ROOT
from tests.conftest import client_for, make_user
from tests.reports.helpers_core import END, START, small_template
from tests.reports.test_celery_worker import test_database_url


@pytest.fixture
def json_logs():
    """The log lines production writes (settings.LOGGING's JSON formatter and context filter), for this test;
    returns a reader of the lines written since it was last called."""
    configurator = logging.config.DictConfigurator({})
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(configurator.configure_formatter(copy.deepcopy(settings.LOGGING["formatters"]["json"])))
    handler.addFilter(configurator.configure_filter(copy.deepcopy(settings.LOGGING["filters"]["context"])))
    root = logging.getLogger()
    root.addHandler(handler)

    def read() -> list[dict]:
        lines = [line for line in handler.stream.getvalue().splitlines() if line.strip()]
        handler.stream.seek(0)
        handler.stream.truncate()
        return [json.loads(line) for line in lines]  # every line is one JSON object

    yield read
    root.removeHandler(handler)


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line.get("logger") == "antq.request"]


def test_production_logs_json_lines_and_the_other_settings_plain_text():
    code = "import config.settings.{} as s; print(s.ANTQ_LOG_FORMAT, s.LOGGING['handlers']['console']['formatter'])"
    base = {k: v for k, v in os.environ.items() if k not in PROD_ENV and k != "ANTQ_LOG_FORMAT"}
    production = subprocess.run([sys.executable, "-c", code.format("production")], cwd=ROOT, env={**base, **PROD_ENV},
                                capture_output=True, text=True, timeout=60)
    assert production.stdout.split() == ["json", "json"], production.stderr
    assert (settings.ANTQ_LOG_FORMAT, settings.LOGGING["handlers"]["console"]["formatter"]) == ("plain", "plain")


@pytest.mark.django_db
def test_a_request_writes_one_json_line_with_its_id_user_path_status_and_duration(json_logs, client, viewer):
    client.force_login(viewer)
    json_logs()
    r = client.get("/api/v1/me/?page=1", HTTP_X_REQUEST_ID="lb-5f0c2a9e-0001")
    assert r.status_code == 200
    assert r["X-Request-ID"] == "lb-5f0c2a9e-0001"
    (line,) = request_lines(json_logs())
    assert line["request_id"] == "lb-5f0c2a9e-0001"
    assert line["user_id"] == viewer.pk
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/v1/me/", 200)
    assert isinstance(line["duration_ms"], int | float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["timestamp"]


@pytest.mark.django_db
def test_an_anonymous_request_has_no_user_and_a_generated_id(json_logs, client):
    json_logs()
    r = client.get("/healthz")
    request_id = r["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    (line,) = request_lines(json_logs())
    assert (line["request_id"], line["user_id"], line["path"]) == (request_id, None, "/healthz")
    assert client.get("/healthz")["X-Request-ID"] != request_id


@pytest.mark.django_db
@pytest.mark.parametrize("given", ["a b", "x" * 200, "id\u00e9", "<script>", "a;b=c", ""])
def test_an_insane_request_id_is_replaced(json_logs, client, given):
    r = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    assert re.fullmatch(r"[0-9a-f]{32}", r["X-Request-ID"])
    (line,) = request_lines(json_logs())
    assert line["request_id"] == r["X-Request-ID"]


@pytest.mark.django_db
def test_a_failing_request_is_logged_with_its_status(json_logs, client):
    r = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-404-check")
    assert r.status_code == 404
    lines = request_lines(json_logs())
    assert [(line["request_id"], line["status"]) for line in lines] == [("req-404-check", 404)]


@pytest.mark.django_db(transaction=True)
def test_a_report_created_through_the_api_logs_its_generation_under_the_request_id(areas, json_logs, settings,
                                                                                     tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    small_template("annual")
    officer = make_user("vietyen", Role.DISTRICT_OFFICER, "222")
    published = []  # the headers of the messages the web hands to the broker

    def capture(sender=None, headers=None, **kwargs):
        if sender == "reports.tasks.generate_report":
            published.append(dict(headers))

    before_task_publish.connect(capture)
    try:
        r = client_for(officer).post("/api/v1/reports/", {"template": "annual", "area": "222",
                                                          "period_start": START.isoformat(),
                                                          "period_end": END.isoformat()},
                                     format="json", HTTP_X_REQUEST_ID="rid-report-0042")
    finally:
        before_task_publish.disconnect(capture)
    assert r.status_code == 202
    (headers,) = published
    # The worker's side: the message's task run with the message's headers, as a worker runs it.
    assert generate_report.apply(args=[r.json()["id"]], headers=headers).get() == "done"

    lines = json_logs()
    (request,) = request_lines(lines)
    assert (request["request_id"], request["status"], request["user_id"]) == ("rid-report-0042", 202, officer.pk)
    task_lines = [line for line in lines if line.get("task_name") == "reports.tasks.generate_report"]
    assert task_lines and {line["request_id"] for line in task_lines} == {"rid-report-0042"}
    assert {line["user_id"] for line in task_lines} == {officer.pk}
    (finished,) = [line for line in task_lines if line.get("outcome")]
    assert finished["outcome"] == "done" and finished["run_id"] == r.json()["id"] and finished["duration_ms"] > 0


@pytest.mark.django_db(transaction=True)
def test_a_worker_logs_json_lines_under_the_request_id_its_message_carries(tmp_path):
    database_url = test_database_url()  # the worker counts the task in this test's database (PostgreSQL)
    folders = {name: tmp_path / name for name in ("queue", "processed", "control", "results")}
    for folder in folders.values():
        folder.mkdir()
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO"],
            cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "ANTQ_LOG_FORMAT": "json",
                 "CELERY_BROKER_URL": "filesystem://", "ANTQ_CELERY_FOLDER": str(tmp_path),
                 "CELERY_RESULT_BACKEND": f"file://{folders['results']}", "DATABASE_URL": database_url})
    try:
        web = Celery("antq-test-web", broker="filesystem://", set_as_current=False)
        web.conf.broker_transport_options = {
            "data_folder_in": str(folders["queue"]), "data_folder_out": str(folders["queue"]),
            "processed_folder": str(folders["processed"]), "control_folder": str(folders["control"])}
        # The headers the web adds to a task queued while it answers a request (antqcore.logs).
        web.send_task("antqcore.tasks.ping", headers={"antq_request_id": "rid-worker-0007", "antq_user_id": 7})
        deadline = time.monotonic() + 60
        while "succeeded" not in log.read_text():
            assert time.monotonic() < deadline and worker.poll() is None, log.read_text()
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    (ran,) = [line for line in lines if line["logger"] == "celery.app.trace"]
    assert (ran["request_id"], ran["user_id"], ran["task_name"]) == ("rid-worker-0007", 7, "antqcore.tasks.ping")
    assert "pong" in ran["message"]
