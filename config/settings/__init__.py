"""Settings modules: base (shared), local (`make run`), test, production.

Entry points that are not told which settings to use (manage.py, the Celery app) take `default_module()`: the local
settings on a developer's checkout, the production settings inside the production image (whose Dockerfile sets
ANTQ_PRODUCTION_IMAGE=1), so that a command run in the image without DJANGO_SETTINGS_MODULE can never fall back to
a debug configuration."""

import os

LOCAL = "config.settings.local"
PRODUCTION = "config.settings.production"


def in_production_image() -> bool:
    return os.environ.get("ANTQ_PRODUCTION_IMAGE", "") not in ("", "0")


def default_module() -> str:
    return PRODUCTION if in_production_image() else LOCAL
