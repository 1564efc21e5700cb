"""What the registries' API filters share."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from rest_framework.exceptions import ValidationError

from antqcore.models import Area
from antqcore.selectors import AreaNotFound, area_resolve, area_resolve_latest

from .fields import EARLIEST, LATEST

BIGINT_MAX = 2**63 - 1
# The years a year filter or a campaign may name.
YEARS = range(1900, 2101)


AREA_ON_HELP = ("The date the `area` code is read on (codes are reused across maps: 24 was Bắc Giang until "
                "30/06/2025 and is Bắc Ninh since); default: today's map, else the last day of the old map")


def area_filter_value(code: str | None, on: datetime.date | None = None) -> Area | None:
    """The area an `area` query parameter names: the area bearing that code on `on`, or without `on` the code as
    typed today (today's map, else the last day of the old map); None when the parameter is empty; 400 when no
    area has that code."""
    if not code:
        return None
    try:
        return area_resolve(code=code, on=on) if on else area_resolve_latest(code=code)
    except AreaNotFound:
        if on:
            message = _("No area has code %(code)s on %(date)s.") % {"code": code, "date": on.strftime("%d/%m/%Y")}
        else:
            message = _("No area has code %(code)s.") % {"code": code}
        raise ValidationError({"area": message}) from None


class StrictBooleanWidget(forms.TextInput):
    """The raw value of a boolean parameter: django-filter's widget reads anything but true/false/1/0 as absent."""


class StrictBooleanField(forms.NullBooleanField):
    widget = StrictBooleanWidget
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        if str(value).lower() in self.VALUES:
            return self.VALUES[str(value).lower()]
        raise forms.ValidationError(_("Enter true or false."), code="invalid")

    def validate(self, value):
        pass


class BoundedDateTimeField(IsoDateTimeField):
    """A moment of a list filter (`updated_since`): in 1900–2100, read in UTC — the database refuses an offset beyond
    ±15 hours (`-22:41`), and the year 330 is no moment of a record."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        if not EARLIEST <= moment < LATEST:
            raise forms.ValidationError(_("Enter a date and time between 1900 and 2100."), code="out_of_range")
        return moment.astimezone(datetime.UTC)


class StrictFilterSet(filters.FilterSet):
    """A list's query parameters read as the schema says them: a number is a whole number the database can hold (an
    id up to 2^63−1, a year within YEARS), a boolean is true or false, and a parameter of such a type given empty is
    refused — 400 naming the parameter, where django-filter would have ignored it and listed everything."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, declared in self.filters.items():
            if isinstance(declared, filters.NumberFilter):
                low, high = (YEARS.start, YEARS.stop - 1) if name == "year" else (-BIGINT_MAX - 1, BIGINT_MAX)
                declared.field_class = forms.IntegerField
                declared.extra.update(min_value=low, max_value=high)
            elif isinstance(declared, filters.DateTimeFilter):
                declared.field_class = BoundedDateTimeField
            elif isinstance(declared, filters.BooleanFilter):
                declared.field_class = StrictBooleanField
                declared.extra["widget"] = StrictBooleanWidget

    def is_valid(self):
        valid = super().is_valid()
        for name, declared in self.filters.items():
            if not isinstance(declared, filters.CharFilter) and self.data.get(name, None) == "":
                self.form.add_error(name, _("Give a value or leave the parameter out."))
                valid = False
        return valid


class FilterBackend(filters.DjangoFilterBackend):
    """DjangoFilterBackend whose FilterSets made from `filterset_fields` are strict too."""

    filterset_base = StrictFilterSet


class SelectorFilterSet(StrictFilterSet):
    """The query parameters of a list that one selector filters, as the web list does: the declared filters (each
    with method="noop") only read and document the parameters, and `select(queryset, data)` applies them all, `data`
    being the cleaned values with `area` already the Area its code names. The queryset comes already scoped."""

    area = filters.CharFilter(method="noop", help_text="Official code of a province, district or commune: its subtree")
    on = filters.DateFilter(method="noop", help_text=AREA_ON_HELP)

    def __init_subclass__(cls, **kwargs):
        # A list not filtered by area (`area = None`: the directive documents) has no date to read a code on.
        super().__init_subclass__(**kwargs)
        if "area" not in cls.declared_filters and "on" in cls.declared_filters:
            cls.declared_filters = {k: v for k, v in cls.declared_filters.items() if k != "on"}


    def noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = dict(self.form.cleaned_data)
        data["area"] = area_filter_value(data.get("area"), data.pop("on", None))
        return self.select(queryset, data)

    def select(self, queryset, data: dict):
        raise NotImplementedError(f"{type(self).__name__} must implement select(queryset, data)")
