from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationsConfig(AppConfig):
    name = "commendations"
    verbose_name = _("Commendations")

    def ready(self):
        from antqcore.demo import register_demo_seeder
        from antqcore.navigation import NavItem, register_nav

        from . import figures, tabs  # noqa: F401  figures and the unit page's tab register themselves
        from .demo import commendations_demo_seed
        from .demo_today import commendations_today_seed

        register_nav(NavItem(label=_("Commendations"), url_name="commendations:list", order=45))
        register_demo_seeder("commendations", commendations_demo_seed, order=45)
        register_demo_seeder("commendations_today", commendations_today_seed, order=71)  # after units_today
