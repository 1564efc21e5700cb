"""Forms of the tallies' pages: the entry grid (one value, "more than" box and note per indicator), the summary's
area and window, and the values list's filters."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antqcore.forms import StyledFormMixin
from antqcore.models import Area, AreaLevel, User
from antqcore.widgets import DatePickerInput

from .models import Indicator, PeriodType, ReportingBody
from .periods import Period
from .selectors import GridGroup
from .services import Cell, tally_check, value_parse


def plain_number(value: Decimal | None) -> str:
    """A stored value as the grid's input shows it: no grouping, so that it reads back the same in any language."""
    if value is None:
        return ""
    return str(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())


class GridForm(StyledFormMixin, forms.Form):
    """The fields value_<code>, more_<code> and note_<code> of every indicator of the grid."""

    def __init__(self, *args, groups: list[GridGroup], body: ReportingBody | None = None, period: Period | None = None,
                 **kwargs):
        self.groups, self.body, self.period = groups, body, period
        initial = dict(kwargs.pop("initial", None) or {})
        for group in groups:
            for row in group.rows:
                if row.value is not None:
                    code = row.indicator.code
                    initial |= {f"value_{code}": plain_number(row.value.value),
                                f"more_{code}": row.value.more_than, f"note_{code}": row.value.note}
        super().__init__(*args, initial=initial, **kwargs)
        for group in groups:
            for row in group.rows:
                code, name = row.indicator.code, row.indicator.name
                # Made after StyledFormMixin styled the form's fields: their Bootstrap classes are given here.
                # "decimal", not "numeric": the phone's keypad keeps the "." and "," of 1.200 and 2,5.
                self.fields[f"value_{code}"] = forms.CharField(
                    label=name, required=False, max_length=40,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                                  "class": "form-control text-end tally-value"}))
                self.fields[f"more_{code}"] = forms.BooleanField(
                    label=_("more than"), required=False,
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
                self.fields[f"note_{code}"] = forms.CharField(
                    label=_("note"), required=False, max_length=255,
                    widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
        for group in groups:  # the template reads each row's fields from the row
            for row in group.rows:
                code = row.indicator.code
                row.fields = (self[f"value_{code}"], self[f"more_{code}"], self[f"note_{code}"])

    def clean(self):
        cleaned = super().clean()
        self.cells: dict[str, Cell] = {}
        for group in self.groups:
            for row in group.rows:
                code = row.indicator.code
                text = (cleaned.get(f"value_{code}") or "").strip()
                note = cleaned.get(f"note_{code}") or ""
                if not text:
                    self.cells[code] = Cell(None)
                    continue
                try:
                    value, more_than = value_parse(text)
                except ValidationError as exc:
                    self.add_error(f"value_{code}", exc)
                    continue
                self.cells[code] = Cell(value, more_than or bool(cleaned.get(f"more_{code}")), note)
        if self.errors and self.body is not None:
            # The rules' verdict on the rows that could be read too, so that one pass fixes everything.
            self.add_rule_errors(tally_check(body=self.body, area=self.body.area, period_type=self.period.type,
                                             period_start=self.period.start, cells=self.cells))
        return cleaned

    def add_rule_errors(self, errors: dict[str, list[str]]) -> None:
        """The service's errors, each on its indicator's row (or the whole grid)."""
        for key, messages in errors.items():
            field = f"value_{key}"
            if field in self.fields:
                if field not in self.errors:
                    self.add_error(field, messages)
                    widget = self.fields[field].widget
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            else:
                self.add_error(None, messages)


def this_year() -> tuple[datetime.date, datetime.date]:
    year = timezone.localdate().year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def summary_areas(user: User):
    """The areas a summary may be asked for: the user's own area and the ones directly under it; everything for
    someone without a scope (province areas of both maps)."""
    if user.scope_area_id is None:
        return Area.objects.filter(level=AreaLevel.PROVINCE).order_by("name", "-valid_to")
    area = user.scope_area
    return Area.objects.filter(Q(pk=area.pk) | Q(parent=area)).order_by("path")


class SummaryForm(StyledFormMixin, forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    date_from = forms.DateField(label=_("From"), widget=DatePickerInput)
    date_to = forms.DateField(label=_("To"), widget=DatePickerInput)

    def __init__(self, data=None, *, user: User):
        start, end = this_year()
        data = data.copy() if data else {}
        data.setdefault("date_from", start.strftime("%d/%m/%Y"))
        data.setdefault("date_to", end.strftime("%d/%m/%Y"))
        if user.scope_area_id and not data.get("area"):
            data["area"] = str(user.scope_area_id)
        super().__init__(data)
        self.fields["area"].queryset = summary_areas(user)
        self.fields["area"].label_from_instance = _area_label

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned


def _area_label(area: Area) -> str:
    if area.valid_to:
        return _("%(name)s (until %(date)s)") % {"name": area.name, "date": area.valid_to.strftime("%d/%m/%Y")}
    return area.name


class ValueFilterForm(StyledFormMixin, forms.Form):
    body = forms.ModelChoiceField(label=_("Reporting body"), queryset=ReportingBody.objects.none(), required=False,
                                  empty_label=_("All bodies"), to_field_name="code")
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none(), required=False,
                                       empty_label=_("All indicators"), to_field_name="code")
    period_type = forms.ChoiceField(label=_("Period"), required=False,
                                    choices=[("", _("All periods")), *PeriodType.choices])
    date_from = forms.DateField(label=_("Periods ending from"), required=False, widget=DatePickerInput)
    date_to = forms.DateField(label=_("Periods ending until"), required=False, widget=DatePickerInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = ReportingBody.objects.order_by("kind", "name")
        self.fields["indicator"].queryset = Indicator.objects.order_by("order", "code")

    def selector_kwargs(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"body": d.get("body"), "indicator": d.get("indicator"), "period_type": d.get("period_type") or "",
                "start": d.get("date_from"), "end": d.get("date_to")}
