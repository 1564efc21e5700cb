"""Forms of the commendations pages. They collect and check input; every write is a service of services.py, and every
choice they offer (areas, units) is cut to the user's scope."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antqcore.forms import StyledFormMixin, TodayFieldsMixin, add_check_errors, area_choice_label
from antqcore.models import Area, AreaLevel
from antqcore.scoping import areas_in_scope_q
from antqcore.selectors import area_picker_help
from antqcore.widgets import DatePickerInput, LookupSelect
from units.forms import unit_choice_label
from units.models import Unit
from units.selectors import units_visible

from .models import AwardForm, Commendation, Grantor, Occasion, RecipientKind
from .services import COMMENDATION_FIELDS, commendation_check_rules, normalise


class CommendationFilterForm(forms.Form):
    """The filters of the list."""

    q = forms.CharField(label=_("Search"), required=False)
    form = forms.ChoiceField(label=_("Form"), required=False, choices=[("", _("All forms"))] + AwardForm.choices)
    grantor = forms.ChoiceField(label=_("Granted by"), required=False,
                                choices=[("", _("All authorities"))] + Grantor.choices)
    recipient_kind = forms.ChoiceField(label=_("Recipient"), required=False,
                                       choices=[("", _("Collectives and individuals"))] + RecipientKind.choices)
    occasion = forms.ChoiceField(label=_("Occasion"), required=False,
                                 choices=[("", _("All occasions"))] + Occasion.choices)
    area = forms.ModelChoiceField(label=_("Area"), required=False, queryset=Area.objects.none(),
                                  empty_label=_("Whole scope"))
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        levels = [AreaLevel.PROVINCE] if user.sees_everything else [AreaLevel.PROVINCE, AreaLevel.DISTRICT]
        self.fields["area"].queryset = Area.objects.filter(areas_in_scope_q(user), level__in=levels).order_by("path")
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"search": d["q"], "form": d["form"], "grantor": d["grantor"], "recipient_kind": d["recipient_kind"],
                "occasion": d["occasion"], "area": d["area"], "year": d["year"]}


class CommendationForm(TodayFieldsMixin, StyledFormMixin, forms.ModelForm):
    """A commendation. The collective's and the individual's fields are both in the page; a little script shows
    those of the recipient chosen, and without it the service drops those of the other kind."""

    SECTIONS = [
        ("decision", _("The commendation"), ["form", "other_form", "grantor", "other_grantor", "decision_number",
                                             "decision_date", "occasion", "reason"]),
        ("recipient", _("The recipient"), ["recipient_kind", "unit", "area"]),
        ("collective", _("Collective"), ["organisation_name"]),
        ("individual", _("Individual"), ["person_name", "birth_year", "citizen_id", "position", "workplace"]),
    ]
    today_fields = ("decision_date",)

    class Meta:
        model = Commendation
        fields = COMMENDATION_FIELDS
        widgets = {"decision_date": DatePickerInput, "reason": forms.Textarea(attrs={"rows": 3}),
                   "recipient_kind": forms.RadioSelect, "area": LookupSelect("areas"), "unit": LookupSelect("units")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        f, current = self.fields, self.instance
        f["recipient_kind"].choices = RecipientKind.choices  # no empty choice for the radio buttons
        f["recipient_kind"].widget.attrs["class"] = "form-check-input"
        f["area"].required = False
        f["area"].help_text = _("Where the commendation is counted; left empty, the unit's commune.")
        f["area"].queryset = (Area.objects.filter(Q(areas_in_scope_q(user)) | Q(pk=current.area_id))
                              .select_related("parent").order_by("path"))
        f["area"].label_from_instance = area_choice_label
        f["area"].help_text = area_picker_help(user=user, help_text=f["area"].help_text)
        # The units of the scope, plus the record's own unit where someone with a wider scope chose it.
        in_scope = Q(pk__in=units_visible(user=user).values("pk"))
        f["unit"].queryset = (Unit.objects.filter(in_scope | Q(pk=current.unit_id)).select_related("commune")
                              .order_by("name", "id"))
        f["unit"].label_from_instance = unit_choice_label
        f["unit"].help_text = _("The collective's unit, or the unit where the person works.")
        f["organisation_name"].help_text = _("A collective that is not a unit of the registry, or a part of the "
                                             "unit (e.g. its guard team).")
        f["citizen_id"].help_text = _("When given, it identifies the person for the medal rule.")

    def sections(self):
        return [(key, title, [self[name] for name in names]) for key, title, names in self.SECTIONS]

    def _post_clean(self):
        """The service, not the model's full_clean, checks a commendation (see clean): it knows the rules and words
        them for the user, including the constraints the database holds."""

    def clean(self):
        cleaned = super().clean()
        current = {f: getattr(self.instance, f) for f in COMMENDATION_FIELDS} if self.instance.pk else {}
        data = normalise(current | {k: v for k, v in cleaned.items() if k in COMMENDATION_FIELDS})
        try:
            commendation_check_rules(data=data, instance=self.instance if self.instance.pk else None)
        except ValidationError as exc:
            add_check_errors(self, exc)
        return cleaned

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in COMMENDATION_FIELDS}
