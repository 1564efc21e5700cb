"""Forms of the incident pages. They collect and check input; every write is a service of services.py, and every
choice they offer (units, areas) is cut to the user's scope."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antqcore.forms import StyledFormMixin, add_check_errors, area_choice_label
from antqcore.models import Area, AreaLevel
from antqcore.scoping import areas_in_scope_q
from antqcore.selectors import area_picker_help
from antqcore.widgets import DatePickerInput, LookupSelect
from units.forms import unit_choice_label
from units.models import Unit
from units.selectors import units_visible

from .models import Incident, IncidentType
from .services import INCIDENT_FIELDS, incident_check_rules, incident_fill_defaults

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
INCIDENT_AREA_LEVELS = [AreaLevel.DISTRICT, AreaLevel.COMMUNE]
YES_NO = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]


class IncidentFilterForm(forms.Form):
    """The filters of the incident list."""

    type = forms.ModelChoiceField(label=_("Type"), required=False, queryset=IncidentType.objects.all(),
                                  to_field_name="code", empty_label=_("All types"))
    area = forms.ModelChoiceField(label=_("District"), required=False, queryset=Area.objects.none(),
                                  empty_label=_("Whole scope"))
    date_from = forms.DateField(label=_("From"), required=False, widget=DatePickerInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DatePickerInput)
    serious = forms.ChoiceField(label=_("Serious"), required=False, choices=[
        ("", _("Serious or not")), ("1", _("Serious only")), ("0", _("Not serious"))])
    verified = forms.ChoiceField(label=_("Verified"), required=False, choices=[
        ("", _("Verified or not")), ("1", _("Verified only")), ("0", _("Not verified"))])
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=Unit.objects.none(),
                                  widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        levels = [AreaLevel.PROVINCE] if user.sees_everything else [AreaLevel.PROVINCE, AreaLevel.DISTRICT]
        self.fields["area"].queryset = Area.objects.filter(areas_in_scope_q(user), level__in=levels).order_by("path")
        self.fields["unit"].queryset = units_visible(user=user)

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        flag = {"1": True, "0": False}
        return {"type_code": d["type"].code if d["type"] else "", "area": d["area"], "unit": d["unit"],
                "start": d["date_from"], "end": d["date_to"], "serious": flag.get(d["serious"]),
                "verified": flag.get(d["verified"])}


class ScopedUnitField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("This unit is not in your area.")}

    def label_from_instance(self, obj):
        return unit_choice_label(obj)


class ScopedAreaField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("This area is not in your area of responsibility.")}

    def label_from_instance(self, obj):
        return area_choice_label(obj)


class IncidentForm(StyledFormMixin, forms.ModelForm):
    """The quick entry form (and the edit form): the essentials on one screen, the details folded below."""

    DETAILS = [
        (_("People involved"), ["cadres", "public_employees", "workers", "students", "outsiders"]),
        (_("Consequences"), ["deaths", "injuries", "damage_vnd"]),
        (_("Handling"), ["reported", "verified", "from_public_tip", "prosecuted", "defendants", "fined",
                         "fine_vnd"]),
    ]

    class Meta:
        model = Incident
        fields = INCIDENT_FIELDS
        field_classes = {"unit": ScopedUnitField, "area": ScopedAreaField}
        widgets = {
            "type": forms.RadioSelect,
            "occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
            "description": forms.Textarea(attrs={"rows": 3}),
            # Searched on the server, in the user's scope (antqcore.lookups); incident_form.js names the chosen unit's
            # commune as the area.
            "unit": LookupSelect("units"),
            "area": LookupSelect("areas", params={"level": INCIDENT_AREA_LEVELS}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        f, current = self.fields, self.instance
        f["type"].queryset = IncidentType.objects.filter(Q(active=True) | Q(pk=current.type_id))
        f["type"].empty_label = None
        f["occurred_at"].input_formats = [DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"]
        if not current.pk:
            f["occurred_at"].initial = lambda: timezone.localtime().replace(second=0, microsecond=0)
        # What the record already names stays choosable, even outside the scope (a wider scope chose it).
        units = units_visible(user=user)
        f["unit"].queryset = Unit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk=current.unit_id)
                                                 ).select_related("commune__parent")
        f["unit"].required = False
        f["unit"].empty_label = _("— No unit (it happened outside a unit) —")
        areas = Area.objects.filter(areas_in_scope_q(user), level__in=INCIDENT_AREA_LEVELS)
        f["area"].queryset = Area.objects.filter(Q(pk__in=areas.values("pk")) | Q(pk=current.area_id)
                                                 ).select_related("parent")
        f["area"].required = False
        f["area"].empty_label = _("— From the unit, or choose —")
        f["area"].help_text = area_picker_help(user=user, help_text=_(
            "With a unit, its commune as it was on the day; choose the area when there is no unit, or to give a "
            "district."))
        for name in ("cadres", "public_employees", "workers", "students", "outsiders", "deaths", "injuries",
                     "damage_vnd", "defendants", "fine_vnd"):
            f[name].widget.attrs.update({"inputmode": "numeric", "min": "0"})

    def details(self):
        return [(title, [self[name] for name in names]) for title, names in self.DETAILS]

    def details_open(self) -> bool:
        """The details start unfolded when they hold an error or something other than the defaults."""
        names = [n for _title, names in self.DETAILS for n in names]
        if any(n in self.errors for n in names):
            return True
        return bool(self.instance.pk) and any(getattr(self.instance, n) for n in names if n != "reported")

    def unit_area_label(self) -> str:
        """The commune of the unit given or sent back, which the service takes as the area when none is chosen; named
        as the units' picker names it (units/lookups.py), which incident_form.js shows when the unit changes."""
        value = self["unit"].value()
        unit = self.fields["unit"].queryset.filter(pk=value).first() if str(value or "").isdigit() else None
        return area_choice_label(unit.commune) if unit else ""

    def clean(self):
        cleaned = super().clean()
        # The registry's rules run on whatever is valid, so the user sees every problem at once.
        try:
            incident_check_rules(data=incident_fill_defaults(data=cleaned))
        except ValidationError as exc:
            add_check_errors(self, exc)
        return cleaned

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in INCIDENT_FIELDS}
