"""/healthz says how the system is: the database, the broker, the worker (its heartbeat), beat, the queue and the free
space of the files folder, each named with its value; 503 when one is wrong. The web container's healthcheck asks
only for what the web needs, so a stopped worker never marks the web unhealthy."""

import datetime
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from celery import Celery
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from antqcore.models import TaskOutcomeCount
from antqcore.tasks import heartbeat, ping
from config.celery import app as celery_app
from tests.antqcore.test_celery import start_worker, stop
from tests.reports.test_celery_worker import test_database_url

ROOT = Path(__file__).resolve().parents[2]
HEARTBEAT = "antqcore.tasks.heartbeat"
CHECKS = {"database", "broker", "worker", "beat", "queue", "disk"}


def worker_answered(*, ago: datetime.timedelta) -> None:
    """The worker ran the heartbeat `ago` (its run is recorded like every task's)."""
    heartbeat.apply()
    TaskOutcomeCount.objects.filter(task=HEARTBEAT).update(last_at=timezone.now() - ago)


def beat_sent(*, ago: datetime.timedelta) -> None:
    PeriodicTask.objects.filter(task=HEARTBEAT).update(last_run_at=timezone.now() - ago)


@pytest.fixture
def all_well(db):
    worker_answered(ago=datetime.timedelta(seconds=20))
    beat_sent(ago=datetime.timedelta(seconds=20))


def test_beat_sends_the_heartbeat_every_minute(db):
    task = PeriodicTask.objects.get(task=HEARTBEAT)
    assert task.enabled and (task.interval.every, task.interval.period) == (1, "minutes")
    # A heartbeat nobody took within the minute is dropped, not piled up for a worker that comes back.
    assert 0 < task.expire_seconds <= 60


def test_everything_answering_is_200_with_every_check_named(client, all_well):
    r = client.get("/healthz")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == CHECKS
    assert all(body[name] == body["checks"][name]["status"] == "ok" for name in CHECKS)
    worker = body["checks"]["worker"]
    assert 20 <= worker["age_seconds"] < 60 and worker["max_age_seconds"] == 180
    assert body["checks"]["beat"]["age_seconds"] >= 20
    assert body["checks"]["disk"]["free_mb"] >= body["checks"]["disk"]["min_free_mb"] == 500


def test_a_worker_silent_for_minutes_is_a_503_naming_the_worker(client, all_well):
    worker_answered(ago=datetime.timedelta(minutes=4))
    r = client.get("/healthz")
    assert r.status_code == 503
    body = r.json()
    assert (body["status"], body["worker"]) == ("down", "down")
    assert body["checks"]["worker"]["age_seconds"] >= 240
    assert {name for name in CHECKS if body[name] != "ok"} == {"worker"}


def test_a_worker_that_never_answered_is_down(client, all_well):
    TaskOutcomeCount.objects.all().delete()
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json()["checks"]["worker"] == {"status": "down", "last_heartbeat": None, "age_seconds": None,
                                            "max_age_seconds": 180, "ms": r.json()["checks"]["worker"]["ms"]}


def test_beat_that_stopped_sending_is_down(client, all_well):
    beat_sent(ago=datetime.timedelta(minutes=10))
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json()["beat"] == "down" and r.json()["checks"]["beat"]["age_seconds"] >= 600


def test_the_threshold_of_the_worker_is_a_setting(client, all_well, settings):
    settings.ANTQ_HEALTH_WORKER_MAX_AGE_SECONDS = 10
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["worker"] == "down"


