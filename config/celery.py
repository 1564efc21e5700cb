import os

from celery import Celery

from antqcore.broker import celery_app_register
from config.settings import default_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_module())

app = Celery("antq")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
celery_app_register(app)

# The worker's and beat's logging, and the request id carried into tasks (Celery's signals, connected on import: the
# worker sets up its logging before Django's apps are ready).
from antqcore import logs  # noqa: E402, F401

