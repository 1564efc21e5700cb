"""Forms of the certification pages. They only collect and check input; every step is taken by a service."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from antqcore.forms import StyledFormMixin, TodayFieldsMixin
from antqcore.models import Area, AreaLevel
from antqcore.scoping import areas_in_scope_q, reach_q
from antqcore.uploads import upload_form_field
from antqcore.widgets import DatePickerInput

from .models import Campaign, Council, Criticism, Decision, Participation, Status

YES_NO = [("", "—"), ("1", _("Yes")), ("0", _("No"))]


def _label(model, field: str):
    """The model's own (translated) name for a field, so a form and the model say the same thing."""
    return capfirst(model._meta.get_field(field).verbose_name)


def _yes_no(label, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=YES_NO, coerce=lambda v: v == "1", **kwargs)


def _date(model, field: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=_label(model, field), widget=DatePickerInput, initial=timezone.localdate, **kwargs)


class CampaignForm(TodayFieldsMixin, StyledFormMixin, forms.ModelForm):
    """Scheme and year; the calendar defaults to that of Circular 124/2021 when left blank."""

    today_fields = ("year",)

    class Meta:
        model = Campaign
        fields = ["scheme", "year", "window_start", "window_end", "registration_deadline", "submission_deadline"]
        widgets = {f: DatePickerInput for f in fields[2:]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields[2:]:
            self.fields[name].required = False


class ParticipationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status"))] + Status.choices)
    area = forms.ModelChoiceField(label=_("District"), required=False, queryset=Area.objects.none(),
                                  empty_label=_("Whole scope"))
    late = forms.BooleanField(label=_("Late only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(
            areas_in_scope_q(user), level__in=[AreaLevel.PROVINCE, AreaLevel.DISTRICT]).order_by("path")

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"search": d["q"], "status": d["status"], "area": d["area"]}

    def late_only(self) -> bool:
        return self.is_valid() and self.cleaned_data["late"]


def _archive_date(form: forms.Form, user, model, field: str) -> None:
    """The date of a step that happens when it is entered: today, which province staff and administrators may change
    to the real date of a dossier entered from the archive; others are not asked (the services refuse them)."""
    if user.is_province_level:
        form.fields[field] = _date(model, field, help_text=_("Today, or the real date of a dossier entered from the "
                                                              "archive."))
        form.fields[field].widget.attrs["class"] = "form-control"


class RegisterForm(forms.Form):
    units = forms.ModelMultipleChoiceField(label=_("Units"), queryset=None, widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": _("Choose at least one unit.")})

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        _archive_date(self, user, Participation, "registered_on")


class AssessmentForm(forms.Form):
    """One row per criterion in force: met or not, a note, an attachment (minutes, plans, commitments...)."""

    def __init__(self, *args, criteria, answers, user, **kwargs):
        super().__init__(*args, **kwargs)
        _archive_date(self, user, Participation, "assessed_on")
        self.rows = []
        for criterion in criteria:
            answer, key = answers.get(criterion.pk), criterion.pk
            self.fields[f"met_{key}"] = _yes_no(
                criterion.text, widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                initial=None if answer is None else ("1" if answer.met else "0"))
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Note"), required=False, initial=answer.note if answer else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
            self.fields[f"file_{key}"] = upload_form_field(
                "certification_attachment", label=_("Attachment"), required=False,
                widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}))
            self.rows.append({"criterion": criterion, "answer": answer, "met": self[f"met_{key}"],
                              "note": self[f"note_{key}"], "file": self[f"file_{key}"]})

    def answers(self) -> dict[int, dict]:
        d, pks = self.cleaned_data, [row["criterion"].pk for row in self.rows]
        return {pk: {"met": d[f"met_{pk}"], "note": d[f"note_{pk}"], "attachment": d[f"file_{pk}"]} for pk in pks}


class SubmitForm(StyledFormMixin, forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _archive_date(self, user, Participation, "submitted_on")


def councils_for(user):
    """Councils of the user's scope and of the areas above it (a district officer may bring a unit before the
    province's council)."""
    return Council.objects.filter(reach_q(user, "area", above=True))


class AppraisalForm(StyledFormMixin, forms.Form):
    council = forms.ModelChoiceField(label=_label(Participation, "council"), queryset=Council.objects.none())
    meeting_on = _date(Participation, "council_meeting_on")
    recommends = _yes_no(_label(Participation, "council_recommends"))
    note = forms.CharField(label=_label(Participation, "council_note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils_for(user).order_by("name")


class DecisionForm(TodayFieldsMixin, StyledFormMixin, forms.ModelForm):
    """The decision itself (number, date, issuing body, signer, issuing area) and its result. Its level is the issuing
    area's (certification.services.decision_level_check), not chosen."""

    today_fields = ("date",)

    recognized = forms.TypedChoiceField(label=_("Result"), coerce=lambda v: v == "1", choices=[
        ("", "—"), ("1", Status.RECOGNIZED.label), ("0", Status.NOT_RECOGNIZED.label)])

    class Meta:
        model = Decision
        fields = ["number", "date", "authority", "signer", "area"]
        widgets = {"date": DatePickerInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Decisions are issued by a province or a district; after 2025, by a commune (a commune officer's own).
        self.fields["area"].queryset = Area.objects.filter(areas_in_scope_q(user)).filter(
            Q(level__in=[AreaLevel.PROVINCE, AreaLevel.DISTRICT]) | Q(pk=user.scope_area_id)).order_by("path")
        self.fields["area"].label = _("Issuing area")

    def decision_kwargs(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class SingleDecisionForm(DecisionForm):
    certificate_number = forms.CharField(label=_label(Participation, "certificate_number"), required=False)
    override_reason = forms.CharField(label=_label(Participation, "override_reason"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, with_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_override:
            del self.fields["override_reason"]


class RevokeForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_label(Participation, "revocation_reason"), widget=forms.Textarea(attrs={"rows": 3}))
    revoked_on = _date(Participation, "revoked_on")


class CriticismForm(TodayFieldsMixin, StyledFormMixin, forms.ModelForm):
    today_fields = ("date",)

    class Meta:
        model = Criticism
        fields = ["campaign", "date", "document_number", "issuer", "content"]
        widgets = {"date": DatePickerInput}
