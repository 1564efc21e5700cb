from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelsRegistryConfig(AppConfig):
    name = "models_registry"
    verbose_name = _("Mass-organization models")

    def ready(self):
        from antqcore.demo import register_demo_seeder
        from antqcore.navigation import NavItem, register_nav

        from . import figures, lookups, tabs  # noqa: F401  figures, the picker and the unit page's tab register
        from .demo import models_demo_seed
        from .demo_today import models_today_seed

        register_nav(NavItem(label=_("Models"), url_name="models_registry:list", order=30))
        register_demo_seeder("models", models_demo_seed, order=30)
        register_demo_seeder("models_today", models_today_seed, order=64)  # after units_today
