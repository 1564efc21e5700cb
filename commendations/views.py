"""Web pages of the commendations register. Views gather input and show results: writes are services, reads
selectors, and ScopedViewMixin cuts every queryset to the user's scope."""


from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from antqcore.excel.views import ExcelImportView, export_response, xlsx_response
from antqcore.forms import add_service_errors
from antqcore.history import record_history
from antqcore.scoping import ensure_area_in_scope, scope_q, user_can_write
from antqcore.views import PageSizeMixin, ScopedViewMixin, WriteRequiredMixin
from units.selectors import unit_in_scope

from .excel import (
    HEADERS,
    commendations_export_workbook,
    commendations_import_commit,
    commendations_import_preview,
    commendations_template_workbook,
)
from .forms import CommendationFilterForm, CommendationForm
from .models import Commendation
from .selectors import commendation_breakdown, commendation_counts, commendation_list, decision_years
from .services import commendation_create, commendation_delete, commendation_update


class FilteredMixin(ScopedViewMixin):
    """The list's filters, read from the address; the list, the counts and the export share them."""

    scope_field = "area"

    def filter_form(self) -> CommendationFilterForm:
        if not hasattr(self, "_filter_form"):
            user = self.request.user
            years = decision_years(Commendation.objects.filter(scope_q(user, "area")))
            self._filter_form = CommendationFilterForm(self.request.GET or None, user=user, years=years)
        return self._filter_form

    def get_base_queryset(self):
        return commendation_list(**self.filter_form().selector_kwargs())


class CommendationListView(PageSizeMixin, FilteredMixin, ListView):
    template_name = "commendations/commendation_list.html"
    paginate_by = 50
    context_object_name = "commendations"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        return context | {"filter_form": self.filter_form(), "query_string": params.urlencode(),
                          "counts": commendation_counts(self.object_list),
                          "breakdown": commendation_breakdown(self.object_list),
                          "can_write": user_can_write(self.request.user)}


class ScopedCommendationMixin(ScopedViewMixin):
    scope_field = "area"

    def get_base_queryset(self):
        return Commendation.objects.select_related("unit__commune", "area__parent")


class CommendationDetailView(ScopedCommendationMixin, DetailView):
    template_name = "commendations/commendation_detail.html"
    context_object_name = "commendation"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"history": commendation_history(self.object),
                                                     "can_write": user_can_write(self.request.user)}


def commendation_history(commendation: Commendation) -> list[dict]:
    return record_history(commendation)


class CommendationFormMixin(WriteRequiredMixin):
    form_class = CommendationForm
    template_name = "commendations/commendation_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}


class CommendationCreateView(LoginRequiredMixin, CommendationFormMixin, FormView):
    def get_initial(self):
        """From a unit's page (?unit=…): that unit, when it is in the user's scope."""
        unit = unit_in_scope(user=self.request.user, unit_id=self.request.GET.get("unit", ""))
        return {"unit": unit, "decision_date": timezone.localdate()} if unit else {}

    def form_valid(self, form):
        data = form.service_data()
        ensure_area_in_scope(self.request.user, data["area"] or (data["unit"].commune if data["unit"] else None))
        try:
            commendation = commendation_create(data=data, user=self.request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The commendation of %(name)s was recorded.")
                         % {"name": commendation.recipient_name})
        return HttpResponseRedirect(reverse("commendations:detail", args=[commendation.pk]))


class CommendationChildMixin(ScopedCommendationMixin, WriteRequiredMixin):
    """A page changing one commendation of the scope (404 outside it; viewers are refused)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.commendation = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"commendation": self.commendation}


class CommendationUpdateView(CommendationChildMixin, CommendationFormMixin, FormView):
    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.commendation}

    def form_valid(self, form):
        data = form.service_data()
        ensure_area_in_scope(self.request.user, data["area"] or (data["unit"].commune if data["unit"] else None))
        try:
            commendation_update(commendation=Commendation.objects.get(pk=self.commendation.pk), data=data,
                                user=self.request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved."))
        return HttpResponseRedirect(reverse("commendations:detail", args=[self.commendation.pk]))


class CommendationDeleteView(CommendationChildMixin, DetailView):
    template_name = "commendations/commendation_confirm_delete.html"
    context_object_name = "commendation"

    def get_object(self, queryset=None):
        return self.commendation

    def post(self, request, *args, **kwargs):
        name = self.commendation.recipient_name
        try:
            commendation_delete(commendation=self.commendation)
        except ValidationError as exc:  # e.g. its period is locked by a final report
            self.object = self.commendation
            return self.render_to_response(self.get_context_data(errors=exc.messages))
        messages.success(request, _("The commendation of %(name)s was deleted.") % {"name": name})
        return HttpResponseRedirect(reverse("commendations:list"))


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
