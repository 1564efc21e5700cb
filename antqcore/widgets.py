"""The widgets of the web forms' dates and searchable pickers. static/js/pickers.js enhances them (flatpickr, Tom
Select); without it they are a text input and a plain select, and the forms work the same."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

DATE_FORMAT = "%d/%m/%Y"  # the first of DATE_INPUT_FORMATS in both languages: what the forms parse back


class DatePickerInput(forms.DateInput):
    """A date as dd/mm/yyyy with a calendar in the page's language; typing stays allowed, on a phone's numeric
    keypad (the script puts in the slashes of eight digits typed)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off",
                                "data-datepicker": "", **(attrs or {})}, format=DATE_FORMAT)


class LookupWidgetMixin:
    """A select of a model choice field that renders only the chosen record(s), not the whole queryset (1.575 units
    of a province made a page of 950 KB): the script searches the rest through `/lookup/<lookup>/` (antqcore.lookups),
    which answers from the user's scope. The field still validates against its own queryset."""

    def __init__(self, lookup: str, *, params: dict | None = None, attrs=None):
        super().__init__(attrs)
        self.lookup, self.params = lookup, params or {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = reverse("lookup", args=[self.lookup])
        if self.params:
            url = f"{url}?{urlencode(self.params, doseq=True)}"
        context["widget"]["attrs"].update({
            "data-lookup-url": url, "data-placeholder": _("Type to search…"),
            "data-no-results": _("Nothing found in your area."), "data-loading": _("Searching…")})
        return context

    def optgroups(self, name, value, attrs=None):
        everything = self.choices
        self.choices = chosen_choices(everything, value)
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything


def chosen_choices(choices, values) -> list:
    """The empty choice and the records of `values` that the field's queryset holds: an id outside it (typed into the
    address, or out of the user's scope) shows nothing, and the form says why."""
    if not isinstance(choices, ModelChoiceIterator):
        return choices
    field = choices.field
    wanted = {str(v) for v in values if v not in (None, "")}
    rows = []
    if wanted:
        try:
            rows = list(choices.queryset.filter(**{f"{field.to_field_name or 'pk'}__in": wanted}))
        except (ValueError, TypeError, ValidationError):  # not an id at all
            rows = []
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    return empty + [choices.choice(row) for row in rows]


class LookupSelect(LookupWidgetMixin, forms.Select):
    pass


class LookupSelectMultiple(LookupWidgetMixin, forms.SelectMultiple):
    pass
