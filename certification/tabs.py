"""The unit page's "Công nhận" tab: the unit's participations year by year, and the criticisms it received."""

from django.utils.translation import gettext_lazy as _

from units.tabs import UnitTab, register_unit_tab

from .models import Criticism, Participation


def _context(unit, user) -> dict:
    return {
        "unit": unit,
        "participations": Participation.objects.filter(unit=unit).select_related("campaign__scheme", "decision")
        .order_by("-campaign__year", "campaign__scheme_id"),
        "criticisms": Criticism.objects.filter(unit=unit).select_related("campaign__scheme"),
    }


register_unit_tab(UnitTab(key="certification", label=_("Recognition"), template="certification/_unit_tab.html",
                          context=_context, order=20))
