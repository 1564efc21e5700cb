"""The units' searchable picker (antqcore.lookups): the live units of the user's scope whose name, tax code, address
or country holds every word typed; each with its commune (`area`), which the incident form names as the incident's
area."""

from antqcore.forms import area_choice_label
from antqcore.lookups import Lookup, register_lookup

from .forms import unit_choice_label
from .selectors import unit_list, units_visible


def units_matching(user, search: str, params):
    return unit_list(base=units_visible(user=user), search=search)


def unit_commune(unit) -> dict:
    return {"area": {"id": unit.commune_id, "text": area_choice_label(unit.commune)}}


register_lookup("units", Lookup(rows=units_matching, label=unit_choice_label, extra=unit_commune))
