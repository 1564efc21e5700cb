import os
from pathlib import Path

from celery import Celery

from antqcore.settings import default_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_module())

app = Celery("antq")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The worker's and beat's logging, and the request id carried into tasks (Celery's signals, connected on import: the
# worker sets up its logging before Django's apps are ready).
from . import logs  # noqa: E402, F401


def ensure_filesystem_broker_folders() -> None:
    """The embedded broker of `make run` is a folder; kombu expects it to exist."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
    backend = app.conf.result_backend or ""
    if backend.startswith("file://"):
        Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
