"""Settings of the load test's server: production's, with the bare reference view mounted (load_urls) and what a
plain-http run on the loopback needs. Used only by benchmarks/load/run.py; production code carries nothing of it."""

from config.settings.production import *  # noqa: F403
from config.settings.production import env

ROOT_URLCONF = "load_urls"
# No TLS proxy in front: gunicorn is asked over plain http, so no redirect to https, and the session and CSRF
# cookies must not be Secure-only or the load generator's cookie jar would never send them back.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# collectstatic's manifest of this run, outside the shared working tree's staticfiles/.
STATIC_ROOT = env.path("ANTQ_LOAD_STATIC_ROOT")
STORAGES = STORAGES | {"staticfiles": {"BACKEND": "load_storage.StaticFilesStorage"}}  # noqa: F405
