"""Forms of the models registry pages. They collect and check input; every write is a service of services.py, and
every choice they offer (areas, units, models) is cut to the user's scope."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from antqcore.forms import StyledFormMixin, TodayFieldsMixin, add_check_errors, area_choice_label
from antqcore.models import Area, AreaLevel
from antqcore.scoping import areas_in_scope_q, scope_q
from antqcore.selectors import area_picker_help
from antqcore.widgets import DatePickerInput, LookupSelect, LookupSelectMultiple
from units.forms import unit_choice_label
from units.models import Unit

from .models import Activity, ModelStatus, ModelType, MovementModel, Review
from .services import MODEL_FIELDS, model_check_rules

YES_NO = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]
DATE_FIELDS = ["pilot_since", "established_on", "regulation_on", "launched_on"]


def _label(model, field: str):
    """The model's own (translated) name for a field, so a form and the model say the same thing."""
    return capfirst(model._meta.get_field(field).verbose_name)


def scope_units(user):
    return Unit.objects.alive().filter(scope_q(user, "commune")).select_related("commune").order_by("name", "id")


class ModelFilterForm(forms.Form):
    """The filters of the model list."""

    q = forms.CharField(label=_("Search"), required=False)
    type = forms.ModelChoiceField(label=_("Type"), required=False, queryset=ModelType.objects.all(),
                                  to_field_name="code", empty_label=_("All types"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status"))] + ModelStatus.choices)
    area = forms.ModelChoiceField(label=_("District"), required=False, queryset=Area.objects.none(),
                                  empty_label=_("Whole scope"))
    formalistic = forms.ChoiceField(label=_("Formalistic"), required=False, choices=[
        ("", _("Formalistic or not")), ("1", _("Formalistic only")), ("0", _("Not formalistic"))])
    pilot = forms.ChoiceField(label=_("Pilot model"), required=False, choices=[
        ("", _("Pilot or not")), ("1", _("Pilot models only")), ("0", _("Not pilot"))])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        levels = [AreaLevel.PROVINCE] if user.sees_everything else [AreaLevel.PROVINCE, AreaLevel.DISTRICT]
        self.fields["area"].queryset = Area.objects.filter(areas_in_scope_q(user), level__in=levels).order_by("path")

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        flag = {"1": True, "0": False}
        return {"search": d["q"], "type_code": d["type"].code if d["type"] else "", "status": d["status"],
                "area": d["area"], "formalistic": flag.get(d["formalistic"]), "pilot": flag.get(d["pilot"])}


class MovementModelForm(StyledFormMixin, forms.ModelForm):
    """A model's record. The elimination has its own form (date and reason), so the status offered here is
    "active" or "being consolidated"; an eliminated model keeps its status."""

    SECTIONS = [
        (_("The model"), ["name", "type", "status", "area", "host_unit", "partner_commune"]),
        (_("Establishment and operation"), ["established_on", "decision_number", "decision_issuer", "members_count",
                                            "members_list", "regulation_on", "regulation_file", "launched_on",
                                            "briefing_every_months"]),
        (_("Pilot and replication"), ["is_pilot", "pilot_plan", "pilot_since", "replicated_from",
                                      "replication_sites", "replication_teams"]),
    ]

    class Meta:
        model = MovementModel
        fields = [f for f in MODEL_FIELDS if f not in ("eliminated_on", "elimination_reason")] + ["participants"]
        widgets = {f: DatePickerInput for f in DATE_FIELDS} | {
            "members_list": forms.Textarea(attrs={"rows": 4}),
            "area": LookupSelect("areas", params={"level": [AreaLevel.DISTRICT, AreaLevel.COMMUNE]}),
            "partner_commune": LookupSelect("areas", params={"level": AreaLevel.COMMUNE}),
            "host_unit": LookupSelect("units"), "participants": LookupSelectMultiple("units"),
            "replicated_from": LookupSelect("models")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["area"].required = False
        f["area"].help_text = _("The commune (or district) where the model operates; left empty, the host unit's "
                                "commune.")
        f["area"].queryset = (Area.objects.filter(areas_in_scope_q(user), level__in=[AreaLevel.DISTRICT,
                                                                                     AreaLevel.COMMUNE])
                              .select_related("parent").order_by("path"))
        f["area"].label_from_instance = area_choice_label
        f["area"].help_text = area_picker_help(user=user, help_text=f["area"].help_text)
        # Choices are those of the scope, plus the record's current value where someone with a wider scope chose it
        # outside (editing the launch date must not silently drop it).
        current = self.instance
        f["partner_commune"].queryset = (
            Area.objects.filter(Q(areas_in_scope_q(user), level=AreaLevel.COMMUNE) | Q(pk=current.partner_commune_id))
            .select_related("parent").order_by("path"))
        f["partner_commune"].label_from_instance = area_choice_label
        f["partner_commune"].help_text = area_picker_help(
            user=user, help_text=_("For a linkage model: the commune whose government takes part."))
        units = scope_units(user)
        f["host_unit"].queryset = Unit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk=current.host_unit_id)
                                                      ).select_related("commune").order_by("name", "id")
        f["host_unit"].label_from_instance = unit_choice_label
        f["participants"].queryset = units
        f["participants"].label_from_instance = unit_choice_label
        self.kept_participants = list(current.participants.exclude(pk__in=units.values("pk")).order_by("name")
                                      ) if current.pk else []
        replicas = MovementModel.objects.filter(scope_q(user, "area") | Q(pk=current.replicated_from_id))
        f["replicated_from"].queryset = replicas.exclude(pk=current.pk).order_by("name") if current.pk else replicas
        if self.instance.pk and self.instance.status == ModelStatus.ELIMINATED:
            del f["status"]
        else:
            f["status"].choices = [c for c in ModelStatus.choices if c[0] != ModelStatus.ELIMINATED]

    def sections(self):
        return [(title, [self[name] for name in names if name in self.fields]) for title, names in self.SECTIONS]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("area") and cleaned.get("host_unit"):
            cleaned["area"] = cleaned["host_unit"].commune
        if not cleaned.get("area") and "area" not in self.errors:
            self.add_error("area", _("Give the area or the host unit."))
        # The registry's rules run on whatever is valid, so the user sees every problem at once.
        current = {f: getattr(self.instance, f) for f in MODEL_FIELDS} if self.instance.pk else {}
        try:
            model_check_rules(data=current | cleaned)
        except ValidationError as exc:
            add_check_errors(self, exc)
        return cleaned

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in MODEL_FIELDS}
        if data.get("regulation_file") is False:  # "clear" ticked
            data["regulation_file"] = ""
        elif data.get("regulation_file") is None:
            data.pop("regulation_file", None)
        return data

    def participants(self) -> list[Unit]:
        """The units chosen, and those outside the user's scope that already took part (kept as they are)."""
        return list(self.cleaned_data["participants"]) + self.kept_participants


class ActivityForm(TodayFieldsMixin, StyledFormMixin, forms.ModelForm):
    today_fields = ("date",)

    class Meta:
        model = Activity
        fields = ["kind", "date", "note"]
        widgets = {"date": DatePickerInput, "note": forms.Textarea(attrs={"rows": 2})}


class ReviewForm(TodayFieldsMixin, StyledFormMixin, forms.ModelForm):
    today_fields = ("date",)

    class Meta:
        model = Review
        fields = ["date", "rating", "reviewer", "notes"]
        widgets = {"date": DatePickerInput, "notes": forms.Textarea(attrs={"rows": 2})}


class EliminateForm(StyledFormMixin, forms.Form):
    # Named as the model's fields, so the service's errors land on them.
    eliminated_on = forms.DateField(label=_label(MovementModel, "eliminated_on"), widget=DatePickerInput,
                                    initial=timezone.localdate)
    elimination_reason = forms.CharField(label=_label(MovementModel, "elimination_reason"),
                                         widget=forms.Textarea(attrs={"rows": 3}))


class BulletinForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[(q, q) for q in range(1, 5)])
