"""What the registries' API filters share."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
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


class SelectorFilterSet(filters.FilterSet):
    """The query parameters of a list that one selector filters, as the web list does: the declared filters (each
    with method="noop") only read and document the parameters, and `select(queryset, data)` applies them all, `data`
    being the cleaned values with `area` already the Area its code names. The queryset comes already scoped."""

    area = filters.CharFilter(method="noop", help_text="Official code of a province, district or commune: its subtree")

    def noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = dict(self.form.cleaned_data)
        data["area"] = area_filter_value(data.get("area"))
        return self.select(queryset, data)

    def select(self, queryset, data: dict):
        raise NotImplementedError(f"{type(self).__name__} must implement select(queryset, data)")
