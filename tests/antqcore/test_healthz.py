import pytest

from config.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_it_answers_200_when_database_and_broker_are_up(client):
    # The web's own needs (the full report, with the worker and beat: tests/operations/test_health.py).
    r = client.get("/healthz?only=database,broker")
    assert r.status_code == 200
    body = r.json()
    assert {key: body[key] for key in ("status", "database", "broker")} == {"status": "ok", "database": "ok",
                                                                            "broker": "ok"}


def test_it_answers_503_when_the_broker_is_down(client, monkeypatch):
    # Nothing listens on port 1: the broker is down.
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json()["broker"] == "down" and r.json()["database"] == "ok"


def test_it_answers_503_when_the_database_is_down(client, monkeypatch):
    from antqcore import health

    class DownConnection:
        def cursor(self):
            raise RuntimeError("database is down")

    monkeypatch.setattr(health, "connection", DownConnection())
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json()["database"] == "down"
