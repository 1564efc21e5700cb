from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Movement activities")

    def ready(self):
        from antqcore.demo import register_demo_seeder

        from .demo.records import records_demo_seed
        from .demo.tallies import tallies_demo_seed
        from .figures import records, tallies  # noqa: F401  the figures register themselves

        register_demo_seeder("activities.tallies", tallies_demo_seed, order=50)
        register_demo_seeder("activities.records", records_demo_seed, order=55)
