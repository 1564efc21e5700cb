"""The unit page's "Phối hợp, kiểm tra" tab: the coordination agreements the unit signed as the other party and the
inspections of the unit, within the user's scope."""

from django.utils.translation import gettext_lazy as _

from antqcore.scoping import scope_q, user_can_write
from units.tabs import UnitTab, register_unit_tab

from .models import Agreement, Inspection
from .selectors import agreement_list, inspection_list


def _context(unit, user) -> dict:
    agreements = agreement_list(base=Agreement.objects.filter(scope_q(user, "area")), partner_unit=unit)
    inspections = inspection_list(base=Inspection.objects.filter(scope_q(user, "area")), unit=unit)
    return {"unit": unit, "can_write": user_can_write(user), "agreements": list(agreements),
            "inspections": list(inspections)}


register_unit_tab(UnitTab(key="coordination", label=_("Coordination, inspections"),
                          template="coordination/_unit_tab.html", context=_context, order=55))
