"""The unit page's "Vụ việc" tab: the unit's incidents within the user's scope, newest first, with a link to record
one for the unit."""

from django.utils.translation import gettext_lazy as _

from units.tabs import UnitTab, register_unit_tab

from .selectors import incident_counts_by_type, incident_list, incidents_visible

SHOWN = 20


def _context(unit, user) -> dict:
    incidents = incident_list(base=incidents_visible(user=user), unit=unit)
    return {"unit": unit, "incidents": incidents[:SHOWN], "counts": incident_counts_by_type(incidents=incidents),
            "shown": SHOWN}


register_unit_tab(UnitTab(key="incidents", label=_("Incidents"), template="incidents/_unit_tab.html",
                          context=_context, order=40))
