"""A real Celery worker takes jobs from the broker: the folder broker of `make run`, and Redis where there is one."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from celery import Celery

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]


def start_worker(env: dict, tmp_path: Path) -> subprocess.Popen:
    # The worker records its tasks' outcomes in its database: a throwaway one, never the checkout's var/ or CI's.
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
                       "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}", **env},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def send_ping(broker: str, backend: str, transport_options: dict) -> str:
    client = Celery("antq-test", broker=broker, backend=backend)
    client.conf.broker_transport_options = transport_options
    return client.send_task("antqcore.tasks.ping").get(timeout=60)


def stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


def test_the_embedded_folder_broker_runs_jobs_in_a_separate_worker(tmp_path):
    queue, processed, results = tmp_path / "queue", tmp_path / "processed", tmp_path / "results"
    control = tmp_path / "control"
    for folder in (queue, processed, results, control):
        folder.mkdir()
    options = {"data_folder_in": str(queue), "data_folder_out": str(queue), "processed_folder": str(processed),
               "control_folder": str(control)}
    # The worker reads the same folders through the settings of `make run`.
    worker = start_worker({"CELERY_BROKER_URL": "filesystem://", "CELERY_RESULT_BACKEND": f"file://{results}",
                           "ANTQ_CELERY_FOLDER": str(tmp_path)}, tmp_path)
    try:
        assert send_ping("filesystem://", f"file://{results}", options) == "pong"
    finally:
        stop(worker)


@pytest.mark.redis
def test_a_worker_on_redis_runs_jobs(tmp_path):
    url = os.environ.get("REDIS_URL", "")
    if not url:
        skip_or_fail("REDIS_URL is not set: no Redis to test against", "ANTQ_REQUIRE_SERVICES")
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2).close()
    except OSError:
        skip_or_fail(f"Redis at {url} does not answer", "ANTQ_REQUIRE_SERVICES")
    worker = start_worker({"CELERY_BROKER_URL": url, "CELERY_RESULT_BACKEND": url}, tmp_path)
    try:
        started = time.monotonic()
        assert send_ping(url, url, {}) == "pong"
        assert time.monotonic() - started < 60
    finally:
        stop(worker)
