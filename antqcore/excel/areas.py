"""The area a sheet's code means, on either map of the 1 July 2025 reform."""

from collections.abc import Collection
from typing import Any

from django.utils import timezone

from ..scoping import area_in_scope
from ..selectors import AreaNotFound, area_resolve, last_day_of_old_map


def area_for_code(code: str, *, user, levels: Collection[str], current=None):
    """The area (of one of `levels`) a sheet means by `code`, or None. Codes were reused by the 1 July 2025 reform,
    so:
    - an unchanged code on an update keeps the record's area (a round trip must not move it to the other map);
    - otherwise look the code up on today's map, then on 30/06/2025, the last day of the old map;
    - where both maps have the code, prefer the area inside the user's scope (an officer of an old district writes
      the old codes); if neither is, return the first so that the caller reports it as out of area."""
    if current is not None and current.code == code:
        return current
    found = []
    for day in (timezone.localdate(), last_day_of_old_map()):
        try:
            area = area_resolve(code=code, on=day)
        except AreaNotFound:
            continue
        if area.level in levels:
            found.append(area)
    return next((a for a in found if area_in_scope(user, a)), found[0] if found else None)


class AreaCodes:
    """The area codes of one import, each looked up once (a sheet repeats the same few communes)."""

    def __init__(self, *, user, levels: Collection[str]):
        self.user, self.levels = user, levels
        self.found: dict[tuple, Any] = {}

    def get(self, code: str, current=None):
        """area_for_code, remembered; `current` is the area of the record an update row changes."""
        key = (code, current.pk if current else None)
        if key not in self.found:
            self.found[key] = area_for_code(code, user=self.user, levels=self.levels, current=current)
        return self.found[key]
