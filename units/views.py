from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from antqcore.forms import ConfirmForm
from antqcore.history import record_history
from antqcore.views import ListPageMixin, ScopedRecordMixin, ScopedViewMixin, ServiceFormView

from . import forms as unit_forms
from .models import FireTeam, GuardForce, Unit
from .selectors import unit_list, zone_list
from .services import (
    fire_team_consolidate,
    fire_team_save,
    guard_force_save,
    unit_create,
    unit_delete,
    unit_update,
)
from .tabs import unit_tabs


class UnitListView(ListPageMixin, ScopedViewMixin, ListView):
    template_name = "units/unit_list.html"
    scope_field = "commune"
    context_object_name = "units"
    sort_fields = {"name": "name", "commune": "commune__name", "district": "commune__parent__name",
                   "zone": "zone__name", "workers": "worker_count", "status": "status"}
    default_sort = "name"

    def get_base_queryset(self):
        self.filter_form = unit_forms.UnitFilterForm(self.request.GET or None, user=self.request.user)
        return unit_list(**self.filter_form.selector_kwargs())

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"filter_form": self.filter_form}


class ScopedUnitMixin(ScopedViewMixin):
    scope_field = "commune"

    def get_base_queryset(self):
        return Unit.objects.alive().select_related("commune__parent", "zone")


class UnitDetailView(ScopedUnitMixin, DetailView):
    template_name = "units/unit_detail.html"
    context_object_name = "unit"

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related(
            Prefetch("guard_forces", queryset=GuardForce.objects.order_by("-year")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        context["fire_team"] = FireTeam.objects.filter(unit=unit).prefetch_related("consolidations").first()
        context["history"] = unit_history(unit)
        user = self.request.user
        context["tabs"] = [
            {"key": tab.key, "label": tab.label, "template": tab.template, "context": tab.context(unit, user)}
            for tab in unit_tabs()
        ]
        return context


def unit_history(unit: Unit) -> list[dict]:
    return record_history(unit, excluded_fields=("version", "deleted_at"), keep_all=True)


class UnitFormMixin:
    form_class = unit_forms.UnitForm
    template_name = "units/unit_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_success_url(self):
        return reverse("units:detail", args=[self.object.pk])


class UnitCreateView(UnitFormMixin, ServiceFormView):
    def perform(self, form):
        return unit_create(data=form.cleaned_data, actor=self.request.user)

    def get_success_message(self):
        return _("Unit “%(name)s” was added.") % {"name": self.object.name}


class UnitChildMixin(ScopedRecordMixin, ScopedUnitMixin):
    """A page writing about one unit of the scope (its record, guard force, fire team): 404 outside the scope."""

    record_name = "unit"


class UnitUpdateView(UnitChildMixin, UnitFormMixin, ServiceFormView):
    success_message = gettext_lazy("Changes saved.")
    conflict_message = gettext_lazy("Someone else saved this unit while you were editing it. Reload the page to see "
                                    "their changes; yours were not saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.unit}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"version": self.unit.version}

    def perform(self, form):
        version = self.request.POST.get("version", "")
        return unit_update(unit=Unit.objects.get(pk=self.unit.pk), data=form.cleaned_data,
                           expected_version=int(version) if version.isdigit() else None, actor=self.request.user)


class UnitDeleteView(UnitChildMixin, ServiceFormView):
    template_name = "units/unit_confirm_delete.html"
    form_class = ConfirmForm

    def perform(self, form):
        unit_delete(unit=self.unit, actor=self.request.user)
        return self.unit

    def get_success_message(self):
        return _("Unit “%(name)s” was removed from the registry.") % {"name": self.unit.name}

    def get_success_url(self):
        return reverse("units:list")


class UnitPartFormView(UnitChildMixin, ServiceFormView):
    """A form about a part of one unit (guard force, fire team), back to its section of the unit's page."""

    success_message = gettext_lazy("Changes saved.")
    anchor = ""

    def get_success_url(self):
        return reverse("units:detail", args=[self.unit.pk]) + self.anchor


class GuardForceView(UnitPartFormView):
    form_class = unit_forms.GuardForceForm
    template_name = "units/guard_force_form.html"
    anchor = "#guards"

    def get_initial(self):
        year = self.request.GET.get("year")
        existing = self.unit.guard_forces.filter(year=year).first() if year and year.isdigit() else None
        if existing:
            return {f: getattr(existing, f) for f in unit_forms.GuardForceForm.Meta.fields}
        return {"year": int(year) if year and year.isdigit() else None}

    def perform(self, form):
        data = dict(form.cleaned_data)
        return guard_force_save(unit=self.unit, year=data.pop("year"), data=data, actor=self.request.user)


class FireTeamView(UnitPartFormView):
    form_class = unit_forms.FireTeamForm
    template_name = "units/fire_team_form.html"
    anchor = "#fire"

    def get_initial(self):
        team = FireTeam.objects.filter(unit=self.unit).first()
        return {"established_on": team.established_on, "members": team.members} if team else {}

    def perform(self, form):
        return fire_team_save(unit=self.unit, actor=self.request.user, **form.cleaned_data)


class FireTeamConsolidateView(UnitPartFormView):
    form_class = unit_forms.FireTeamConsolidationForm
    template_name = "units/fire_team_form.html"
    anchor = "#fire"

    def perform(self, form):
        return fire_team_consolidate(unit=self.unit, actor=self.request.user, **form.cleaned_data)


class ZoneListView(ListPageMixin, ScopedViewMixin, ListView):
    """Industrial zones and clusters of the scope, with their enterprises, workers and investment projects."""

    template_name = "units/zone_list.html"
    scope_field = "area"
    context_object_name = "zones"
    sort_fields = {"name": "name", "kind": "kind", "area": "area__name", "projects": "investment_projects",
                   "enterprises": "enterprises_operating", "workers": "workers"}

    def get_base_queryset(self):
        return zone_list()
