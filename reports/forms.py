"""Forms of the reports pages. They collect and check input; runs are created, narratives saved and templates changed
by reports.services, and every area offered is one of the user's scope."""

import calendar
import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antqcore.forms import FrozenFieldsMixin, StyledFormMixin, area_choice_label
from antqcore.models import Area, AreaLevel
from antqcore.scoping import areas_in_scope_q
from antqcore.selectors import area_q
from antqcore.widgets import DatePickerInput

from .models import (
    PROFILE_FACTS,
    PROVINCE_PLACEHOLDER,
    ProvinceProfile,
    ReportKind,
    ReportSection,
    ReportTemplate,
    RunStage,
    RunStatus,
)
from .rendering import check_template_text

QUARTERS = ["I", "II", "III", "IV"]
PRESET_YEARS = 8


def area_label(area: Area) -> str:
    """The area in a select: districts and communes indented under their province."""
    return area_choice_label(area, indent=True)


def areas_for_reports(user, on: datetime.date):
    """The areas of the user's scope on the map of `on`: the province, its districts and communes."""
    return (Area.objects.valid_on(on).filter(areas_in_scope_q(user)).select_related("parent").order_by("path"))


def default_map_date(user) -> datetime.date:
    """Today, or the last day of the user's area when it belongs to the old map."""
    today = timezone.localdate()
    area = user.scope_area
    return min(today, area.valid_to) if area is not None and area.valid_to else today


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_presets(last: datetime.date) -> list[tuple[str, list[tuple[str, str]]]]:
    """Quarters, halves and years that are over by `last`, grouped by year (latest first). A value is
    "kind|start|end" (ISO dates)."""
    groups = []
    for year in range(last.year, last.year - PRESET_YEARS, -1):
        options = []
        periods = [(ReportKind.ANNUAL, 1, 12, _("Year %(year)s"))]
        periods += [(ReportKind.HALF_YEAR, 7, 12, _("Second half of %(year)s")),
                    (ReportKind.HALF_YEAR, 1, 6, _("First half of %(year)s"))]
        periods += [(ReportKind.QUARTERLY, 3 * q + 1, 3 * q + 3, _("Quarter %(q)s/%(year)s")) for q in range(3, -1, -1)]
        for kind, first, last_month, label in periods:
            start, end = datetime.date(year, first, 1), _month_end(year, last_month)
            if end > last:
                continue
            quarter = QUARTERS[(first - 1) // 3]
            options.append((f"{kind}|{start.isoformat()}|{end.isoformat()}",
                            str(label) % {"year": year, "q": quarter}))
        if options:
            groups.append((str(year), options))
    return groups


class RunCreateForm(StyledFormMixin, forms.Form):
    """A new report: its type, period and area, and the header of the document (left empty, the header of the last
    report of the same type and area, or the template's defaults)."""

    kind = forms.ChoiceField(label=_("Report type"), choices=ReportKind.choices)
    preset = forms.ChoiceField(label=_("Period"), required=False,
                               help_text=_("Pick a quarter, a half-year or a year, or type the dates below."))
    period_start = forms.DateField(label=_("From"), widget=DatePickerInput, required=False)
    period_end = forms.DateField(label=_("To"), widget=DatePickerInput, required=False)
    map_date = forms.DateField(label=_("Map of"), widget=DatePickerInput, required=False,
                               help_text=_("The administrative map whose areas are offered (districts existed until "
                                           "30/06/2025). Left empty: the end of the period."))
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())

    number = forms.CharField(label=_("Number"), required=False, max_length=60,
                             help_text=_("For example 125/BC-BCĐ."))
    issued_on = forms.DateField(label=_("Date of the report"), widget=DatePickerInput, required=False)
    signer_authority = forms.CharField(label=_("Signing authority"), required=False, max_length=255,
                                       help_text=_("For example TM. BAN CHỈ ĐẠO or KT. TRƯỞNG BAN."))
    signer_title = forms.CharField(label=_("Signer's position"), required=False, max_length=255)
    signer_name = forms.CharField(label=_("Signer's name"), required=False, max_length=255)
    recipients = forms.CharField(label=_("Recipients (Nơi nhận)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One per line."))

    HEADER_FIELDS = ["number", "issued_on", "signer_authority", "signer_title", "signer_name", "recipients"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["preset"].choices = [("", _("Choose a period…"))] + period_presets(timezone.localdate())
        self.fields["area"].queryset = areas_for_reports(user, self.map_day())
        self.fields["area"].label_from_instance = area_label

    def _raw_date(self, name: str) -> datetime.date | None:
        raw = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        if isinstance(raw, datetime.date):
            return raw
        try:
            return self.fields[name].to_python(raw) if raw else None
        except ValidationError:
            return None

    def map_day(self) -> datetime.date:
        """The day whose map names the areas offered: the map date, else the end of the period, else today (or the
        last day of the user's old-map area)."""
        return self._raw_date("map_date") or self._preset_end() or self._raw_date("period_end") \
            or default_map_date(self.user)

    def _preset_end(self) -> datetime.date | None:
        raw = self.data.get(self.add_prefix("preset")) if self.is_bound else None
        parts = (raw or "").split("|")
        try:
            return datetime.date.fromisoformat(parts[2]) if len(parts) == 3 else None
        except ValueError:
            return None

    def clean(self):
        data = super().clean()
        preset = data.get("preset") or ""
        if preset and not data.get("period_start") and not data.get("period_end"):
            _kind, start, end = preset.split("|")
            data["period_start"], data["period_end"] = datetime.date.fromisoformat(start), \
                datetime.date.fromisoformat(end)
        start, end = data.get("period_start"), data.get("period_end")
        if not start and "period_start" not in self.errors:
            self.add_error("period_start", _("Choose a period or type its first day."))
        if not end and "period_end" not in self.errors:
            self.add_error("period_end", _("Choose a period or type its last day."))
        if start and end and start > end:
            self.add_error("period_end", _("The period ends before it starts."))
        return data

    def header(self) -> dict:
        """The header fields that were filled in; the service fills the others."""
        return {name: self.cleaned_data[name] for name in self.HEADER_FIELDS if self.cleaned_data.get(name)}


class RunFilterForm(forms.Form):
    """The filters of the report list."""

    kind = forms.ChoiceField(label=_("Report type"), required=False,
                             choices=[("", _("All types"))] + ReportKind.choices)
    area = forms.ModelChoiceField(label=_("Area"), required=False, queryset=Area.objects.none(),
                                  empty_label=_("Whole scope"))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100,
                              widget=forms.NumberInput(attrs={"placeholder": _("Year")}))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status"))] + RunStatus.choices)
    stage = forms.ChoiceField(label=_("Stage"), required=False,
                              choices=[("", _("Draft or final"))] + RunStage.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        levels = [AreaLevel.PROVINCE, AreaLevel.DISTRICT]
        self.fields["area"].queryset = (Area.objects.filter(areas_in_scope_q(user), level__in=levels)
                                        .select_related("parent").order_by("path"))
        self.fields["area"].label_from_instance = area_label

    def filter(self, runs):
        """The runs that match the filters (all of them when the filters are not valid)."""
        if not self.is_valid():
            return runs
        d = self.cleaned_data
        if d["kind"]:
            runs = runs.filter(kind=d["kind"])
        if d["area"]:
            runs = runs.filter(area_q(d["area"], "area"))
        if d["year"]:
            # A report belongs to the years its period touches.
            runs = runs.filter(period_start__year__lte=d["year"], period_end__year__gte=d["year"])
        if d["status"]:
            runs = runs.filter(status=d["status"])
        if d["stage"]:
            runs = runs.filter(stage=d["stage"])
        return runs


class FinaliseForm(forms.Form):
    """The run page's "finalise" button, with the report's number beside it (reports.services.report_run_finalise
    refuses a report without one)."""

    number = forms.CharField(label=_("Number of the report"), required=False, max_length=60,
                             help_text=_("For example 125/BC-BCĐ."))


class NarrativeForm(forms.Form):
    """One textarea per narrative section of the run's template, holding the run's current text, labelled by the
    section's title in words (reports.narrative_editor)."""

    def __init__(self, *args, sections: list[ReportSection], texts: dict[str, str], titles: dict[str, str],
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            self.fields[self.field_name(section.key)] = forms.CharField(
                label=titles[section.key], required=False, initial=texts.get(section.key, ""),
                max_length=settings.ANTQ_REPORT_TEXT_INPUT_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 8, "class": "form-control narrative-text"}))

    @staticmethod
    def field_name(key: str) -> str:
        return f"section-{key}"

    def rows(self):
        return [(section, self[self.field_name(section.key)]) for section in self.sections]

    def clean(self):
        data = super().clean()
        for section in self.sections:
            name = self.field_name(section.key)
            if name in self.changed_data and data.get(name):
                try:
                    check_template_text(data[name])
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data

    def changed_texts(self) -> dict[str, str]:
        """The sections whose text was changed, key -> new text (line ends as the browser sends them, normalised)."""
        return {section.key: self.cleaned_data[self.field_name(section.key)].replace("\r\n", "\n")
                for section in self.sections if self.field_name(section.key) in self.changed_data}


