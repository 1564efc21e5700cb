"""The composition root: settings, URLs, the API router, the Celery app and the WSGI entry point. The only package that
imports every app; no app imports it."""

from .celery import app as celery_app

__all__ = ("celery_app",)
