"""Forms of the coordination pages (agreements, inspections, documents, citations). They collect and check input; every
write is a service of services.py, and every choice they offer (areas, units, agreements) is cut to the
user's scope."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from antqcore.forms import StyledFormMixin, TodayFieldsMixin, area_choice_label
from antqcore.models import Area, AreaLevel
from antqcore.scoping import areas_in_scope_q, scope_q
from antqcore.selectors import area_picker_help
from antqcore.widgets import DatePickerInput, LookupSelect
from units.forms import unit_choice_label
from units.models import Unit
from units.selectors import unit_in_scope, units_visible

from .models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Document,
    DocumentType,
    InspectingBody,
    Inspection,
    PoliceSide,
)
from .selectors import documents_visible_q
from .services import AGREEMENT_FIELDS, DOCUMENT_FIELDS, INSPECTION_FIELDS

FILTER_LEVELS = [AreaLevel.PROVINCE, AreaLevel.DISTRICT]


def _filter_areas(user):
    return Area.objects.filter(areas_in_scope_q(user), level__in=FILTER_LEVELS).order_by("path")


def _units_in_scope(user, current_id=None):
    """The units of the scope that are still in the registry, plus the record's own unit."""
    return ((units_visible(user=user) | Unit.objects.filter(pk=current_id))
            .select_related("commune").order_by("name", "id"))


class ServiceFormMixin:
    """The service, not the model's full_clean, checks a record: it knows the rules (the unique number and date of
    a document among them) and words them for the user."""

    service_fields: list[str] = []

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.service_fields}


# --- Documents -----------------------------------------------------------------------------------------------------


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    doc_type = forms.ChoiceField(label=_("Type"), required=False,
                                 choices=[("", _("All types"))] + DocumentType.choices)
    issuer = forms.ChoiceField(label=_("Issued by"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int], issuers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]
        self.fields["issuer"].choices = [("", _("All issuers"))] + [(i, i) for i in issuers]

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"search": d["q"], "doc_type": d["doc_type"], "issuer": d["issuer"], "year": d["year"]}


