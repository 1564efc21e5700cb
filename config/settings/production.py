"""Production settings. Refuse to start without SECRET_KEY (a real one: not empty, not the placeholder of
.env.example, long and random), ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (the broker and the shared cache of the
login lockouts and API throttles: without it they would live in one process's memory)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, env, log_format_from_env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="").strip()
# The placeholders shipped in .env.example and the docs, and keys Django itself calls insecure.
PLACEHOLDER_SECRET_KEYS = {"change-me", "changeme", "secret", "build-only-not-secret"}
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable (it is empty or missing)")
if (SECRET_KEY.lower() in PLACEHOLDER_SECRET_KEYS or SECRET_KEY.startswith("django-insecure")
        or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "SECRET_KEY is a placeholder or too weak: set a random key of at least 50 characters, e.g. "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
if not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured("Set the REDIS_URL environment variable (the Celery broker and the shared cache)")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set the ALLOWED_HOSTS environment variable")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]  # asked over plain http from inside (healthcheck, Prometheus)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
ANTQ_ALLOW_DEMO_DATA = False

# Operations (issue #13 part 3): JSON log lines for a log collector, unless ANTQ_LOG_FORMAT=plain. A metrics token is
# long and random, like SECRET_KEY: it opens /metrics from any address.
ANTQ_LOG_FORMAT = log_format_from_env("json")
LOGGING["handlers"]["console"]["formatter"] = ANTQ_LOG_FORMAT
ANTQ_METRICS_TOKEN = env("ANTQ_METRICS_TOKEN", default="").strip()
if ANTQ_METRICS_TOKEN and (len(ANTQ_METRICS_TOKEN) < 32 or len(set(ANTQ_METRICS_TOKEN)) < 8):
    raise ImproperlyConfigured(
        "ANTQ_METRICS_TOKEN is too weak: leave it empty or set a random token of at least 32 characters, e.g. "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
    )
