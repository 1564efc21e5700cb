from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Units registry")

    def ready(self):
        from antqcore.demo import register_demo_seeder
        from antqcore.navigation import NavItem, register_nav

        from . import figures, lookups  # noqa: F401  register context.* and guards.* figures, the units' picker
        from .demo import units_demo_seed
        from .demo_today import units_today_seed

        register_demo_seeder("units", units_demo_seed, order=10)
        # After every demo of 2019, which draw from Bắc Giang's units; before the registries' demos of today.
        register_demo_seeder("units_today", units_today_seed, order=60)
        register_nav(NavItem(label=_("Units"), url_name="units:list", order=10))
