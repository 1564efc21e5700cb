from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Movement activities")

    def ready(self):
        from antqcore.demo import register_demo_seeder
        from antqcore.navigation import NavItem, register_nav

        from .demo.records import records_demo_seed
        from .demo.tallies import tallies_demo_seed
        from .figures import records, tallies  # noqa: F401  the figures register themselves

        register_demo_seeder("activities.tallies", tallies_demo_seed, order=50)
        register_demo_seeder("activities.records", records_demo_seed, order=55)
        register_nav(NavItem(label=_("Movement figures"), url_name="activities:tallies_summary", order=50))

        # Records: the unit page's tab, the "Documents cited" panel of every record that cites, the menu entry.
        from . import tabs  # noqa: F401
        from .panels import register_panels

        register_panels()
        register_nav(NavItem(label=_("Coordination, inspections"), url_name="activities:agreement_list",
                             order=55))
