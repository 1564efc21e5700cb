"""Excel pages of the incident registry: the template, the export of the filtered list, and the import (the shared
upload → preview → commit page of antqcore/excel/views.py, with the incidents' sheet)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from antqcore.excel.views import ExcelImportView, export_response, xlsx_response
from antqcore.views import ScopedViewMixin

from .excel import (
    HEADERS,
    incidents_export_workbook,
    incidents_import_commit,
    incidents_import_preview,
    incidents_template_workbook,
)
from .forms import IncidentFilterForm
from .selectors import incident_list


class TemplateDownloadView(LoginRequiredMixin, View):
    def get(self, request):
        return xlsx_response(incidents_template_workbook(), "mau-nhap-vu-viec.xlsx")


class ExportView(ScopedViewMixin, View):
    """The incident list as filtered on screen; ScopedViewMixin cuts it to the user's area."""

    scope_field = "area"

    def get_base_queryset(self):
        return incident_list(**IncidentFilterForm(self.request.GET or None, user=self.request.user).selector_kwargs())

    def get(self, request):
        return export_response(request, queryset=self.get_queryset(), write=incidents_export_workbook,
                               export="incidents", filename=f"vu-viec-{timezone.localdate():%Y-%m-%d}.xlsx")


class ImportView(ExcelImportView):
    preview = staticmethod(incidents_import_preview)
    commit_rows = staticmethod(incidents_import_commit)
    headers = HEADERS
    upload_template = "incidents/import.html"
    session_key = "incidents_import_file"
    success_url = "incidents:list"
    upload_url = "incidents:import"
    success_message = _("Imported %(n)s incidents.")
    asks_change_reason = True
