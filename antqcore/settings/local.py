"""Settings for `make run`: a developer's or demo machine. SQLite and a folder broker unless told otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-only-insecure-key-antq-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Demo accounts may be seeded only where this is true.
ANTQ_ALLOW_DEMO_DATA = True
# Celery beat creates the quarterly and annual reports of the demo province (Bắc Giang's code).
ANTQ_SCHEDULED_REPORT_AREAS = env.list("ANTQ_SCHEDULED_REPORT_AREAS", default=["24"])
