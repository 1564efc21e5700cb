"""Web pages of the commendations register. Views gather input and show results: writes are services, reads
selectors, and ScopedViewMixin cuts every queryset to the user's scope."""


from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Case, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from antqcore.excel.views import ExcelImportView, export_response, xlsx_response
from antqcore.forms import ConfirmForm
from antqcore.history import record_history
from antqcore.views import ListPageMixin, ScopedRecordMixin, ScopedViewMixin, ServiceFormView
from units.selectors import unit_in_scope

from .excel import (
    HEADERS,
    commendations_export_workbook,
    commendations_import_commit,
    commendations_import_preview,
    commendations_template_workbook,
)
from .forms import CommendationFilterForm, CommendationForm
from .models import Commendation, RecipientKind
from .selectors import commendation_breakdown, commendation_counts, commendation_list, decision_years
from .services import commendation_create, commendation_delete, commendation_update


class FilteredMixin(ScopedViewMixin):
    """The list's filters, read from the address; the list, the counts and the export share them."""

    scope_field = "area"

    def filter_form(self) -> CommendationFilterForm:
        if not hasattr(self, "_filter_form"):
            user = self.request.user
            years = decision_years(self.scoped(Commendation.objects.all()))
            self._filter_form = CommendationFilterForm(self.request.GET or None, user=user, years=years)
        return self._filter_form

    def get_base_queryset(self):
        return commendation_list(**self.filter_form().selector_kwargs())


# Commendation.recipient_name, in the database.
RECIPIENT_NAME = Case(When(recipient_kind=RecipientKind.INDIVIDUAL, then="person_name"),
                      default=Coalesce(NullIf("organisation_name", Value("")), "unit__name"))


class CommendationListView(ListPageMixin, FilteredMixin, ListView):
    template_name = "commendations/commendation_list.html"
    context_object_name = "commendations"
    sort_fields = {"decision": ("decision_date", "decision_number"), "form": "form", "grantor": "grantor",
                   "recipient": RECIPIENT_NAME, "area": "area__name", "occasion": "occasion"}
    default_sort = "-decision"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | {"filter_form": self.filter_form(),
                          "counts": commendation_counts(self.object_list),
                          "breakdown": commendation_breakdown(self.object_list)}


class ScopedCommendationMixin(ScopedViewMixin):
    scope_field = "area"

    def get_base_queryset(self):
        return Commendation.objects.select_related("unit__commune", "area__parent")


class CommendationDetailView(ScopedCommendationMixin, DetailView):
    template_name = "commendations/commendation_detail.html"
    context_object_name = "commendation"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"history": commendation_history(self.object)}


def commendation_history(commendation: Commendation) -> list[dict]:
    return record_history(commendation)


class CommendationFormMixin:
    form_class = CommendationForm
    template_name = "commendations/commendation_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse("commendations:detail", args=[self.object.pk])


class CommendationCreateView(CommendationFormMixin, ServiceFormView):
    def get_initial(self):
        """From a unit's page (?unit=…): that unit, when it is in the user's scope."""
        unit = unit_in_scope(user=self.request.user, unit_id=self.request.GET.get("unit", ""))
        return {"unit": unit, "decision_date": timezone.localdate()} if unit else {}

    def perform(self, form):
        return commendation_create(data=form.service_data(), actor=self.request.user)

    def get_success_message(self):
        return _("The commendation of %(name)s was recorded.") % {"name": self.object.recipient_name}


class CommendationChildMixin(ScopedRecordMixin, ScopedCommendationMixin):
    """A page changing one commendation of the scope (404 outside it)."""

    record_name = "commendation"


class CommendationUpdateView(CommendationChildMixin, CommendationFormMixin, ServiceFormView):
    success_message = gettext_lazy("Changes saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.commendation}

    def perform(self, form):
        return commendation_update(commendation=Commendation.objects.get(pk=self.commendation.pk),
                                   data=form.service_data(), actor=self.request.user)


class CommendationDeleteView(CommendationChildMixin, ServiceFormView):
    """Refused with the reason above the button, e.g. when its period is locked by a final report."""

    template_name = "commendations/commendation_confirm_delete.html"
    form_class = ConfirmForm

    def perform(self, form):
        commendation_delete(commendation=self.commendation, actor=self.request.user)
        return self.commendation  # gone from the database, its fields still in hand for the message

    def get_success_message(self):
        return _("The commendation of %(name)s was deleted.") % {"name": self.object.recipient_name}

    def get_success_url(self):
        return reverse("commendations:list")


# --- Excel ---------------------------------------------------------------------------------------------------------

class TemplateDownloadView(LoginRequiredMixin, View):
    def get(self, request):
        return xlsx_response(commendations_template_workbook(), "mau-nhap-khen-thuong.xlsx")


class ExportView(FilteredMixin, View):
    """The list as filtered on screen; ScopedViewMixin cuts it to the user's area."""

    def get(self, request):
        return export_response(request, queryset=self.get_queryset(), write=commendations_export_workbook,
                               export="commendations", filename=f"khen-thuong-{timezone.localdate():%Y-%m-%d}.xlsx")


class ImportView(ExcelImportView):
    preview = commendations_import_preview
    commit_rows = commendations_import_commit
    headers = HEADERS
    upload_template = "commendations/import.html"
    session_key = "commendations_import_file"
    success_url = "commendations:list"
    upload_url = "commendations:import"
    success_message = gettext_lazy("Imported %(n)s commendations.")
    asks_change_reason = True
