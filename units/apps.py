from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Units registry")

    def ready(self):
        from antqcore.demo import register_demo_seeder
        from antqcore.navigation import NavItem, register_nav

        from . import figures  # noqa: F401  registers context.* and guards.* figures
        from .demo import units_demo_seed

        register_demo_seeder("units", units_demo_seed, order=10)
        register_nav(NavItem(label=_("Units"), url_name="units:list", order=10))
