from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from antqcore.demo import register_demo_seeder
        from antqcore.navigation import NavItem, register_nav
        from antqcore.provinces import register_province_setup_step

        from . import figures, tabs  # noqa: F401  figures and the unit page's tab register themselves
        from .demo import certification_demo_seed
        from .demo_today import certification_today_seed
        from .province_setup import certification_province_setup

        register_nav(NavItem(label=_("Certification"), url_name="certification:campaigns", order=20))
        register_demo_seeder("certification", certification_demo_seed, order=20)
        register_demo_seeder("certification_today", certification_today_seed, order=62)  # after units_today
        register_province_setup_step("certification", certification_province_setup, order=60)
