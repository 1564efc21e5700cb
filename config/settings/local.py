"""Settings for `make run`: a developer's or demo machine. SQLite and a folder broker unless told otherwise.

Never in the production image: there DEBUG and the demo accounts must be impossible, so these settings refuse to
load. The secret key is not a constant of the source: SECRET_KEY from the environment, or a random key made once
per checkout and kept in var/secret_key."""

import os
import secrets
import time

from django.core.exceptions import ImproperlyConfigured

from . import in_production_image
from .base import *  # noqa: F403
from .base import VAR_DIR, env

if in_production_image():
    raise ImproperlyConfigured(
        "config.settings.local cannot run in the production image (ANTQ_PRODUCTION_IMAGE is set): use "
        "DJANGO_SETTINGS_MODULE=config.settings.production."
    )


def _checkout_secret_key() -> str:
    # The web server, the worker and beat start together: the first to get here creates the file (O_EXCL), the
    # others read it.
    path = VAR_DIR / "secret_key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_urlsafe(50))
    for _ in range(50):  # another process may be writing it this very moment
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
        time.sleep(0.05)
    raise ImproperlyConfigured(f"{path} is empty: delete it and start again.")


DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="") or _checkout_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Demo accounts may be seeded only where this is true.
ANTQ_ALLOW_DEMO_DATA = True
# Celery beat creates the quarterly and annual reports of the demo province (Bắc Giang's code).
ANTQ_SCHEDULED_REPORT_AREAS = env.list("ANTQ_SCHEDULED_REPORT_AREAS", default=["24"])
if DEBUG:
    # A missing page shows the site's 404 page, not Django's technical page with the list of every URL.
    MIDDLEWARE = [*MIDDLEWARE, "antqcore.errors.SiteNotFoundPageMiddleware"]  # noqa: F405