class TemplateTextMixin:
    """Checks the form's texts in the report language (reports.rendering.check_template_text): a text using a tag,
    filter or variable outside it, a broken tag, an unknown figure or a text too long is not saved."""

    text_fields: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        for name in self.text_fields:
            if data.get(name):
                try:
                    check_template_text(data[name])
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data


class TemplateForm(TemplateTextMixin, StyledFormMixin, forms.ModelForm):
    text_fields = ("title", "subtitle", "closing")

    class Meta:
        model = ReportTemplate
        fields = ["name", "title", "subtitle", "closing"]
        widgets = {"subtitle": forms.Textarea(attrs={"rows": 2}), "closing": forms.Textarea(attrs={"rows": 2})}


class SectionForm(FrozenFieldsMixin, TemplateTextMixin, StyledFormMixin, forms.ModelForm):
    text_fields = ("heading", "body")
    frozen_fields = ("key",)  # a report's narratives are kept by section key
    level = forms.IntegerField(label=_("Level"), min_value=0, max_value=4, initial=2,
                               help_text=_("0: text without a heading, 1: part, 2: I, II…, 3: 1., 2…, "
                                           "4: 2.1, 2.2…"))

    class Meta:
        model = ReportSection
        fields = ["order", "key", "level", "heading", "narrative", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6, "class": "font-monospace small"}),
                   "order": forms.NumberInput(attrs={"min": 0}),
                   "level": forms.NumberInput(attrs={"min": 0, "max": 4})}


SectionFormSet = forms.inlineformset_factory(ReportTemplate, ReportSection, form=SectionForm, extra=1,
                                             can_delete=True)


class ProvinceProfileForm(StyledFormMixin, forms.ModelForm):
    """The facts of the province a report states ({% profile "…" %}), from a date."""

    class Meta:
        model = ProvinceProfile
        fields = ["valid_from", *PROFILE_FACTS]
        labels = {"valid_from": "Áp dụng từ ngày"}
        widgets = {"valid_from": DatePickerInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.area_id:  # the model's examples, with the name of the province being described
            for field in self.fields.values():
                field.help_text = field.help_text.replace(PROVINCE_PLACEHOLDER, self.instance.area.short_name)
