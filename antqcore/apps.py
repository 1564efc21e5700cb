from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AntqCoreConfig(AppConfig):
    name = "antqcore"
    verbose_name = _("Core: areas, people and scopes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db import models
        from rest_framework.serializers import ModelSerializer

        from . import (
            figures,  # noqa: F401  registers the context figures
            metrics,  # noqa: F401  counts every task's outcome (Celery's signals) for /metrics and /healthz
            signals,  # noqa: F401  security events of signing in, tokens revoked with the password
        )
        from .api.fields import LimitedTextField, RecordDateTimeField
        from .broker import ensure_filesystem_broker_folders
        from .navigation import NavItem, register_nav

        ensure_filesystem_broker_folders()
        # Every API serializer's free text (a model's TextField) has a length limit, with one message naming the field.
        ModelSerializer.serializer_field_mapping[models.TextField] = LimitedTextField
        # A moment of a record lies in 1900–2100 (an earlier one reads back with an offset RFC 3339 does not allow).
        ModelSerializer.serializer_field_mapping[models.DateTimeField] = RecordDateTimeField
        register_nav(NavItem(label=_("Accounts of ended areas"), url_name="antqcore:ended_scope_users", order=90))
        # After every migrate (and a test database's flush): the triggers that version each registry's data.
        post_migrate.connect(install_figure_triggers, sender=self, dispatch_uid="antq_figure_triggers")


def install_figure_triggers(*, using, **kwargs):
    from .figure_cache import install_triggers
    from .stats import registries_read

    install_triggers(using=using, registries=registries_read())
