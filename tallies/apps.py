from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalliesConfig(AppConfig):
    name = "tallies"
    verbose_name = _("Movement figures")

    def ready(self):
        from antqcore.demo import register_demo_seeder
        from antqcore.navigation import NavItem, register_nav
        from antqcore.provinces import register_province_setup_step

        from . import figures  # noqa: F401  the figures register themselves
        from .demo import tallies_demo_seed
        from .demo_today import tallies_province_seed, tallies_today_seed
        from .services import tallies_province_setup

        register_demo_seeder("tallies", tallies_demo_seed, order=50)
        register_demo_seeder("tallies_province", tallies_province_seed, order=71)  # the new province's bodies
        register_demo_seeder("tallies_today", tallies_today_seed, order=72)  # after every 2019 demo
        register_province_setup_step("tallies", tallies_province_setup, order=40)  # the reporting bodies
        register_nav(NavItem(label=_("Movement figures"), url_name="tallies:summary", order=50))
