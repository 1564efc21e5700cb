from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from antqcore.demo import register_demo_seeder
        from antqcore.metrics import register_metrics
        from antqcore.navigation import NavItem, register_nav
        from antqcore.provinces import register_province_setup_step
        from antqcore.views import register_home_panel

        from .dashboard import dashboard_panel
        from .demo import reports_demo_seed
        from .locks import register_lockable
        from .metrics import report_metrics
        from .province_setup import reports_province_setup

        register_nav(NavItem(label=_("Reports"), url_name="reports:list", order=80))
        register_home_panel(dashboard_panel)
        register_demo_seeder("reports", reports_demo_seed, order=90)
        register_province_setup_step("reports", reports_province_setup, order=60)  # profile, active templates
        register_metrics(report_metrics)  # the generation time and the runs by status, on /metrics
        # The registries' dated records: a final report locks those of its area and period.
        for label, date_field in (("incidents.Incident", "occurred_at"),
                                  ("commendations.Commendation", "decision_date"),
                                  ("certification.Decision", "date"),
                                  ("tallies.TallyValue", "period_end"),
                                  ("coordination.Inspection", "inspected_on")):
            register_lockable(self.apps.get_model(label), date_field=date_field, area_field="area")
