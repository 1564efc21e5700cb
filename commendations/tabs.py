"""The unit page's "Khen thưởng" tab: the unit's own commendations and those of the people working in it, within the
user's scope."""

from django.utils.translation import gettext_lazy as _

from units.tabs import UnitTab, register_unit_tab

from .models import RecipientKind
from .selectors import commendation_list, commendations_visible


def _context(unit, user) -> dict:
    rows = list(commendation_list(base=commendations_visible(user=user), unit=unit))
    return {"unit": unit,
            "collective": [c for c in rows if c.recipient_kind == RecipientKind.COLLECTIVE],
            "individual": [c for c in rows if c.recipient_kind == RecipientKind.INDIVIDUAL]}


register_unit_tab(UnitTab(key="commendations", label=_("Commendations"), template="commendations/_unit_tab.html",
                          context=_context, order=45))
