"""The unit page's "Phối hợp, kiểm tra" tab: the coordination agreements the unit signed as the other party and the
inspections of the unit, within the user's scope."""

from django.utils.translation import gettext_lazy as _

from units.tabs import UnitTab, register_unit_tab

from .selectors import unit_agreements, unit_inspections


def _context(unit, user) -> dict:
    return {"unit": unit, "agreements": list(unit_agreements(user=user, unit=unit)),
            "inspections": list(unit_inspections(user=user, unit=unit))}


register_unit_tab(UnitTab(key="coordination", label=_("Coordination, inspections"),
                          template="coordination/_unit_tab.html", context=_context, order=55))
