"""What the registries' API filters share."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from antqcore.models import Area
from antqcore.selectors import AreaNotFound, area_resolve_latest


def area_filter_value(code: str | None) -> Area | None:
    """The area an `area` query parameter names (an official code as typed today: today's map, else the last day of
    the old map), None when the parameter is empty; 400 when no area has that code."""
    if not code:
        return None
    try:
        return area_resolve_latest(code=code)
    except AreaNotFound:
        raise ValidationError({"area": _("No area has code %(code)s.") % {"code": code}}) from None
