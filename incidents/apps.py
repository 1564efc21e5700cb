from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents and cases")

    def ready(self):
        from antqcore.dataload import datafile_register
        from antqcore.demo import register_demo_seeder
        from antqcore.navigation import NavItem, register_nav
        from certification.crosscheck import register_incident_source

        from . import figures, tabs  # noqa: F401  figures and the unit page's tab register themselves
        from .crosscheck import incident_hits
        from .demo import incidents_demo_seed
        from .demo_today import incidents_today_seed
        from .reference_data import INCIDENT_TYPES

        register_nav(NavItem(label=_("Incidents"), url_name="incidents:list", order=40))
        register_demo_seeder("incidents", incidents_demo_seed, order=40)
        register_demo_seeder("incidents_today", incidents_today_seed, order=70)  # after every 2019 demo and units_today
        register_incident_source("incidents", incident_hits)
        datafile_register(INCIDENT_TYPES)  # the criteria name the types: checked against the file before it loads
