"""Settings for the test suite: PostgreSQL when DATABASE_URL is set, SQLite otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ANTQ_ALLOW_DEMO_DATA = True
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="cache+memory://")
# A report template naming a figure the statistics registry does not know fails the test instead of printing "[?key]".
REPORTS_STRICT_FIGURES = True
# Authentication (issue #12 item 7): the throttles' counters in this process's memory, even where REDIS_URL is set (CI):
# tests clear them between tests (tests/conftest.py), and clearing a Redis cache would flush the broker's database.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "antq-tests"}}
