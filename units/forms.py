from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antqcore.forms import StyledFormMixin, TodayFieldsMixin, add_check_errors, area_choice_label
from antqcore.models import Area, AreaLevel
from antqcore.scoping import areas_in_scope_q, reach_q
from antqcore.widgets import DatePickerInput, LookupSelect

from .models import FireTeam, FireTeamConsolidation, GuardForce, IndustrialZone, Unit, UnitKind, UnitStatus, UnitSubtype
from .services import unit_check_rules


def unit_choice_label(unit: Unit) -> str:
    """A unit in a picker: its name and commune."""
    return f"{unit.name} — {unit.commune.name}"


class UnitFilterForm(forms.Form):
    """The filters of the unit list, shared by the list page and the Excel export."""

    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds"))] + UnitKind.choices)
    subtype = forms.ChoiceField(label=_("Subtype"), required=False,
                                choices=[("", _("All subtypes"))] + UnitSubtype.choices)
    area = forms.ModelChoiceField(label=_("Area"), required=False, queryset=Area.objects.none(),
                                  empty_label=_("Whole scope"))
    zone = forms.ModelChoiceField(label=_("Zone or cluster"), required=False, queryset=IndustrialZone.objects.none(),
                                  empty_label=_("Any"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status"))] + UnitStatus.choices)
    fdi = forms.ChoiceField(label=_("FDI"), required=False,
                            choices=[("", _("All")), ("1", _("FDI only")), ("0", _("Not FDI"))])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The districts (or the scope itself) the user may narrow to.
        # Whoever sees the whole country narrows by province; everyone else by the districts of their scope.
        levels = [AreaLevel.PROVINCE] if user.sees_everything else [AreaLevel.PROVINCE, AreaLevel.DISTRICT]
        self.fields["area"].queryset = Area.objects.filter(areas_in_scope_q(user), level__in=levels).order_by("path")
        self.fields["zone"].queryset = IndustrialZone.objects.filter(reach_q(user, "area"))

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "search": d["q"], "kind": d["kind"], "subtype": d["subtype"], "area": d["area"],
            "zone": d["zone"].pk if d["zone"] else None, "status": d["status"],
            "fdi": {"1": True, "0": False}.get(d["fdi"]),
        }


class UnitForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name", "kind", "subtype", "investor_country", "tax_code", "commune", "address", "managing_level",
            "managing_body", "staff_count", "worker_count", "student_count", "headcount_year",
            "has_party_organisation", "zone", "status", "started_on", "dissolved_on", "contact_person", "phone",
            "email",
        ]
        widgets = {
            "started_on": DatePickerInput,
            "dissolved_on": DatePickerInput,
            "commune": LookupSelect("areas", params={"level": AreaLevel.COMMUNE}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = (
            Area.objects.filter(areas_in_scope_q(user), level=AreaLevel.COMMUNE).select_related("parent")
            .order_by("parent__name", "name")
        )
        self.fields["commune"].label_from_instance = area_choice_label
        # The zones of the scope, and the one the unit already has (a wider scope may have chosen it).
        self.fields["zone"].queryset = IndustrialZone.objects.filter(
            reach_q(user, "area") | Q(pk=self.instance.zone_id))
        self.user = user

    def clean(self):
        # The registry's rules run on whatever is valid, so the user sees every problem at once.
        cleaned = super().clean()
        try:
            unit_check_rules(data=cleaned, instance=self.instance if self.instance.pk else None, actor=self.user)
        except forms.ValidationError as exc:
            add_check_errors(self, exc)
        return cleaned


class GuardForceForm(TodayFieldsMixin, StyledFormMixin, forms.ModelForm):
    today_fields = ("year",)

    class Meta:
        model = GuardForce
        fields = ["year", "organisation_form", "staffing", "official_staff", "long_term", "short_term", "bodyguards",
                  "trained"]


class FireTeamForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FireTeam
        fields = ["established_on", "members"]
        widgets = {"established_on": DatePickerInput}


class FireTeamConsolidationForm(TodayFieldsMixin, StyledFormMixin, forms.ModelForm):
    today_fields = ("date",)

    class Meta:
        model = FireTeamConsolidation
        fields = ["date", "members", "note"]
        widgets = {"date": DatePickerInput}