def test_too_little_free_space_in_the_files_folder_is_a_503(client, all_well, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media-not-created-yet")
    free_mb = shutil.disk_usage(tmp_path).free // 2**20
    settings.ANTQ_HEALTH_MIN_FREE_MB = free_mb + 10_000
    r = client.get("/healthz")
    assert r.status_code == 503
    disk = r.json()["checks"]["disk"]
    assert disk["status"] == r.json()["disk"] == "low"
    assert abs(disk["free_mb"] - free_mb) < 1000 and disk["min_free_mb"] == free_mb + 10_000


def test_the_queue_length_is_reported_and_a_long_queue_fails(client, all_well, settings):
    before = client.get("/healthz").json()["checks"]["queue"]
    ping.delay()
    ping.delay()
    after = client.get("/healthz").json()["checks"]["queue"]
    assert after["length"] == before["length"] + 2 and after["name"] == "celery"
    settings.ANTQ_HEALTH_MAX_QUEUE_LENGTH = after["length"] - 1
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["queue"] == "long"


def test_the_web_containers_healthcheck_passes_with_the_worker_and_beat_stopped(client, all_well):
    worker_answered(ago=datetime.timedelta(hours=1))
    beat_sent(ago=datetime.timedelta(hours=1))
    assert client.get("/healthz").status_code == 503
    healthcheck = " ".join(yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]
                           ["healthcheck"]["test"])
    url = re.search(r"/healthz[^'\"\s]*", healthcheck)[0]
    r = client.get(url)
    assert r.status_code == 200
    assert set(r.json()["checks"]) == {"database", "broker"}


def test_an_unknown_check_is_a_400_naming_the_known_ones(client, db):
    r = client.get("/healthz?only=database,coffee")
    assert r.status_code == 400
    assert "coffee" in r.json()["detail"] and set(r.json()["checks"]) == CHECKS


def test_it_stays_cheap(client, all_well, monkeypatch, django_assert_max_num_queries):
    def no_broadcast(*args, **kwargs):
        raise AssertionError("/healthz must not ask the workers over the broker")

    monkeypatch.setattr(celery_app.control, "inspect", no_broadcast)
    monkeypatch.setattr(celery_app.control, "ping", no_broadcast)
    with django_assert_max_num_queries(6):
        assert client.get("/healthz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_started_then_stopped_turns_the_worker_check_from_ok_to_down(client, settings, monkeypatch,
                                                                                    tmp_path):
    database_url = test_database_url()  # the worker writes into this test's database (PostgreSQL)
    folders = {name: tmp_path / name for name in ("queue", "processed", "control", "results")}
    for folder in folders.values():
        folder.mkdir()
    options = {"data_folder_in": str(folders["queue"]), "data_folder_out": str(folders["queue"]),
               "processed_folder": str(folders["processed"]), "control_folder": str(folders["control"])}
    # The folder broker of `make run`, read by the worker and by /healthz (the queue length).
    monkeypatch.setitem(celery_app.conf, "broker_url", "filesystem://")
    monkeypatch.setitem(celery_app.conf, "broker_transport_options", options)
    settings.ANTQ_HEALTH_WORKER_MAX_AGE_SECONDS = 3
    beat = Celery("antq-test-beat", broker="filesystem://", set_as_current=False)
    beat.conf.broker_transport_options = options

    def worker_check():
        return client.get("/healthz").json()["checks"]["worker"]["status"]

    worker = start_worker({"CELERY_BROKER_URL": "filesystem://", "ANTQ_CELERY_FOLDER": str(tmp_path),
                           "CELERY_RESULT_BACKEND": f"file://{folders['results']}", "DATABASE_URL": database_url},
                          tmp_path)
    try:
        assert worker_check() == "down"
        deadline = time.monotonic() + 60
        while worker_check() != "ok":  # the test plays beat: a heartbeat every half second
            if time.monotonic() > deadline or worker.poll() is not None:
                stop(worker)
                pytest.fail(f"the worker never ran the heartbeat:\n{worker.stdout.read().decode()}")
            beat.send_task(HEARTBEAT)
            time.sleep(0.5)
    finally:
        stop(worker)
    # Heartbeats sent while the worker was starting may still wait, or come back from its prefetch when it stops.
    waiting = client.get("/healthz").json()["checks"]["queue"]["length"]
    beat.send_task(HEARTBEAT)  # beat goes on sending; nobody takes the heartbeats any more
    deadline = time.monotonic() + 30
    while worker_check() != "down":
        assert time.monotonic() < deadline
        time.sleep(0.5)
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["worker"] == "down"
    assert r.json()["checks"]["queue"]["length"] == waiting + 1  # the new heartbeat waits in the queue
