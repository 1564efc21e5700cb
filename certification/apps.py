from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from antqcore.navigation import NavItem, register_nav

        from . import figures  # noqa: F401

        register_nav(NavItem(label=_("Certification"), url_name="certification:campaigns", order=20))