class DocumentForm(ServiceFormMixin, TodayFieldsMixin, StyledFormMixin, forms.ModelForm):
    service_fields = DOCUMENT_FIELDS
    today_fields = ("issued_on",)

    class Meta:
        model = Document
        fields = DOCUMENT_FIELDS
        widgets = {"issued_on": DatePickerInput, "subject": forms.Textarea(attrs={"rows": 3}),
                   "area": LookupSelect("areas")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["area"].queryset = (Area.objects.filter(Q(areas_in_scope_q(user)) | Q(pk=self.instance.area_id))
                              .select_related("parent").order_by("path"))
        f["area"].label_from_instance = area_choice_label
        f["area"].help_text = area_picker_help(user=user)
        f["number"].help_text = _("As printed on the document, e.g. 07/CT-BCA-V28.")


def document_choice_label(document: Document) -> str:
    """A document in a picker, as one names it: "Chỉ thị số 07/CT-BCA-V28 ngày 15/08/2014 — Đẩy mạnh…"."""
    return gettext("%(type)s No. %(number)s of %(date)s — %(subject)s") % {
        "type": document.get_doc_type_display(), "number": document.number,
        "date": document.issued_on.strftime("%d/%m/%Y"), "subject": Truncator(document.subject).chars(90)}


class CiteForm(forms.Form):
    """Cite a document picked among those the user reads (searched by number or subject: coordination/lookups.py), or
    named by its number — the page without its script, or someone who has the number at hand; the date tells apart
    two documents of the same number. A document picked wins over a number typed."""

    document = forms.ModelChoiceField(
        label=_("Cite a document: type part of its number or subject"), required=False,
        queryset=Document.objects.none(), empty_label=_("No document chosen"),
        widget=LookupSelect("documents", attrs={"class": "form-select form-select-sm"}),
        # Ids outside the visible documents come only from a crafted form: the service's words for them.
        error_messages={"invalid_choice": _("This document is outside your area.")})
    number = forms.CharField(label=_("Number and symbol"), max_length=100, required=False, widget=forms.TextInput(
        attrs={"class": "form-control form-control-sm", "placeholder": "07/CT-BCA-V28"}))
    issued_on = forms.DateField(label=_("Date of issue (if needed)"), required=False,
                                widget=DatePickerInput(attrs={"class": "form-control form-control-sm"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = Document.objects.filter(documents_visible_q(user))
        self.fields["document"].label_from_instance = document_choice_label

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("document") is None and not cleaned.get("number"):
            raise ValidationError(_("Choose the document to cite, or give its number."))
        return cleaned


# --- Agreements ----------------------------------------------------------------------------------------------------


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds"))] + AgreementKind.choices)
    police_side = forms.ChoiceField(label=_("Police side"), required=False,
                                    choices=[("", _("Both police sides"))] + PoliceSide.choices)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Every status"))] + AgreementStatus.choices)
    area = forms.ModelChoiceField(label=_("Area"), required=False, queryset=Area.objects.none(),
                                  empty_label=_("Whole scope"))
    in_force_on = forms.DateField(label=_("In force on"), required=False, widget=DatePickerInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _filter_areas(user)

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"search": d["q"], "kind": d["kind"], "police_side": d["police_side"], "status": d["status"],
                "area": d["area"], "in_force_on": d["in_force_on"]}


class ReviewDatesField(forms.CharField):
    """Review dates typed as "dd/mm/yyyy, dd/mm/yyyy"."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(datetime.date.fromisoformat(d).strftime("%d/%m/%Y") for d in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        dates = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                dates.append(datetime.datetime.strptime(part, "%d/%m/%Y").date())
            except ValueError:
                raise forms.ValidationError(_("“%(value)s” is not a date (dd/mm/yyyy)."), params={"value": part}
                                            ) from None
        return dates


class AgreementForm(ServiceFormMixin, TodayFieldsMixin, StyledFormMixin, forms.ModelForm):
    service_fields = AGREEMENT_FIELDS
    today_fields = ("signed_on",)
    review_dates = ReviewDatesField(label=_("Review dates"), required=False,
                                    help_text=_("Interim and final reviews, separated by commas (dd/mm/yyyy)."))

    class Meta:
        model = Agreement
        fields = AGREEMENT_FIELDS
        widgets = {"signed_on": DatePickerInput, "ended_on": DatePickerInput,
                   "subject": forms.Textarea(attrs={"rows": 3}), "area": LookupSelect("areas"),
                   "partner_unit": LookupSelect("units")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        f, current = self.fields, self.instance
        f["area"].required = False
        f["area"].queryset = (Area.objects.filter(Q(areas_in_scope_q(user)) | Q(pk=current.area_id))
                              .select_related("parent").order_by("path"))
        f["area"].label_from_instance = area_choice_label
        f["area"].help_text = area_picker_help(user=user, help_text=_(
            "The province for the provincial police; the district or commune of a local police unit. Left empty, "
            "taken from the partner unit."))
        f["partner_unit"].queryset = _units_in_scope(user, current.partner_unit_id)
        f["partner_unit"].label_from_instance = unit_choice_label
        f["partner_unit"].help_text = _("When the other party is a unit of the registry: the agreement shows on its "
                                        "page.")
        f["partner_name"].required = False
        f["police_unit_name"].help_text = _("E.g. Công an huyện Việt Yên.")
        # The agreements of the scope, and the one it already names (a wider scope may have chosen it).
        f["replaced_by"].queryset = (Agreement.objects.filter(scope_q(user, "area") | Q(pk=current.replaced_by_id))
                                     .exclude(pk=current.pk).order_by("-signed_on", "number"))


# --- Inspections ---------------------------------------------------------------------------------------------------

FOLLOW_UP_CHOICES = [("", _("Follow-up done or not")), ("yes", _("Follow-up done")), ("no", _("Follow-up pending"))]


class InspectionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    inspecting_body = forms.ChoiceField(label=_("Inspecting body"), required=False,
                                        choices=[("", _("All inspecting bodies"))] + InspectingBody.choices)
    area = forms.ModelChoiceField(label=_("District"), required=False, queryset=Area.objects.none(),
                                  empty_label=_("Whole scope"))
    follow_up = forms.ChoiceField(label=_("Follow-up"), required=False, choices=FOLLOW_UP_CHOICES)
    start = forms.DateField(label=_("From"), required=False, widget=DatePickerInput)
    end = forms.DateField(label=_("To"), required=False, widget=DatePickerInput)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["area"].queryset = _filter_areas(user)

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        unit = unit_in_scope(user=self.user, unit_id=str(d["unit"])) if d["unit"] is not None else None
        return {"search": d["q"], "inspecting_body": d["inspecting_body"], "area": d["area"], "start": d["start"],
                "end": d["end"], "unit": unit,
                "follow_up_done": {"yes": True, "no": False}.get(d["follow_up"])}


class InspectionForm(ServiceFormMixin, TodayFieldsMixin, StyledFormMixin, forms.ModelForm):
    service_fields = INSPECTION_FIELDS
    today_fields = ("inspected_on",)

    class Meta:
        model = Inspection
        fields = INSPECTION_FIELDS
        widgets = {"inspected_on": DatePickerInput, "findings": forms.Textarea(attrs={"rows": 3}),
                   "recommendations": forms.Textarea(attrs={"rows": 3}),
                   "follow_up_note": forms.Textarea(attrs={"rows": 2}), "unit": LookupSelect("units")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["unit"].queryset = _units_in_scope(user, self.instance.unit_id)
        f["unit"].label_from_instance = unit_choice_label
        f["unit"].help_text = _("The inspection is counted in the unit's commune.")
