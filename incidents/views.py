"""Web pages of the incident registry. Views gather input and show results: writes are services, reads selectors, and
ScopedViewMixin cuts every queryset to the user's scope."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from antqcore.forms import ConfirmForm
from antqcore.views import ListPageMixin, ScopedRecordMixin, ScopedViewMixin, ServiceFormView
from units.selectors import unit_in_scope

from .forms import IncidentFilterForm, IncidentForm
from .models import Incident
from .selectors import (
    incident_counts_by_type,
    incident_history,
    incident_list,
)
from .services import incident_create, incident_delete, incident_update


class IncidentListView(ListPageMixin, ScopedViewMixin, ListView):
    template_name = "incidents/incident_list.html"
    scope_field = "area"
    context_object_name = "incidents"
    sort_fields = {"date": "occurred_at", "type": ("type__order", "type__name"), "unit": "unit__name",
                   "area": "area__name"}
    default_sort = "-date"

    def get_base_queryset(self):
        self.filter_form = IncidentFilterForm(self.request.GET or None, user=self.request.user)
        return incident_list(**self.filter_form.selector_kwargs())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.filter_form.cleaned_data.get("unit") if self.filter_form.is_bound else None
        return context | {"filter_form": self.filter_form, "unit": unit,
                          "counts": incident_counts_by_type(incidents=self.object_list)}


class ScopedIncidentMixin(ScopedViewMixin):
    scope_field = "area"

    def get_base_queryset(self):
        return Incident.objects.alive().select_related("type", "area__parent", "unit__commune", "created_by")


class IncidentDetailView(ScopedIncidentMixin, DetailView):
    template_name = "incidents/incident_detail.html"
    context_object_name = "incident"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"history": incident_history(self.object)}


class IncidentFormMixin:
    form_class = IncidentForm
    template_name = "incidents/incident_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse("incidents:detail", args=[self.object.pk])


class IncidentCreateView(IncidentFormMixin, ServiceFormView):
    """The quick entry form. `?unit=<id>` (the unit page's link) starts it with the unit chosen."""

    success_message = gettext_lazy("The incident was recorded.")

    def get_initial(self):
        initial = super().get_initial()
        unit = unit_in_scope(user=self.request.user, unit_id=self.request.GET.get("unit", ""))
        if unit is not None:
            initial["unit"] = unit.pk
        return initial

    def perform(self, form):
        return incident_create(data=form.service_data(), actor=self.request.user)


class IncidentChildMixin(ScopedRecordMixin, ScopedIncidentMixin):
    """A page acting on one incident of the scope (404 outside it)."""

    record_name = "incident"


class IncidentUpdateView(IncidentChildMixin, IncidentFormMixin, ServiceFormView):
    # The form gets its own copy of the incident (a ModelForm writes the posted values into its instance) and the
    # service another, fresh from the database: it compares the change with what is stored (a unit kept as it was
    # may lie outside the user's scope).
    success_message = gettext_lazy("Changes saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": Incident.objects.get(pk=self.incident.pk)}

    def perform(self, form):
        return incident_update(incident=Incident.objects.get(pk=self.incident.pk), data=form.service_data(),
                               actor=self.request.user)


class IncidentDeleteView(IncidentChildMixin, ServiceFormView):
    """Refused with the reason above the button, e.g. when its period is locked by a final report."""

    template_name = "incidents/incident_confirm_delete.html"
    form_class = ConfirmForm
    success_message = gettext_lazy("The incident was deleted.")

    def perform(self, form):
        incident_delete(incident=self.incident, actor=self.request.user)
        return self.incident

    def get_success_url(self):
        return reverse("incidents:list")
