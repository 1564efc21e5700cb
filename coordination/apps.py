from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordination, inspections")

    def ready(self):
        from antqcore.demo import register_demo_seeder
        from antqcore.navigation import NavItem, register_nav

        from . import (
            figures,  # noqa: F401  the figures register themselves
            lookups,  # noqa: F401  the documents' picker
            tabs,  # noqa: F401  the unit page's tab
        )
        from .demo import coordination_demo_seed
        from .demo_today import coordination_today_seed
        from .panels import register_panels

        register_demo_seeder("coordination", coordination_demo_seed, order=55)
        register_demo_seeder("coordination_today", coordination_today_seed, order=73)  # after units_today
        # The "Documents cited" panel of every record that cites, and the menu entry.
        register_panels()
        register_nav(NavItem(label=_("Coordination, inspections"), url_name="coordination:agreement_list",
                             order=55))
