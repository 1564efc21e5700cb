"""Web pages of the periodic tallies: the summary (totals and the report's figures for an area and a window), the
entry grid of one body and one period, the list of values, and the Excel pages. Writes go through tally_save, reads
through the selectors; ScopedViewMixin cuts the values list to the user's scope."""

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from antqcore.excel.views import ExcelImportView, export_response, xlsx_response
from antqcore.records import figure_records_url
from antqcore.scoping import area_in_scope, user_can_write
from antqcore.stats import figures_compute, is_more_than
from antqcore.views import ListPageMixin, ScopedViewMixin, ServiceFormView

from .catalogue import figure_specs
from .excel import HEADERS, tallies_export_workbook, tallies_import_commit, tallies_import_preview
from .excel import tallies_template_workbook as template_workbook
from .forms import GridForm, SummaryForm, ValueFilterForm
from .models import IndicatorCategory, ReportingBody
from .periods import period_containing, period_for_type, periods_between
from .selectors import bodies_writable, tally_grid, tally_totals, tally_value_list
from .services import body_ensure_writable, tally_save, value_display

FIRST_PERIOD = datetime.date(2010, 1, 1)  # the grid's period list starts here


class SummaryView(LoginRequiredMixin, TemplateView):
    """Totals per indicator and the report's figures for an area and a window (default: this year)."""

    template_name = "tallies/summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SummaryForm(self.request.GET or None, user=self.request.user)
        context |= {"form": form}
        if not form.is_valid() or form.cleaned_data.get("area") is None:
            return context
        area, start, end = form.cleaned_data["area"], form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        if not area_in_scope(self.request.user, area):
            raise PermissionDenied
        specs = figure_specs()
        figures = figures_compute(area=area, start=start, end=end, keys=[s.key for s in specs])
        labels = dict(IndicatorCategory.choices)
        groups: dict[str, dict] = {}
        for total in tally_totals(area=area, start=start, end=end):
            category = total.indicator.category
            groups.setdefault(category, {"label": labels.get(category, category), "rows": []})["rows"].append(
                {"total": total, "display": value_display(total.total, total.more_than)})
        return context | {
            "area": area, "start": start, "end": end, "groups": list(groups.values()),
            "figures": [{"key": s.key, "label": s.label, "value": figures[s.key],
                         "display": value_display(figures[s.key], is_more_than(figures[s.key])),
                         "url": figure_records_url(s.key, area=area, start=start, end=end)} for s in specs],
        }


class EntryView(ServiceFormView):
    """The grid of one body and one period: `?body=<code>&period=2019-Q3`. One row per indicator of the body's
    data set, with the previous period's value beside this one's. Saved all or nothing by tally_save."""

    template_name = "tallies/entry.html"
    form_class = GridForm

    def dispatch(self, request, *args, **kwargs):
        self.body, self.period, self.groups = None, None, []
        if not request.user.is_authenticated or not user_can_write(request.user):
            return super().dispatch(request, *args, **kwargs)  # to the login page, or refused
        self.bodies = bodies_writable(user=request.user)
        code = request.GET.get("body", "")
        if code:
            self.body = get_object_or_404(ReportingBody.objects.select_related("area"), code=code)
            body_ensure_writable(actor=request.user, body=self.body)
        elif self.bodies:
            self.body = self.bodies[0]
        if self.body is not None:
            self.period = period_for_type(self.body.period_type, request.GET.get("period"), today=timezone.localdate())
            self.groups = tally_grid(body=self.body, area=self.body.area, period=self.period)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.body is None:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"groups": self.groups, "body": self.body, "period": self.period}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs) | {"bodies": self.bodies, "body": self.body}
        if self.body is None:
            return context
        periods = periods_between(self.body.period_type, FIRST_PERIOD, max(timezone.localdate(), self.period.end))
        return context | {"period": self.period, "previous": self.period.previous(), "periods": periods,
                          "groups": self.groups}

    def perform(self, form):
        return tally_save(body=self.body, area=self.body.area, period_type=self.period.type,
                          period_start=self.period.start, values=form.cells, actor=self.request.user)

    def show_service_errors(self, form, exc):
        form.add_rule_errors(exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages})

    def get_success_message(self):
        return _("The figures of %(body)s for %(period)s were saved.") % {"body": self.body.name,
                                                                          "period": self.period.label}

    def get_success_url(self):
        return entry_url(self.body, self.period.key)


def entry_url(body: ReportingBody, period_key: str) -> str:
    return reverse("tallies:entry") + "?" + urlencode({"body": body.code, "period": period_key})


class ValueListView(ListPageMixin, ScopedViewMixin, ListView):
    template_name = "tallies/value_list.html"
    scope_field = "area"
    context_object_name = "values"
    sort_fields = {"period": ("period_end", "period_start"), "body": "body__name", "indicator": "indicator__name",
                   "area": "area__name", "value": "value", "updated": "updated_at"}
    default_sort = "-period"

    def get_base_queryset(self):
        self.filter_form = ValueFilterForm(self.request.GET or None)
        return tally_value_list(**self.filter_form.selector_kwargs()).select_related("entered_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A value links to its grid only for those who may enter the body's figures (the grid refuses the others).
        writable = {body.pk for body in bodies_writable(user=self.request.user)}
        for value in context["values"]:
            value.period = period_containing(value.period_type, value.period_start)
            value.display = value_display(value.value, value.more_than)
            value.entry_url = entry_url(value.body, value.period.key) if value.body_id in writable else ""
        return context | {"filter_form": self.filter_form}


class ExportView(ScopedViewMixin, View):
    """The values as filtered on the list, in the import's format (an exported sheet imports back unchanged)."""

    scope_field = "area"

    def get_base_queryset(self):
        return tally_value_list(**ValueFilterForm(self.request.GET or None).selector_kwargs())

    def get(self, request):
        return export_response(request, queryset=self.get_queryset(), write=tallies_export_workbook,
                               export="tallies", filename=f"so-lieu-phong-trao-{timezone.localdate():%Y-%m-%d}.xlsx")


class TemplateDownloadView(LoginRequiredMixin, View):
    def get(self, request):
        return xlsx_response(template_workbook(), "mau-nhap-so-lieu-phong-trao.xlsx")


class ImportView(ExcelImportView):
    preview = staticmethod(tallies_import_preview)
    commit_rows = staticmethod(tallies_import_commit)
    headers = HEADERS
    upload_template = "tallies/import.html"
    session_key = "tallies_import_file"
    success_url = "tallies:values"
    upload_url = "tallies:import"
    success_message = gettext_lazy("Imported %(n)s values.")
    asks_change_reason = True
