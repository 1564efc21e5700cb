"""The project's Celery app as the lower layers see it. The composition root (config.celery) makes the app and
registers it here, so that antqcore (the health checks, the folder broker of `make run`) never imports config; Celery's
"current app" is not used because any Celery() made later in the same process (a test's client) would replace it."""

from pathlib import Path

from celery import Celery

_app: Celery | None = None


def celery_app_register(app: Celery) -> None:
    global _app
    _app = app


def celery_app() -> Celery:
    if _app is None:
        raise RuntimeError("No Celery app registered: config.celery registers it when the settings load.")
    return _app


def ensure_filesystem_broker_folders() -> None:
    """The embedded broker of `make run` is a folder; kombu expects it to exist."""
    app = celery_app()
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
    backend = app.conf.result_backend or ""
    if backend.startswith("file://"):
        Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
